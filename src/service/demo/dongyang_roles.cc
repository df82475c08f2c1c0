// Dongyang demo, people in charge: community staff, group leaders and grid
// teams, the real units (outside merchants, shops, companies, schools, key
// places) with their contacts, and the patrol teams.
#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/demo/dongyang_builder.h"

namespace wangge::demo::internal {

PersonRef Builder::Ref(int h, int r) const {
  const GeneratedPerson& p = d_.households[h].residents[r].person;
  return {p.name, p.phone, h, r};
}

std::pair<int, int> Builder::PickResident(Rng& rng, int min_age, int max_age,
                                          int group, char gender) {
  std::vector<std::pair<int, int>> fits;
  for (size_t h = 0; h < d_.households.size(); ++h) {
    if (group >= 0 && d_.households[h].village_group_index != group) continue;
    const auto& residents = d_.households[h].residents;
    for (size_t r = 0; r < residents.size(); ++r) {
      const Resident& res = residents[r];
      if (res.category != "registered" || res.household_status != "together" ||
          res.person.age < min_age || res.person.age > max_age ||
          res.person.phone.empty() || !res.key_tags.empty() ||
          (res.disability_grade >= 1 && res.disability_grade <= 2) ||
          (gender != 0 && res.person.gender != gender) ||
          taken_.contains({static_cast<int>(h), static_cast<int>(r)}))
        continue;
      fits.push_back({static_cast<int>(h), static_cast<int>(r)});
    }
  }
  if (fits.empty()) return {-1, -1};
  const auto pick = fits[rng.Index(fits.size())];
  taken_.insert(pick);
  return pick;
}

PersonRef Builder::RoleHolder(Rng& rng, int min_age, int max_age, char gender) {
  const auto [h, r] = PickResident(rng, min_age, max_age, -1, gender);
  if (h >= 0) return Ref(h, r);
  const GeneratedPerson p = people_.Person({.gender = gender,
                                            .min_age = min_age,
                                            .max_age = max_age,
                                            .phone = PhonePolicy::kAlways});
  return {p.name, p.phone, -1, -1};
}

int Builder::GridOf(const PersonRef& p) const {
  return p.household_index < 0 ? -1
                               : d_.households[p.household_index].grid_index;
}

void Builder::BuildStaffAndLeaders() {
  Rng rng = rng_.Fork();
  static constexpr const char* kLeaderTitles[] = {
      "党委书记",     "居委会主任",   "党委副书记",
      "居委会副主任", "居委会副主任", "居委会委员"};
  for (const char* title : kLeaderTitles)
    d_.staff.push_back({"leader", title, RoleHolder(rng, 38, 58)});
  for (int i = 0; i < kGrids; ++i)
    d_.staff.push_back({"worker", "社区工作人员", RoleHolder(rng, 24, 45)});
  for (size_t g = 0; g < d_.village_groups.size(); ++g) {
    auto pick = PickResident(rng, 40, 65, static_cast<int>(g),
                             rng.Chance(0.75) ? 'M' : 0);
    if (pick.first < 0) pick = PickResident(rng, 25, 75, static_cast<int>(g));
    if (pick.first >= 0)
      d_.village_groups[g].group_leader = Ref(pick.first, pick.second);
  }
  // Six leaders each answer for two neighbouring grids; each grid has its
  // own worker and the leader of its most populous group.
  for (int i = 0; i < kGrids; ++i) {
    Grid& grid = d_.grids[i];
    const int leader = i / 2, worker = 6 + i;
    grid.team.push_back({"leader", d_.staff[leader].person, leader});
    grid.team.push_back({"worker", d_.staff[worker].person, worker});
    int largest = grid.village_group_indices[0];
    for (int g : grid.village_group_indices)
      if (d_.village_groups[g].population >
          d_.village_groups[largest].population)
        largest = g;
    grid.team.push_back(
        {"group_leader", d_.village_groups[largest].group_leader, -1});
  }
}

// ---- Units ------------------------------------------------------------

std::string Builder::MerchantShopName(std::string_view business) {
  static const std::map<std::string_view, std::string_view> kSuffix = {
      {"五金", "五金店"},         {"建材", "建材经营部"},
      {"餐饮", "小吃店"},         {"副食", "副食店"},
      {"废品回收", "废品回收站"}, {"摩托车修理", "摩托车修理部"},
      {"服装", "服装店"},         {"水果", "水果店"},
      {"理发", "理发店"},         {"手机维修", "手机维修店"},
      {"早点", "早点铺"},         {"装潢", "装潢材料店"}};
  return std::string(kSuffix.at(business));
}

std::string Builder::HomeLabel(const Region& region) {
  if (region.province_short != "江苏")
    return std::string(region.province_short);
  std::string_view city = region.city;
  if (city.ends_with("市")) city.remove_suffix(std::string_view("市").size());
  return std::string(city);
}

void Builder::BuildUnits() {
  Rng rng = rng_.Fork();
  static constexpr std::pair<const char*, int> kBusinesses[] = {
      {"五金", 12},    {"建材", 12},      {"餐饮", 18}, {"副食", 14},
      {"废品回收", 8}, {"摩托车修理", 7}, {"服装", 7},  {"水果", 6},
      {"理发", 5},     {"手机维修", 4},   {"早点", 5},  {"装潢", 5}};
  int total_weight = 0;
  for (const auto& b : kBusinesses) total_weight += b.second;
  for (int h : merchant_households_) {
    const Household& household = d_.households[h];
    const GeneratedPerson& owner = household.residents[0].person;
    int x = static_cast<int>(rng.Between(0, total_weight - 1));
    size_t b = 0;
    while (x >= kBusinesses[b].second) x -= kBusinesses[b++].second;
    Unit& unit = d_.units.emplace_back();
    unit.kind = "outside_merchant";
    unit.business = kBusinesses[b].first;
    unit.name = HomeLabel(*FindRegion(owner.origin_region_code)) +
                owner.surname + "记" + MerchantShopName(unit.business);
    unit.grid_index = household.grid_index;
    unit.household_index = h;
    unit.contact = Ref(h, 0);
    unit.licence_number = people_.CreditCode("92", d_.area.district_code);
    int adults = 0;
    for (const Resident& r : household.residents) adults += r.person.age >= 18;
    unit.employees = std::max(1, adults);
  }

  struct Spec {
    const char* kind;
    const char* name;
    const char* business;
    const char* street;  // Address estate.
    int min_staff, max_staff;
  };
  static constexpr Spec kOthers[] = {
      {"shop", "东阳便民超市", "超市", "东阳街", 3, 6},
      {"shop", "东阳农资经营部", "农资", "东阳街", 1, 3},
      {"shop", "东阳大药房", "药品零售", "东阳街", 2, 4},
      {"shop", "东阳饭店", "餐饮", "东阳街", 4, 10},
      {"shop", "东阳理发店", "理发", "东阳街", 1, 3},
      {"shop", "东阳五金电器商店", "五金", "东阳街", 1, 3},
      {"shop", "东阳快递驿站", "快递", "东阳街", 1, 3},
      {"shop", "东阳早餐店", "餐饮", "东阳街", 2, 4},
      {"shop", "东阳副食品商店", "副食", "东阳街", 1, 3},
      {"company", "南京东阳建材有限公司", "建材", "东阳工业集中区", 30, 90},
      {"company", "南京汤山石材加工厂", "石材加工", "东阳工业集中区", 20, 60},
      {"company", "南京市江宁区东阳服装厂", "服装加工", "东阳工业集中区", 60,
       150},
      {"company", "南京东阳机械配件有限公司", "机械配件", "东阳工业集中区", 25,
       80},
      {"company", "南京汤泉物流有限公司", "物流", "东阳工业集中区", 15, 40},
      {"school", "南京市江宁区东阳小学", "小学教育", "东阳路", 35, 50},
      {"school", "东阳社区幼儿园", "学前教育", "东阳路", 12, 20},
      {"key_place", "东阳加油站", "加油站", "东阳路", 6, 12},
      {"key_place", "东阳旅馆", "旅馆", "东阳路", 2, 5},
      {"key_place", "极速网吧", "网吧", "东阳路", 2, 4},
      {"key_place", "东阳液化气供应站", "液化气供应", "东阳路", 2, 4},
  };
  for (const Spec& s : kOthers) {
    Unit& unit = d_.units.emplace_back();
    unit.kind = s.kind;
    unit.name = s.name;
    unit.business = s.business;
    unit.address.estate = s.street;
    int c = 0, r = 0;
    if (unit.kind == "company") {
      c = kIndustrialColumn, r = kIndustrialRow;
    } else if (unit.kind == "shop") {
      c = static_cast<int>(rng.Between(1, kColumns - 2)), r = kMarketRow;
    } else {  // 东阳路 runs north-south just west of the estates.
      c = kColumns / 2 - 1, r = static_cast<int>(rng.Index(kRows));
    }
    unit.address.point = PointIn(rng, c, r);
    const int g = GroupAt(c, r);
    unit.grid_index = d_.village_groups[g].grid_index;
    // Shop owners live in the group; others' contacts may live anywhere.
    const auto [h, i] =
        unit.kind == "shop" ? PickResident(rng, 28, 62, g) : std::pair(-1, -1);
    if (h >= 0) {
      unit.contact = Ref(h, i);
    } else {
      const GeneratedPerson p = people_.Person(
          {.min_age = 32, .max_age = 60, .phone = PhonePolicy::kAlways});
      unit.contact = {p.name, p.phone, -1, -1};
    }
    const char* kind_code = unit.kind == "school" ? "12"
                            : unit.kind == "shop" ? "92"
                                                  : "91";
    unit.licence_number = people_.CreditCode(kind_code, d_.area.district_code);
    unit.employees = static_cast<int>(rng.Between(s.min_staff, s.max_staff));
  }
}

void Builder::NumberStreets() {
  std::map<std::string, std::vector<Address*>> streets;
  for (int h : merchant_households_)
    streets["东阳街"].push_back(&d_.households[h].address);
  for (Unit& unit : d_.units)
    if (unit.kind != "outside_merchant")
      streets[unit.address.estate].push_back(&unit.address);
  for (auto& [street, addresses] : streets) {
    const bool by_lat = street == "东阳路";
    std::stable_sort(addresses.begin(), addresses.end(),
                     [by_lat](const Address* a, const Address* b) {
                       return by_lat ? a->point.lat < b->point.lat
                                     : a->point.lon < b->point.lon;
                     });
    for (size_t i = 0; i < addresses.size(); ++i)
      addresses[i]->building = std::to_string(i + 1) + "号";
  }
  for (Unit& unit : d_.units)
    if (unit.household_index >= 0)
      unit.address = d_.households[unit.household_index].address;
}

// ---- Patrols ----------------------------------------------------------

PatrolMember Builder::Member(const PersonRef& person) {
  return {person, GridOf(person)};
}

void Builder::BuildPatrols() {
  Rng rng = rng_.Fork();
  PatrolTeam sunset{"夕阳红巡逻队", "volunteer", 0, {}};
  const int wanted = static_cast<int>(rng.Between(505, 555));
  // Every fitting resident at once, then a random subset: cheaper than one
  // scan per member.
  std::vector<std::pair<int, int>> fits;
  for (size_t h = 0; h < d_.households.size(); ++h)
    for (size_t r = 0; r < d_.households[h].residents.size(); ++r) {
      const Resident& res = d_.households[h].residents[r];
      const std::pair<int, int> at{static_cast<int>(h), static_cast<int>(r)};
      if (res.category == "registered" && res.household_status == "together" &&
          res.person.age >= 55 && res.person.age <= 78 &&
          res.key_tags.empty() && res.disability_grade == 0 &&
          !HasTag(res.care_tags, "elderly_alone") && !taken_.contains(at))
        fits.push_back(at);
    }
  Shuffle(rng, fits);
  if (static_cast<int>(fits.size()) > wanted) fits.resize(wanted);
  for (const auto& at : fits) {
    taken_.insert(at);
    sunset.members.push_back(Member(Ref(at.first, at.second)));
  }
  // Too few pensioners (never with the default layout): neighbours from
  // outside the community fill the team.
  while (static_cast<int>(sunset.members.size()) < wanted) {
    const GeneratedPerson p = people_.Person(
        {.min_age = 55, .max_age = 72, .phone = PhonePolicy::kAlways});
    sunset.members.push_back({{p.name, p.phone, -1, -1}, -1});
  }
  for (size_t i = 0; i < sunset.members.size(); ++i) {
    const PersonRef& p = sunset.members[i].person;
    if (p.household_index >= 0 && !p.phone.empty() &&
        d_.households[p.household_index]
                .residents[p.resident_index]
                .person.age <= 68) {
      sunset.leader_index = static_cast<int>(i);
      break;
    }
  }

  PatrolTeam night{"夜间巡逻队", "night", 0, {}};
  for (int i = 0; i < 9; ++i)
    night.members.push_back(Member(RoleHolder(rng, 30, 58, 'M')));

  // Supervision: the deputy party secretary leads four resident
  // representatives.
  PatrolTeam supervision{"巡逻监督队", "supervision", 0, {}};
  supervision.members.push_back(Member(d_.staff[2].person));
  for (int i = 0; i < 4; ++i)
    supervision.members.push_back(Member(RoleHolder(rng, 50, 70)));

  // Each grid team gains a night patroller living there, if any, and
  // volunteers from 夕阳红 up to 1-3 extra members.
  for (size_t g = 0; g < d_.grids.size(); ++g) {
    Grid& grid = d_.grids[g];
    const int extras = static_cast<int>(rng.Between(1, 3));
    for (const PatrolMember& m : night.members)
      if (m.grid_index == static_cast<int>(g)) {
        grid.team.push_back({"patrol", m.person, -1});
        break;
      }
    std::vector<const PatrolMember*> local;
    for (const PatrolMember& m : sunset.members)
      if (m.grid_index == static_cast<int>(g) && !m.person.phone.empty())
        local.push_back(&m);
    Shuffle(rng, local);
    for (const PatrolMember* m : local) {
      if (static_cast<int>(grid.team.size()) >= 3 + extras) break;
      grid.team.push_back({"volunteer", m->person, -1});
    }
  }
  d_.patrol_teams = {std::move(sunset), std::move(night),
                     std::move(supervision)};
}

}  // namespace wangge::demo::internal
