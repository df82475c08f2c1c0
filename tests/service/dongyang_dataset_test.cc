#include "service/demo/dongyang_dataset.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_set>

#include "core/clock.h"
#include "core/id_card.h"
#include "service/demo/people_generator.h"

namespace wangge::demo {
namespace {

// Generating once keeps the suite fast; every test reads the same dataset.
const DongyangDataset& Dataset() {
  static const DongyangDataset* const dataset =
      new DongyangDataset(GenerateDongyang(2008));
  return *dataset;
}

double Cross(const LonLat& o, const LonLat& a, const LonLat& b) {
  return (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);
}

// Twice the signed area; positive for a counter-clockwise ring.
double SignedArea2(const Ring& ring) {
  double sum = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    sum += ring[i].lon * ring[i + 1].lat - ring[i + 1].lon * ring[i].lat;
  return sum;
}

// True when p lies inside the closed ring and on none of its edges.
bool StrictlyInside(const LonLat& p, const Ring& ring) {
  bool inside = false;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    const LonLat& a = ring[i];
    const LonLat& b = ring[i + 1];
    if (Cross(a, b, p) == 0 && std::min(a.lon, b.lon) <= p.lon &&
        p.lon <= std::max(a.lon, b.lon) && std::min(a.lat, b.lat) <= p.lat &&
        p.lat <= std::max(a.lat, b.lat))
      return false;  // On the edge.
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lon < a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat))
      inside = !inside;
  }
  return inside;
}

using Edge = std::pair<std::pair<double, double>, std::pair<double, double>>;

std::multiset<Edge> Edges(const Ring& ring) {
  std::multiset<Edge> edges;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    edges.insert(
        {{ring[i].lon, ring[i].lat}, {ring[i + 1].lon, ring[i + 1].lat}});
  return edges;
}

// Rings tile `outline` exactly when every edge is either run the other way
// by exactly one other ring or lies on the outline, and the areas add up.
void ExpectTiling(const std::vector<const Ring*>& rings, const Ring& outline) {
  const std::multiset<Edge> boundary = Edges(outline);
  std::multiset<Edge> all;
  double area = 0;
  for (const Ring* ring : rings) {
    for (const Edge& e : Edges(*ring)) all.insert(e);
    area += SignedArea2(*ring);
  }
  for (const Edge& e : all) {
    const Edge reversed{e.second, e.first};
    const size_t shared = all.count(reversed);
    const size_t outer = boundary.count(e);
    EXPECT_EQ(shared + outer, 1u)
        << "edge from " << e.first.first << "," << e.first.second;
  }
  EXPECT_NEAR(area, SignedArea2(outline), 1e-12);
}

TEST(DongyangDatasetTest, SameSeedGivesEqualData) {
  const DongyangDataset again = GenerateDongyang(2008);
  EXPECT_TRUE(again == Dataset());
  const DongyangDataset other = GenerateDongyang(2009);
  EXPECT_FALSE(other == Dataset());
}

TEST(DongyangDatasetTest, AreaCodesNest) {
  const AreaInfo& area = Dataset().area;
  EXPECT_EQ(area.district_code, "320115");
  EXPECT_EQ(area.street_code, "320115003");
  EXPECT_EQ(area.community_code, "320115003012");
  EXPECT_EQ(area.community_name, "东阳社区");
  EXPECT_GT(area.area_km2, 9.5);
  EXPECT_LT(area.area_km2, 10.8);
  for (size_t i = 0; i < Dataset().grids.size(); ++i) {
    const Grid& grid = Dataset().grids[i];
    EXPECT_EQ(grid.code, area.community_code + grid.sequence);
    EXPECT_EQ(std::stoi(grid.sequence), static_cast<int>(i) + 1);
    EXPECT_EQ(grid.sequence.size(), 2u);
  }
}

TEST(DongyangDatasetTest, Counts) {
  const DongyangDataset& d = Dataset();
  EXPECT_EQ(d.grids.size(), 12u);
  EXPECT_GE(d.village_groups.size(), 24u);
  EXPECT_LE(d.village_groups.size(), 30u);
  EXPECT_GE(d.households.size(), 2850u);
  EXPECT_LE(d.households.size(), 3150u);
  EXPECT_GE(d.ResidentCount(), 8550);
  EXPECT_LE(d.ResidentCount(), 9450);
  std::map<std::string, int> units;
  for (const Unit& u : d.units) ++units[u.kind];
  EXPECT_EQ(units["outside_merchant"], 128);
  EXPECT_GE(units["shop"], 1);
  EXPECT_GE(units["company"], 1);
  EXPECT_GE(units["school"], 1);
  EXPECT_GE(units["key_place"], 1);
  EXPECT_GE(d.units.size() - 128, 15u);
  EXPECT_LE(d.units.size() - 128, 25u);
}

TEST(DongyangDatasetTest, RingsAreClosedCounterClockwiseAndTile) {
  const DongyangDataset& d = Dataset();
  std::vector<const Ring*> groups, grids;
  for (const VillageGroup& g : d.village_groups) {
    ASSERT_GE(g.ring.size(), 4u);
    EXPECT_EQ(g.ring.front(), g.ring.back()) << g.name;
    EXPECT_GT(SignedArea2(g.ring), 0) << g.name;
    groups.push_back(&g.ring);
  }
  for (const Grid& g : d.grids) {
    EXPECT_EQ(g.ring.front(), g.ring.back()) << g.name;
    EXPECT_GT(SignedArea2(g.ring), 0) << g.name;
    grids.push_back(&g.ring);
  }
  EXPECT_EQ(d.area.boundary.front(), d.area.boundary.back());
  ExpectTiling(groups, d.area.boundary);
  ExpectTiling(grids, d.area.boundary);
  // Each grid's ring is exactly the outline of its village groups.
  for (const Grid& grid : d.grids) {
    std::vector<const Ring*> own;
    for (int g : grid.village_group_indices)
      own.push_back(&d.village_groups[g].ring);
    ExpectTiling(own, grid.ring);
  }
}

TEST(DongyangDatasetTest, GridsAreWholeGroupsWithConsistentTotals) {
  const DongyangDataset& d = Dataset();
  std::vector<int> households(d.village_groups.size()),
      population(d.village_groups.size());
  for (const Household& h : d.households) {
    ASSERT_GE(h.village_group_index, 0);
    ASSERT_GE(h.grid_index, 0);
    ASSERT_LT(h.grid_index, 12);
    EXPECT_EQ(h.grid_index, d.village_groups[h.village_group_index].grid_index);
    ++households[h.village_group_index];
    population[h.village_group_index] += static_cast<int>(h.residents.size());
  }
  int group_population = 0, grid_population = 0;
  std::set<int> seen;
  for (size_t g = 0; g < d.village_groups.size(); ++g) {
    EXPECT_EQ(d.village_groups[g].households, households[g]);
    EXPECT_EQ(d.village_groups[g].population, population[g]);
    group_population += population[g];
  }
  for (size_t i = 0; i < d.grids.size(); ++i) {
    const Grid& grid = d.grids[i];
    int sum = 0, count = 0;
    for (int g : grid.village_group_indices) {
      EXPECT_TRUE(seen.insert(g).second) << "group in two grids";
      EXPECT_EQ(d.village_groups[g].grid_index, static_cast<int>(i));
      sum += d.village_groups[g].population;
      count += d.village_groups[g].households;
    }
    EXPECT_EQ(grid.population, sum);
    EXPECT_EQ(grid.households, count);
    grid_population += grid.population;
  }
  EXPECT_EQ(seen.size(), d.village_groups.size());
  EXPECT_EQ(grid_population, group_population);
  EXPECT_EQ(group_population, d.ResidentCount());
}

TEST(DongyangDatasetTest, HouseholdPointsLieStrictlyInsideTheirGrid) {
  const DongyangDataset& d = Dataset();
  for (size_t i = 0; i < d.households.size(); ++i) {
    const Household& h = d.households[i];
    EXPECT_TRUE(StrictlyInside(h.address.point, d.grids[h.grid_index].ring))
        << i << " " << FullAddress(h.address);
    EXPECT_TRUE(StrictlyInside(h.address.point,
                               d.village_groups[h.village_group_index].ring));
  }
  for (const Unit& u : d.units)
    EXPECT_TRUE(StrictlyInside(u.address.point, d.grids[u.grid_index].ring))
        << u.name;
}

TEST(DongyangDatasetTest, AddressesAreStandardAndUnique) {
  std::set<std::string> seen;
  for (const Household& h : Dataset().households) {
    const Address& a = h.address;
    EXPECT_FALSE(a.estate.empty());
    EXPECT_FALSE(a.building.empty());
    EXPECT_EQ(a.unit.empty(), a.room.empty());
    EXPECT_TRUE(seen.insert(FullAddress(a)).second) << FullAddress(a);
  }
}

TEST(DongyangDatasetTest, IdNumbersValidateAndMatchThePerson) {
  std::unordered_set<std::string> ids;
  int foreign = 0;
  for (const Household& h : Dataset().households)
    for (const Resident& r : h.residents) {
      const GeneratedPerson& p = r.person;
      EXPECT_FALSE(p.name.empty());
      if (r.category == "foreign") {
        ++foreign;
        EXPECT_TRUE(p.id_card.empty());
        EXPECT_FALSE(p.nationality.empty());
        EXPECT_FALSE(p.passport_number.empty());
        continue;
      }
      auto info = ValidateIdCard(p.id_card);
      ASSERT_TRUE(info.has_value()) << p.name << " " << p.id_card;
      EXPECT_EQ(info->birth_date, p.birth_date);
      EXPECT_EQ(info->gender, p.gender);
      EXPECT_EQ(p.id_card.substr(0, 6), p.origin_region_code);
      ASSERT_NE(FindRegion(p.origin_region_code), nullptr);
      EXPECT_FALSE(p.origin_place.empty());
      EXPECT_TRUE(ids.insert(p.id_card).second) << "duplicate " << p.id_card;
      if (!p.phone.empty()) {
        EXPECT_EQ(p.phone.size(), 11u);
      }
      if (p.age < 14) {
        EXPECT_TRUE(p.phone.empty());
      }
    }
  EXPECT_GE(foreign, 3);
  EXPECT_LE(foreign, 10);
}

TEST(DongyangDatasetTest, ResidentCodesAreFromTheVocabulary) {
  const std::set<std::string> categories = {"registered", "floating",
                                            "foreign"};
  const std::set<std::string> statuses = {"together", "household_only",
                                          "person_only"};
  const std::set<std::string> relations = {"head",   "spouse",     "child",
                                           "parent", "grandchild", "sibling",
                                           "other",  "tenant"};
  const std::set<std::string> care = {"elderly_alone",      "empty_nest",
                                      "disabled",           "low_income",
                                      "left_behind_child",  "left_behind_woman",
                                      "left_behind_elderly"};
  const std::set<std::string> key = {"community_correction",
                                     "released_prisoner", "mental_disorder",
                                     "drug_user"};
  std::map<std::string, int> care_count, key_count;
  for (const Household& h : Dataset().households) {
    ASSERT_FALSE(h.residents.empty());
    ASSERT_LT(h.head_resident_index, static_cast<int>(h.residents.size()));
    for (const Resident& r : h.residents) {
      EXPECT_TRUE(categories.contains(r.category)) << r.category;
      EXPECT_TRUE(statuses.contains(r.household_status));
      EXPECT_TRUE(relations.contains(r.relation)) << r.relation;
      if (r.category == "registered") {
        EXPECT_NE(r.household_status, "person_only");
      } else {
        EXPECT_EQ(r.household_status, "person_only");
      }
      for (const auto& t : r.care_tags) {
        EXPECT_TRUE(care.contains(t)) << t;
        ++care_count[t];
      }
      for (const auto& t : r.key_tags) {
        EXPECT_TRUE(key.contains(t)) << t;
        ++key_count[t];
      }
      const bool disabled = std::find(r.care_tags.begin(), r.care_tags.end(),
                                      "disabled") != r.care_tags.end();
      EXPECT_EQ(disabled, r.disability_grade >= 1 && r.disability_grade <= 4);
      EXPECT_EQ(disabled, !r.disability_type.empty());
    }
  }
  for (const auto& t : care) EXPECT_GT(care_count[t], 0) << t;
  int key_total = 0;
  for (const auto& t : key) {
    EXPECT_GT(key_count[t], 0) << t;
    key_total += key_count[t];
  }
  EXPECT_GE(key_total, 20);
  EXPECT_LE(key_total, 60);
}

TEST(DongyangDatasetTest, FloatingResidentsCarryArrivalFacts) {
  const std::set<std::string> reasons = {"work", "business", "family", "study",
                                         "other"};
  int floating = 0, registered = 0;
  for (const Household& h : Dataset().households)
    for (const Resident& r : h.residents) {
      if (r.category == "registered") continue;
      const Arrival& a = r.arrival;
      int64_t arrival = 0, deadline = 0, birth = 0, as_of = 0;
      ASSERT_TRUE(ParseDate(a.arrival_date, &arrival)) << r.person.name;
      ASSERT_TRUE(ParseDate(a.registration_deadline, &deadline));
      ASSERT_TRUE(ParseDate(r.person.birth_date, &birth));
      ASSERT_TRUE(ParseDate(Dataset().as_of_date, &as_of));
      EXPECT_EQ(deadline - arrival, r.category == "floating" ? 3 : 1);
      EXPECT_GE(arrival, birth);
      EXPECT_LE(arrival, as_of);
      EXPECT_TRUE(reasons.contains(a.reason)) << a.reason;
      EXPECT_GT(a.expected_stay_months, 0);
      EXPECT_FALSE(r.person.origin_place.empty());
      EXPECT_EQ(a.registered, !a.registered_date.empty());
      if (r.category == "floating") {
        ++floating;
        registered += a.registered;
        EXPECT_FALSE(r.person.origin_region_code.empty());
      }
    }
  EXPECT_GT(floating, 2000);
  EXPECT_GT(registered, floating * 8 / 10);
  EXPECT_LT(registered, floating);  // Some are overdue.
}

TEST(DongyangDatasetTest, HousesAndRentals) {
  const std::set<std::string> uses = {"own", "rental", "shop_residence",
                                      "vacant"};
  const std::set<std::string> structures = {"frame", "brick_concrete",
                                            "brick_wood", "simple"};
  const std::set<std::string> dangers = {"safe", "general", "serious"};
  const DongyangDataset& d = Dataset();
  int rentals = 0, safe = 0;
  for (const Household& h : d.households) {
    const House& house = h.house;
    EXPECT_TRUE(uses.contains(house.use));
    EXPECT_TRUE(structures.contains(house.structure));
    EXPECT_TRUE(dangers.contains(house.hidden_danger));
    EXPECT_GT(house.floor_area_m2, 0);
    EXPECT_EQ(house.rental,
              house.use == "rental" || house.use == "shop_residence");
    if (house.use == "rental") {
      ++rentals;
      for (const Resident& r : h.residents) EXPECT_EQ(r.relation, "tenant");
    }
    if (house.use == "vacant") {
      for (const Resident& r : h.residents)
        EXPECT_EQ(r.household_status, "household_only");
    }
    if (!house.rental) continue;
    safe += house.hidden_danger == "safe";
    EXPECT_FALSE(house.landlord.name.empty());
    EXPECT_EQ(house.landlord.phone.size(), 11u);
    EXPECT_GT(house.rooms_let, 0);
    EXPECT_GT(house.max_occupants, 0);
    if (house.landlord.household_index >= 0) {
      const Household& owner = d.households[house.landlord.household_index];
      EXPECT_EQ(owner.village_group_index, h.village_group_index);
      EXPECT_EQ(owner.residents[house.landlord.resident_index].person.name,
                house.landlord.name);
    }
  }
  EXPECT_GE(rentals * 100, static_cast<int>(d.households.size()) * 30);
  EXPECT_GT(safe * 10, rentals * 7);  // Mostly safe.
}

TEST(DongyangDatasetTest, OutsideMerchantsLiveInTheirShops) {
  const DongyangDataset& d = Dataset();
  std::set<std::string> licences;
  for (const Unit& u : d.units) {
    EXPECT_EQ(u.licence_number.size(), 18u);
    EXPECT_TRUE(licences.insert(u.licence_number).second);
    EXPECT_FALSE(u.contact.name.empty());
    EXPECT_FALSE(u.contact.phone.empty());
    EXPECT_GT(u.employees, 0);
    ASSERT_GE(u.grid_index, 0);
    if (u.kind != "outside_merchant") continue;
    ASSERT_GE(u.household_index, 0);
    const Household& h = d.households[u.household_index];
    EXPECT_EQ(h.house.use, "shop_residence");
    EXPECT_EQ(h.grid_index, u.grid_index);
    EXPECT_EQ(u.address, h.address);
    EXPECT_EQ(u.contact.household_index, u.household_index);
    const Resident& owner = h.residents[u.contact.resident_index];
    EXPECT_EQ(owner.category, "floating");
    EXPECT_EQ(owner.person.name, u.contact.name);
    EXPECT_NE(u.name.find(owner.person.surname + "记"), std::string::npos)
        << u.name;
  }
}

// A resident reference must name the resident it points at.
void ExpectRefMatches(const PersonRef& ref) {
  ASSERT_FALSE(ref.name.empty());
  if (ref.household_index < 0) return;
  const Household& h = Dataset().households.at(ref.household_index);
  EXPECT_EQ(h.residents.at(ref.resident_index).person.name, ref.name);
}

TEST(DongyangDatasetTest, EveryGridHasItsTeam) {
  const DongyangDataset& d = Dataset();
  for (size_t i = 0; i < d.grids.size(); ++i) {
    const Grid& grid = d.grids[i];
    ASSERT_GE(grid.team.size(), 4u) << grid.name;
    ASSERT_LE(grid.team.size(), 6u) << grid.name;
    EXPECT_EQ(grid.team[0].role, "leader");
    EXPECT_EQ(d.staff.at(grid.team[0].staff_index).role, "leader");
    EXPECT_EQ(grid.team[1].role, "worker");
    EXPECT_EQ(d.staff.at(grid.team[1].staff_index).role, "worker");
    EXPECT_EQ(grid.team[2].role, "group_leader");
    const PersonRef& group_leader = grid.team[2].person;
    ASSERT_GE(group_leader.household_index, 0);
    EXPECT_EQ(d.households[group_leader.household_index].grid_index,
              static_cast<int>(i));
    for (size_t k = 0; k < grid.team.size(); ++k) {
      ExpectRefMatches(grid.team[k].person);
      EXPECT_FALSE(grid.team[k].person.phone.empty());
      if (k >= 3) {
        EXPECT_TRUE(grid.team[k].role == "volunteer" ||
                    grid.team[k].role == "patrol");
        EXPECT_EQ(d.households[grid.team[k].person.household_index].grid_index,
                  static_cast<int>(i));
      }
    }
  }
  for (const VillageGroup& g : d.village_groups)
    ExpectRefMatches(g.group_leader);
}

TEST(DongyangDatasetTest, PatrolTeams) {
  const DongyangDataset& d = Dataset();
  ASSERT_EQ(d.patrol_teams.size(), 3u);
  const PatrolTeam& sunset = d.patrol_teams[0];
  EXPECT_EQ(sunset.kind, "volunteer");
  EXPECT_EQ(sunset.name, "夕阳红巡逻队");
  EXPECT_GE(sunset.members.size(), 500u);
  EXPECT_LE(sunset.members.size(), 560u);
  const PatrolTeam& night = d.patrol_teams[1];
  EXPECT_EQ(night.kind, "night");
  EXPECT_EQ(night.members.size(), 9u);
  const PatrolTeam& supervision = d.patrol_teams[2];
  EXPECT_EQ(supervision.kind, "supervision");
  EXPECT_GE(supervision.members.size(), 4u);
  EXPECT_LE(supervision.members.size(), 6u);
  std::set<std::pair<int, int>> seen;
  for (const PatrolTeam& team : d.patrol_teams) {
    ASSERT_LT(team.leader_index, static_cast<int>(team.members.size()));
    for (const PatrolMember& m : team.members) {
      ExpectRefMatches(m.person);
      if (m.person.household_index < 0) continue;
      EXPECT_TRUE(
          seen.insert({m.person.household_index, m.person.resident_index})
              .second)
          << "in two teams: " << m.person.name;
      EXPECT_EQ(m.grid_index,
                d.households[m.person.household_index].grid_index);
      if (team.kind == "volunteer") {
        const Resident& r = d.households[m.person.household_index]
                                .residents[m.person.resident_index];
        EXPECT_GE(r.person.age, 55);
      }
    }
  }
}

TEST(DongyangDatasetTest, GenerationIsFast) {
  const auto start = std::chrono::steady_clock::now();
  const DongyangDataset d = GenerateDongyang(7);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_EQ(d.grids.size(), 12u);
  std::cout << "GenerateDongyang took " << ms << " ms\n";
}

TEST(DongyangDatasetTest, OtherSeedsStayInRange) {
  for (uint64_t seed : {1u, 2u, 3u, 42u, 2026u}) {
    const DongyangDataset d = GenerateDongyang(seed);
    EXPECT_GE(d.households.size(), 2850u) << seed;
    EXPECT_LE(d.households.size(), 3150u) << seed;
    EXPECT_GE(d.ResidentCount(), 8550) << seed;
    EXPECT_LE(d.ResidentCount(), 9450) << seed;
    EXPECT_EQ(d.patrol_teams[1].members.size(), 9u);
  }
}

TEST(DongyangDatasetTest, PrintsSummary) {
  const std::string summary = SummarizeDongyang(Dataset());
  EXPECT_NE(summary.find("东阳社区"), std::string::npos);
  std::cout << summary;
}

// ---- PeopleGenerator -----------------------------------------------------

// GB 32100 check of a unified social credit code.
bool ValidCreditCode(const std::string& code) {
  static const std::string kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  if (code.size() != 18) return false;
  int sum = 0, weight = 1;
  for (int i = 0; i < 17; ++i) {
    const size_t v = kAlphabet.find(code[i]);
    if (v == std::string::npos) return false;
    sum += static_cast<int>(v) * weight;
    weight = weight * 3 % 31;
  }
  return kAlphabet[(31 - sum % 31) % 31] == code[17];
}

TEST(PeopleGeneratorTest, MakesManyValidUniquePeople) {
  PeopleGenerator generator(99);
  std::unordered_set<std::string> ids, phones, names;
  int men = 0, with_phone = 0;
  constexpr int kPeople = 100000;
  for (int i = 0; i < kPeople; ++i) {
    const GeneratedPerson p = generator.Person(
        {.min_age = 0,
         .max_age = 90,
         .origin = i % 3 == 0 ? Origin::kMigrant : Origin::kLocal});
    auto info = ValidateIdCard(p.id_card);
    ASSERT_TRUE(info.has_value()) << p.id_card;
    ASSERT_EQ(info->birth_date, p.birth_date);
    ASSERT_EQ(info->gender, p.gender);
    ASSERT_GE(p.age, 0);
    ASSERT_LE(p.age, 90);
    ASSERT_NE(FindRegion(p.origin_region_code), nullptr);
    ASSERT_TRUE(ids.insert(p.id_card).second) << "duplicate ID " << p.id_card;
    if (!p.phone.empty()) {
      ASSERT_EQ(p.phone.size(), 11u);
      ASSERT_EQ(p.phone[0], '1');
      ASSERT_TRUE(phones.insert(p.phone).second) << "duplicate " << p.phone;
      ++with_phone;
    }
    names.insert(p.name);
    men += p.gender == 'M';
  }
  EXPECT_GT(names.size(), 20000u);  // Names repeat, as in life, but not much.
  EXPECT_NEAR(men, kPeople * 0.51, kPeople * 0.02);
  EXPECT_GT(with_phone, kPeople * 0.7);
}

TEST(PeopleGeneratorTest, FollowsTheSpec) {
  PeopleGenerator generator(5, kDefaultAsOfDays);
  for (int i = 0; i < 1000; ++i) {
    const GeneratedPerson p = generator.Person({.gender = 'F',
                                                .min_age = 30,
                                                .max_age = 31,
                                                .region_code = "341221",
                                                .surname = "欧阳",
                                                .phone = PhonePolicy::kAlways});
    ASSERT_EQ(p.gender, 'F');
    ASSERT_GE(p.age, 30);
    ASSERT_LE(p.age, 31);
    ASSERT_EQ(p.origin_region_code, "341221");
    ASSERT_EQ(p.origin_place, "安徽省阜阳市临泉县");
    ASSERT_EQ(p.surname, "欧阳");
    ASSERT_EQ(p.name.rfind("欧阳", 0), 0u);
    ASSERT_EQ(p.phone.size(), 11u);
    ASSERT_EQ((p.id_card[16] - '0') % 2, 0);
  }
  const GeneratedPerson child = generator.Person({.min_age = 3, .max_age = 3});
  EXPECT_TRUE(child.phone.empty());
  EXPECT_EQ(child.age, 3);
}

TEST(PeopleGeneratorTest, IsDeterministic) {
  PeopleGenerator a(123), b(123), c(124);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const GeneratedPerson pa = a.Person({});
    EXPECT_EQ(pa, b.Person({}));
    differs = differs || !(pa == c.Person({}));
  }
  EXPECT_TRUE(differs);
}

TEST(PeopleGeneratorTest, ForeignersAndCreditCodes) {
  PeopleGenerator generator(8);
  const GeneratedPerson v = generator.Foreigner({.gender = 'F'}, "VNM");
  EXPECT_EQ(v.nationality, "VNM");
  EXPECT_TRUE(v.id_card.empty());
  EXPECT_NE(v.name.find("氏"), std::string::npos);
  EXPECT_EQ(v.passport_number.size(), 8u);
  const GeneratedPerson k = generator.Foreigner({.gender = 'M'}, "KOR");
  EXPECT_EQ(k.nationality, "KOR");
  EXPECT_EQ(k.passport_number.size(), 9u);
  for (int i = 0; i < 1000; ++i) {
    const std::string code = generator.CreditCode("92", "320115");
    EXPECT_TRUE(ValidCreditCode(code)) << code;
    EXPECT_EQ(code.substr(0, 8), "92320115");
  }
}

TEST(PeopleGeneratorTest, ThreeMillionPeopleAreQuick) {
  // Only run the full city-scale size when asked; the default keeps the
  // suite fast and still exercises the generator's growth paths.
  const char* env = std::getenv("WANGGE_BIG_DEMO");
  const int n = env != nullptr ? 3000000 : 300000;
  PeopleGenerator generator(2026);
  const auto start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (int i = 0; i < n; ++i) bytes += generator.Person({}).name.size();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_GT(bytes, 0u);
  std::cout << n << " people in " << ms << " ms\n";
}

}  // namespace
}  // namespace wangge::demo
