// The Dongyang demo community: GenerateDongyang() runs the Builder's stages
// (see dongyang_builder.h); also the address line, counts and the summary.
#include "service/demo/dongyang_dataset.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>

#include "core/clock.h"
#include "service/demo/dongyang_builder.h"

namespace wangge::demo {
namespace internal {

DongyangDataset Builder::Build() {
  d_.seed = options_.seed;
  d_.as_of_date = FormatDate(options_.as_of_days);
  BuildArea();
  BuildLattice();
  BuildVillageGroups();
  BuildHouseholds();
  AddForeignResidents();
  TagCareGroups();
  TagKeyPersons();
  BuildGrids();
  BuildStaffAndLeaders();
  BuildUnits();
  NumberStreets();
  BuildPatrols();
  return std::move(d_);
}

}  // namespace internal

std::string FullAddress(const Address& address) {
  return address.estate + address.building + address.unit + address.room;
}

int DongyangDataset::ResidentCount() const {
  int n = 0;
  for (const Household& h : households)
    n += static_cast<int>(h.residents.size());
  return n;
}

DongyangDataset GenerateDongyang(const DongyangOptions& options) {
  return internal::Builder(options).Build();
}

DongyangDataset GenerateDongyang(uint64_t seed) {
  return GenerateDongyang(DongyangOptions{.seed = seed});
}

std::string SummarizeDongyang(const DongyangDataset& d) {
  std::map<std::string, int> categories, statuses, care, key, uses, units,
      dangers;
  int floating_unregistered = 0, floating_overdue = 0;
  for (const Household& h : d.households) {
    ++uses[h.house.use];
    if (h.house.rental) ++dangers[h.house.hidden_danger];
    for (const Resident& r : h.residents) {
      ++categories[r.category];
      ++statuses[r.household_status];
      for (const auto& t : r.care_tags) ++care[t];
      for (const auto& t : r.key_tags) ++key[t];
      if (r.category == "floating" && !r.arrival.registered) {
        ++floating_unregistered;
        floating_overdue += r.arrival.registration_deadline < d.as_of_date;
      }
    }
  }
  for (const Unit& u : d.units) ++units[u.kind];
  std::string out;
  auto line = [&](const std::string& label,
                  const std::map<std::string, int>& m) {
    out += label + ":";
    for (const auto& [k, v] : m) out += " " + k + "=" + std::to_string(v);
    out += "\n";
  };
  out += d.area.community_name + " (" + d.area.community_code + "), seed " +
         std::to_string(d.seed) + ", as of " + d.as_of_date + "\n";
  char buf[160];
  std::snprintf(buf, sizeof buf,
                "area %.2f km2, %zu village groups, %zu grids, %zu households, "
                "%d residents\n",
                d.area.area_km2, d.village_groups.size(), d.grids.size(),
                d.households.size(), d.ResidentCount());
  out += buf;
  line("houses by use", uses);
  line("rental hidden danger", dangers);
  line("residents by category", categories);
  line("residents by household status", statuses);
  out += "floating not registered: " + std::to_string(floating_unregistered) +
         " (overdue " + std::to_string(floating_overdue) + ")\n";
  line("care tags", care);
  line("key tags", key);
  line("units by kind", units);
  for (const PatrolTeam& t : d.patrol_teams)
    out += "patrol " + t.name + " (" + t.kind +
           "): " + std::to_string(t.members.size()) + " members, leader " +
           t.members[t.leader_index].person.name + "\n";
  double mean = 0;
  for (const Grid& g : d.grids) mean += g.population;
  mean /= std::max<size_t>(1, d.grids.size());
  double lo = 0, hi = 0;
  for (const Grid& g : d.grids) {
    const double dev = (g.population - mean) / mean * 100;
    lo = std::min(lo, dev);
    hi = std::max(hi, dev);
    std::snprintf(buf, sizeof buf,
                  "  %s %s: %zu groups, %d households, %d people (%+.1f%%), "
                  "leader %s, worker %s, group leader %s, team %zu\n",
                  g.sequence.c_str(), g.name.c_str(),
                  g.village_group_indices.size(), g.households, g.population,
                  dev, g.team[0].person.name.c_str(),
                  g.team[1].person.name.c_str(), g.team[2].person.name.c_str(),
                  g.team.size());
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "grid population mean %.1f, deviation %+.1f%% .. %+.1f%%\n",
                mean, lo, hi);
  out += buf;
  return out;
}

}  // namespace wangge::demo
