#include "service/demo/dongyang_loader.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "geo/geometry_json.h"
#include "geo/measure.h"
#include "service/demo/dongyang_dataset.h"
#include "store/area_store.h"
#include "store/boundary_store.h"
#include "store/patrol_store.h"

namespace wangge::demo {

namespace {
using service::Actor;

std::string TeamRole(const std::string& role) {
  if (role == "worker") return "community_worker";
  if (role == "patrol") return "patrol_member";
  return role;  // leader, group_leader, volunteer
}

// The registry keeps relation and structure as the words offices write.
std::string RelationZh(const std::string& code) {
  static const std::map<std::string, std::string> kZh = {
      {"head", "户主"},   {"spouse", "配偶"},       {"child", "子女"},
      {"parent", "父母"}, {"grandchild", "孙子女"}, {"sibling", "兄弟姐妹"},
      {"other", "其他"},  {"tenant", "租住人员"}};
  auto it = kZh.find(code);
  return it == kZh.end() ? code : it->second;
}

std::string StructureZh(const std::string& code) {
  static const std::map<std::string, std::string> kZh = {
      {"frame", "框架"},
      {"brick_concrete", "砖混"},
      {"brick_wood", "砖木"},
      {"simple", "简易"}};
  auto it = kZh.find(code);
  return it == kZh.end() ? code : it->second;
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

geo::MultiPolygon ToShape(const Ring& ring) {
  geo::Polygon p;
  for (const auto& v : ring) p.outer.push_back({v.lon, v.lat});
  return {p};
}

// The village group whose ring contains `p` (units without a household).
size_t GroupAt(const DongyangDataset& data, const LonLat& p) {
  for (size_t i = 0; i < data.village_groups.size(); ++i)
    if (geo::Contains(ToShape(data.village_groups[i].ring), {p.lon, p.lat}))
      return i;
  return 0;
}

int64_t SeqOf(const std::string& code, const std::string& parent_code) {
  return std::stoll(code.substr(parent_code.size()));
}
}  // namespace

Result<LoadSummary> LoadDongyang(store::Database& db, const Clock& clock,
                                 service::AreaService& areas,
                                 service::RegistryService& registry,
                                 service::AuthService& auth,
                                 service::GridGeoService& geo_service,
                                 const service::AuditService& audit,
                                 uint64_t seed) {
  const DongyangDataset data = GenerateDongyang(seed);
  const Actor cli = Actor::Cli();
  LoadSummary sum;
  std::vector<std::string> grid_codes, grid_names;
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
    WG_TRY(store::BoundaryStore::SetAreaBoundary(
        c, community.id, geo::WriteGeometry(ToShape(a.boundary))));
    const Millis now = clock.Now();
    std::vector<int64_t> group_ids;
    for (size_t i = 0; i < data.village_groups.size(); ++i) {
      const auto& vg = data.village_groups[i];
      char code[24];
      std::snprintf(code, sizeof code, "V%02zu", i + 1);
      WG_ASSIGN(int64_t id,
                store::AreaStore::InsertVillageGroup(
                    c,
                    {0, community.id, std::nullopt, community.code + code,
                     vg.name, vg.population, vg.households},
                    now));
      WG_TRY(store::BoundaryStore::SetVillageGroupBoundary(
          c, id, geo::WriteGeometry(ToShape(vg.ring))));
      group_ids.push_back(id);
      ++sum.village_groups;
    }
    // The grids are drawn by the division itself: whole village groups,
    // balanced by population (以人口为基数、以村组为单位).
    WG_ASSIGN(auto division,
              geo_service.DivideIn(c, cli, community.id,
                                   static_cast<int>(data.grids.size()),
                                   /*apply=*/true));
    sum.max_deviation = division.plan.max_abs_deviation;
    // Each new grid gets the team of the generated grid it shares the most
    // village groups with; its resident group leader is the leader of its
    // most populous village group, who lives there.
    std::vector<int64_t> grid_of_group(data.village_groups.size());
    std::vector<std::vector<int>> groups_of_grid(division.grids.size());
    std::map<int64_t, size_t> unit_of_group;
    for (size_t i = 0; i < group_ids.size(); ++i)
      unit_of_group[group_ids[i]] = i;
    for (size_t gi = 0; gi < division.grids.size(); ++gi) {
      for (int u : division.grids[gi].grid.units) {
        // Division units are the village groups in code order, as inserted.
        grid_of_group[u] = *division.grids[gi].existing_grid_id;
        groups_of_grid[gi].push_back(u);
      }
    }
    std::vector<std::tuple<int, size_t, int>> overlap;  // count, new, generated
    for (size_t gi = 0; gi < division.grids.size(); ++gi) {
      std::map<int, int> count;
      for (int u : groups_of_grid[gi])
        ++count[data.village_groups[u].grid_index];
      for (const auto& [generated, n] : count)
        overlap.push_back({n, gi, generated});
    }
    std::sort(overlap.begin(), overlap.end(), std::greater<>());
    std::map<size_t, int> team_of;
    std::set<int> taken;
    for (const auto& [n, gi, generated] : overlap) {
      if (team_of.count(gi) || taken.count(generated)) continue;
      team_of[gi] = generated;
      taken.insert(generated);
    }
    for (size_t gi = 0, spare = 0; gi < division.grids.size(); ++gi) {
      if (team_of.count(gi)) continue;
      while (taken.count(static_cast<int>(spare))) ++spare;
      team_of[gi] = static_cast<int>(spare);
      taken.insert(static_cast<int>(spare));
    }
    for (size_t gi = 0; gi < division.grids.size(); ++gi) {
      const int64_t grid_id = *division.grids[gi].existing_grid_id;
      grid_codes.push_back(division.grids[gi].code);
      grid_names.push_back(division.grids[gi].name);
      int largest = groups_of_grid[gi].front();
      for (int u : groups_of_grid[gi])
        if (data.village_groups[u].population >
            data.village_groups[largest].population)
          largest = u;
      for (const auto& m : data.grids.at(team_of[gi]).team) {
        PersonRef person = m.person;
        if (m.role == "group_leader")
          person = data.village_groups[largest].group_leader;
        WG_TRY(areas.AddTeamMember(
            c, cli,
            {grid_id, TeamRole(m.role), person.name, person.phone, ""}));
      }
      ++sum.grids;
    }
    // Households, their houses and residents.
    std::vector<int64_t> household_ids;
    std::vector<std::vector<int64_t>> resident_ids;
    std::map<int64_t, int> per_grid;
    std::map<int64_t, std::string> code_of_grid;
    for (const auto& g : division.grids)
      code_of_grid[*g.existing_grid_id] = g.code;
    for (const auto& h : data.households) {
      const auto& head = h.residents.at(h.head_resident_index).person;
      service::HouseholdInput in;
      const int64_t grid_id = grid_of_group.at(h.village_group_index);
      in.grid_id = grid_id;
      char no[40];
      std::snprintf(no, sizeof no, "%s-%04d", code_of_grid[grid_id].c_str(),
                    ++per_grid[grid_id]);
      in.household_no = no;
      in.head_name = head.name;
      in.kind = HouseholdKind(h.house);
      in.phone = head.phone;
      in.address = {h.address.estate, h.address.building,  h.address.unit,
                    h.address.room,   h.address.point.lon, h.address.point.lat};
      service::HouseInput house;
      house.use = h.house.use;
      house.structure = StructureZh(h.house.structure);
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
        ri.relation = RelationZh(r.relation);
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
      // Units sit where their address is: the village group's grid.
      in.grid_id =
          u.household_index >= 0
              ? grid_of_group.at(
                    data.households.at(u.household_index).village_group_index)
              : grid_of_group.at(GroupAt(data, u.address.point));
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
      {"grid01", "grid_staff", grid_codes.at(0), grid_names.at(0)},
      {"grid02", "grid_staff", grid_codes.at(1), grid_names.at(1)},
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
