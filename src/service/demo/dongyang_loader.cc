#include "service/demo/dongyang_loader.h"

#include <sodium.h>

#include "service/demo/dongyang_dataset.h"
#include "store/area_store.h"
#include "store/patrol_store.h"

namespace wangge::demo {

namespace {
using service::Actor;

std::string TeamRole(const std::string& role) {
  if (role == "worker") return "community_worker";
  if (role == "patrol") return "patrol_member";
  return role;  // leader, group_leader, volunteer
}

std::string HouseholdKind(const House& h) {
  if (h.use == "shop_residence") return "merchant";
  if (h.use == "rental") return "rental";
  return "registered";
}

// A random password that meets the policy; printed once, never stored.
std::string DemoPassword() {
  static constexpr char kLower[] = "abcdefghijkmnpqrstuvwxyz";
  static constexpr char kDigits[] = "23456789";
  std::string p = "Dy";
  for (int i = 0; i < 6; ++i)
    p += kLower[randombytes_uniform(sizeof kLower - 1)];
  p += '-';
  for (int i = 0; i < 4; ++i)
    p += kDigits[randombytes_uniform(sizeof kDigits - 1)];
  return p;
}

int64_t SeqOf(const std::string& code, const std::string& parent_code) {
  return std::stoll(code.substr(parent_code.size()));
}
}  // namespace

Result<LoadSummary> LoadDongyang(store::Database& db, const Clock& clock,
                                 service::AreaService& areas,
                                 service::RegistryService& registry,
                                 service::AuthService& auth,
                                 const service::AuditService& audit,
                                 uint64_t seed) {
  const DongyangDataset data = GenerateDongyang(seed);
  const Actor cli = Actor::Cli();
  LoadSummary sum;
  std::vector<std::string> grid_codes;
  WG_TRY(db.Write([&](store::Connection& c) -> Status {
    WG_ASSIGN(int64_t existing, c.QueryInt("SELECT COUNT(*) FROM areas"));
    if (existing > 0)
      return Conflict("demo.not_empty",
                      "the database already holds areas; load the demo into "
                      "an empty data directory");
    const auto& a = data.area;
    WG_ASSIGN(auto district, areas.CreateArea(c, cli,
                                              {"district", "", a.district_name,
                                               a.district_code, 1, "basic"}));
    WG_ASSIGN(auto street,
              areas.CreateArea(c, cli,
                               {"street", district.code, a.street_name, "",
                                SeqOf(a.street_code, district.code), "basic"}));
    WG_ASSIGN(
        auto community,
        areas.CreateArea(c, cli,
                         {"community", street.code, a.community_name, "",
                          SeqOf(a.community_code, street.code), "basic"}));
    std::vector<int64_t> grid_ids;
    for (const auto& g : data.grids) {
      WG_ASSIGN(auto grid, areas.CreateArea(c, cli,
                                            {"grid", community.code, g.name, "",
                                             std::stoll(g.sequence), "basic"}));
      grid_ids.push_back(grid.id);
      grid_codes.push_back(grid.code);
      for (const auto& m : g.team) {
        WG_TRY(areas.AddTeamMember(
            c, cli,
            {grid.id, TeamRole(m.role), m.person.name, m.person.phone, ""}));
      }
      ++sum.grids;
    }
    const Millis now = clock.Now();
    for (size_t i = 0; i < data.village_groups.size(); ++i) {
      const auto& vg = data.village_groups[i];
      char code[8];
      std::snprintf(code, sizeof code, "V%02zu", i + 1);
      WG_TRY(store::AreaStore::InsertVillageGroup(
          c,
          {0, community.id, grid_ids.at(vg.grid_index), community.code + code,
           vg.name, vg.population, vg.households},
          now));
      ++sum.village_groups;
    }
    // Households, their houses and residents.
    std::vector<int64_t> household_ids;
    std::vector<std::vector<int64_t>> resident_ids;
    std::vector<int> per_grid(data.grids.size(), 0);
    for (const auto& h : data.households) {
      const auto& head = h.residents.at(h.head_resident_index).person;
      service::HouseholdInput in;
      in.grid_id = grid_ids.at(h.grid_index);
      char no[32];
      std::snprintf(no, sizeof no, "%s-%04d", grid_codes[h.grid_index].c_str(),
                    ++per_grid[h.grid_index]);
      in.household_no = no;
      in.head_name = head.name;
      in.kind = HouseholdKind(h.house);
      in.phone = head.phone;
      in.address = {h.address.estate, h.address.building,  h.address.unit,
                    h.address.room,   h.address.point.lon, h.address.point.lat};
      service::HouseInput house;
      house.use = h.house.use;
      house.structure = h.house.structure;
      house.floor_area = h.house.floor_area_m2;
      house.is_rental = h.house.rental;
      house.landlord_name = h.house.landlord.name;
      house.landlord_phone = h.house.landlord.phone;
      house.lease_filing_no = h.house.lease_filing_number;
      if (h.house.rental) {
        house.rooms_let = h.house.rooms_let;
        house.max_occupants = h.house.max_occupants;
      }
      house.hidden_danger = h.house.hidden_danger;
      house.pledge_signed = h.house.pledge_signed;
      WG_ASSIGN(auto household, registry.CreateHouseholdIn(
                                    c, cli, in, house, service::Audit::kNo));
      household_ids.push_back(household.id);
      resident_ids.emplace_back();
      for (const auto& r : h.residents) {
        service::ResidentInput ri;
        ri.household_id = household.id;
        ri.name = r.person.name;
        ri.gender = std::string(1, r.person.gender);
        ri.birth_date = r.person.birth_date;
        ri.id_card = r.person.id_card;
        ri.phone = r.person.phone;
        ri.category = r.category;
        ri.hukou_status = r.household_status;
        ri.relation = r.relation;
        ri.nationality = r.person.nationality;
        ri.passport = r.person.passport_number;
        ri.origin = r.person.origin_place;
        if (r.category != "registered") {
          ri.arrival_date = r.arrival.arrival_date;
          ri.reason = r.arrival.reason;
          ri.expected_stay_months = r.arrival.expected_stay_months;
          ri.registration_deadline = r.arrival.registration_deadline;
          ri.registered_on = r.arrival.registered_date;
        }
        for (const auto& t : r.care_tags) {
          std::string detail;
          if (t == "disabled")
            detail = r.disability_type + " " +
                     std::to_string(r.disability_grade) + "级";
          ri.tags.push_back({t, detail});
        }
        for (const auto& t : r.key_tags) ri.tags.push_back({t, ""});
        WG_ASSIGN(int64_t id,
                  registry.CreateResidentIn(c, cli, ri, service::Audit::kNo));
        resident_ids.back().push_back(id);
        ++sum.residents;
      }
      ++sum.households;
    }
    for (const auto& u : data.units) {
      service::UnitInput in;
      in.grid_id = grid_ids.at(u.grid_index);
      if (u.household_index >= 0)
        in.household_id = household_ids.at(u.household_index);
      in.name = u.name;
      in.kind = u.kind;
      in.business = u.business;
      in.contact_name = u.contact.name;
      in.contact_phone = u.contact.phone;
      in.license_no = u.licence_number;
      in.employees = u.employees;
      in.address = {u.address.estate, u.address.building,  u.address.unit,
                    u.address.room,   u.address.point.lon, u.address.point.lat};
      WG_TRY(registry.CreateUnitIn(c, cli, in, service::Audit::kNo));
      ++sum.units;
      if (u.kind == "outside_merchant") ++sum.outside_merchants;
    }
    for (const auto& t : data.patrol_teams) {
      WG_ASSIGN(int64_t team_id,
                store::PatrolStore::InsertTeam(
                    c, {0, community.id, t.name, t.kind, 0, ""}, now));
      for (size_t i = 0; i < t.members.size(); ++i) {
        const auto& p = t.members[i].person;
        std::optional<int64_t> resident;
        if (p.household_index >= 0 && p.resident_index >= 0)
          resident = resident_ids.at(p.household_index).at(p.resident_index);
        WG_TRY(store::PatrolStore::InsertMember(
            c,
            {0, team_id, p.name, p.phone, resident,
             static_cast<int>(i) == t.leader_index},
            now));
        ++sum.patrol_members;
      }
      ++sum.patrol_teams;
    }
    return audit.Record(
        c, cli, "demo.load", {"community", community.code},
        {{"households", sum.households}, {"residents", sum.residents}});
  }));

  // Accounts after the data, each in its own transaction (argon2 is slow).
  const auto& a = data.area;
  struct Plan {
    const char* username;
    const char* role;
    std::string scope;
    std::string scope_label;
  };
  const std::vector<Plan> plans = {
      {"admin", "system_admin", "", "系统管理员 · 全部"},
      {"security", "security_admin", "", "安全管理员 · 全部"},
      {"auditor", "auditor", "", "审计员 · 全部"},
      {"street", "street_leader", a.street_code, a.street_name},
      {"dongyang", "community_leader", a.community_code, a.community_name},
      {"grid01", "grid_staff", grid_codes.at(0), data.grids.at(0).name},
      {"grid02", "grid_staff", grid_codes.at(1), data.grids.at(1).name},
      {"patrol", "patrol_member", "", "巡逻队员"},
  };
  for (const auto& p : plans) {
    service::NewUser u;
    u.username = p.username;
    u.password = DemoPassword();
    u.role = p.role;
    if (!p.scope.empty()) u.area_codes = {p.scope};
    WG_TRY(auth.CreateUser(cli, u));
    sum.accounts.push_back(
        {u.username, u.password, u.role,
         p.scope.empty() ? p.scope_label : p.scope + " " + p.scope_label});
  }
  return sum;
}

}  // namespace wangge::demo
