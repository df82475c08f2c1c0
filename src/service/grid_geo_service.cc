#include "service/grid_geo_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "geo/geojson.h"
#include "geo/geometry_json.h"
#include "geo/locator.h"
#include "geo/measure.h"
#include "service/area_service.h"
#include "service/permissions.h"
#include "store/area_store.h"
#include "store/boundary_store.h"
#include "store/settings_store.h"

namespace wangge::service {

namespace {
using store::BoundaryStore;

// "第一网格" … "第九十九网格": how grids are named on notice boards.
std::string ChineseNumber(int n) {
  static const char* kDigits[] = {"",   "一", "二", "三", "四",
                                  "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 100) return std::to_string(n);
  if (n < 10) return kDigits[n];
  std::string out = n / 10 == 1 ? "" : kDigits[n / 10];
  out += "十";
  return out + kDigits[n % 10];
}

std::string GridName(int64_t seq) {
  return "第" + ChineseNumber(static_cast<int>(seq)) + "网格";
}

struct Household {
  int64_t id;
  std::string no;
  int64_t grid_id;
  int64_t address_id;
  geo::LonLat point;
};

constexpr std::string_view kHouseholdPoints =
    "SELECT h.id, h.household_no, h.grid_id, a.id, a.lon, a.lat FROM "
    "households h JOIN addresses a ON a.id = h.address_id";

Result<std::vector<Household>> HouseholdsOf(store::Connection& c,
                                            const std::vector<int64_t>& grids) {
  store::WhereBuilder w;
  w.And("a.lon IS NOT NULL AND a.lat IS NOT NULL");
  w.AndIn("h.grid_id", grids);
  const std::string sql = std::string(kHouseholdPoints) + w.Sql();
  std::vector<Household> out;
  WG_TRY(c.QueryEach(sql, w.params(), [&](const store::Row& r) {
    out.push_back(
        {r.Int(0), r.Text(1), r.Int(2), r.Int(3), {r.Real(4), r.Real(5)}});
    return true;
  }));
  return out;
}

Result<geo::MultiPolygon> ShapeOf(const store::StoredBoundary& b) {
  auto shape = geo::ParseGeometry(b.geometry);
  if (!shape)
    return Internal("stored boundary of " + b.code +
                    " is unreadable: " + shape.error().message);
  return shape;
}
}  // namespace

Result<BoundaryImportSummary> GridGeoService::ImportBoundaries(
    const Actor& actor, std::string_view geojson) {
  WG_TRY(Require(actor, Capability::kManageAreas));
  WG_ASSIGN(auto features, geo::ParseFeatureCollection(geojson));
  BoundaryImportSummary sum;
  auto done = audit_.Write(
      actor, "boundaries.import", {"boundaries", ""},
      [&](store::Connection& c) -> Status {
        WG_ASSIGN(auto groups, BoundaryStore::VillageGroups(c, std::nullopt));
        std::map<std::string, int64_t> group_ids;
        for (const auto& g : groups) group_ids[g.code] = g.id;
        for (size_t i = 0; i < features.size(); ++i) {
          const auto& f = features[i];
          const std::string where = "features[" + std::to_string(i) + "]";
          const std::string geometry = geo::WriteGeometry(f.shape);
          if (f.level == "village_group" ||
              (f.level.empty() && group_ids.count(f.code))) {
            auto it = group_ids.find(f.code);
            if (it == group_ids.end())
              return Invalid("geojson.unknown_code",
                             "feature " + std::to_string(i) +
                                 ": no village group with code " + f.code,
                             where);
            WG_TRY(BoundaryStore::SetVillageGroupBoundary(c, it->second,
                                                          geometry));
            ++sum.village_groups;
            continue;
          }
          auto area = store::AreaStore::GetByCode(c, f.code);
          if (!area)
            return Invalid("geojson.unknown_code",
                           "feature " + std::to_string(i) +
                               ": no area or village group with code " + f.code,
                           where);
          if (!f.level.empty() && f.level != area->level)
            return Invalid("geojson.level",
                           "feature " + std::to_string(i) + ": " + f.code +
                               " is a " + area->level + ", not a " + f.level,
                           where);
          if (!InScope(actor, area->path))
            return Denied("area " + area->code + " is outside your scope");
          WG_TRY(BoundaryStore::SetAreaBoundary(c, area->id, geometry));
          ++sum.areas;
        }
        WG_TRY(BoundaryStore::BumpVersion(c, clock_.Now()));
        return audit_.Record(
            c, actor, "boundaries.import", {"boundaries", ""},
            {{"areas", sum.areas}, {"village_groups", sum.village_groups}});
      });
  if (!done) return std::unexpected(done.error());
  locator_.Invalidate();
  return sum;
}

Result<std::string> GridGeoService::PublicGridOutlines() {
  Actor reader;
  reader.username = "public";
  reader.role = Role::kAuditor;  // reads grids, nothing else
  reader.all_areas = true;
  return ExportBoundaries(reader, "grid", std::nullopt);
}

Result<std::string> GridGeoService::ExportBoundaries(
    const Actor& actor, const std::string& level,
    std::optional<int64_t> community_id) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  static const std::vector<std::string> kLevels = {
      "district", "street", "community", "grid", "micro_grid", "village_group"};
  if (level != "all" &&
      std::find(kLevels.begin(), kLevels.end(), level) == kLevels.end())
    return Invalid("boundaries.level",
                   "level must be all, district, street, community, grid, "
                   "micro_grid or village_group",
                   "level");
  return db_.Read([&](store::Connection& c) -> Result<std::string> {
    std::string under;
    if (community_id) {
      WG_ASSIGN(store::Area community, store::AreaStore::Get(c, *community_id));
      under = community.path;
    }
    std::vector<geo::Feature> features;
    std::map<int64_t, std::string> grid_codes;
    for (const auto& lvl : kLevels) {
      if (level != "all" && level != lvl) continue;
      if (lvl == "village_group") {
        WG_ASSIGN(auto groups, BoundaryStore::VillageGroups(c, community_id));
        for (const auto& g : groups) {
          if (g.geometry.empty()) continue;
          if (!actor.all_areas) {
            WG_ASSIGN(store::Area community,
                      store::AreaStore::Get(c, *g.parent_id));
            if (!InScope(actor, community.path)) continue;
          }
          geo::Feature f;
          f.code = g.code;
          f.name = g.name;
          f.level = "village_group";
          WG_ASSIGN(f.shape, ShapeOf(g));
          f.properties["population"] = g.population;
          f.properties["households"] = g.households;
          if (g.grid_id) {
            if (!grid_codes.count(*g.grid_id)) {
              WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, *g.grid_id));
              grid_codes[*g.grid_id] = grid.code;
            }
            f.properties["grid_code"] = grid_codes[*g.grid_id];
          }
          features.push_back(std::move(f));
        }
        continue;
      }
      WG_ASSIGN(auto areas, BoundaryStore::Areas(c, lvl, under));
      for (const auto& a : areas) {
        if (a.geometry.empty()) continue;
        if (!InScopeOrAbove(actor, a.path)) continue;
        geo::Feature f;
        f.code = a.code;
        f.name = a.name;
        f.level = a.level;
        WG_ASSIGN(f.shape, ShapeOf(a));
        features.push_back(std::move(f));
      }
    }
    return geo::WriteFeatureCollection(features);
  });
}

Result<CoverageResult> GridGeoService::CheckCoverage(
    const Actor& actor, int64_t community_id, geo::CoverageOptions options) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read([&](store::Connection& c) -> Result<CoverageResult> {
    WG_ASSIGN(store::Area community, store::AreaStore::Get(c, community_id));
    if (community.level != "community")
      return NotFound("community.not_found",
                      "no community with id " + std::to_string(community_id));
    if (!InScopeOrAbove(actor, community.path))
      return Denied("community " + community.code + " is outside your scope");
    CoverageResult out;
    out.community = {community.id, community.code, community.name};
    WG_ASSIGN(auto stored,
              BoundaryStore::Areas(c, "community", community.path));
    geo::MultiPolygon community_shape;
    for (const auto& s : stored) {
      if (s.id != community.id || s.geometry.empty()) continue;
      WG_ASSIGN(community_shape, ShapeOf(s));
      out.community_has_boundary = true;
    }
    WG_ASSIGN(auto grids, BoundaryStore::Areas(c, "grid", community.path));
    std::vector<geo::GridShape> shapes;
    std::vector<int64_t> grid_ids;
    for (const auto& g : grids) {
      grid_ids.push_back(g.id);
      if (g.geometry.empty()) {
        out.grids_without_boundary.push_back(g.code);
        continue;
      }
      WG_ASSIGN(auto shape, ShapeOf(g));
      shapes.push_back({g.id, g.code, g.name, std::move(shape)});
    }
    WG_ASSIGN(auto households, HouseholdsOf(c, grid_ids));
    std::vector<geo::HouseholdPoint> points;
    points.reserve(households.size());
    for (const auto& h : households)
      points.push_back({h.id, h.no, h.grid_id, h.point});
    out.report = geo::CheckCoverage(community_shape, shapes, points, options);

    // Teams: exactly one member in each required role.
    WG_ASSIGN(auto roles, store::AreaStore::Roles(c));
    WG_ASSIGN(auto members, store::AreaStore::Teams(c, grid_ids));
    std::map<std::pair<int64_t, std::string>, int> count;
    for (const auto& m : members) ++count[{m.grid_id, m.role}];
    for (const auto& g : grids) {
      for (const auto& role : roles) {
        if (!role.required) continue;
        const int n = count[{g.id, role.role}];
        if (n == 1) continue;
        out.teams.push_back(
            {g.id, g.code, g.name,
             n == 0 ? "no " + role.role : std::to_string(n) + " " + role.role});
      }
    }
    return out;
  });
}

Result<std::vector<CoverageResult>> GridGeoService::CheckAllCoverage(
    const Actor& actor, geo::CoverageOptions options) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  WG_ASSIGN(auto communities, db_.Read([&](store::Connection& c) {
    return store::AreaStore::List(c, "community", ScopePaths(actor));
  }));
  std::vector<CoverageResult> out;
  for (const auto& community : communities) {
    WG_ASSIGN(auto r, CheckCoverage(actor, community.id, options));
    out.push_back(std::move(r));
  }
  return out;
}

Result<GridPlace> GridGeoService::Locate(const Actor& actor, geo::LonLat p) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  if (!(p.lon >= -180 && p.lon <= 180))
    return Invalid("locate.lon", "lon must be within -180..180", "lon");
  if (!(p.lat >= -90 && p.lat <= 90))
    return Invalid("locate.lat", "lat must be within -90..90", "lat");
  return locator_.Locate(p);
}

Result<int64_t> GridGeoService::ResolveCommunity(store::Connection& c,
                                                 const Actor& actor,
                                                 const DivisionRequest& r) {
  if (r.community_id) return *r.community_id;
  if (!r.community_code.empty()) {
    auto area = store::AreaStore::GetByCode(c, r.community_code);
    if (!area || area->level != "community")
      return Invalid("division.community",
                     "no community with code " + r.community_code, "community");
    return area->id;
  }
  WG_ASSIGN(auto all,
            store::AreaStore::List(c, "community", ScopePaths(actor)));
  if (all.size() != 1)
    return Invalid("division.community",
                   "there are " + std::to_string(all.size()) +
                       " communities; name one with --community CODE",
                   "community");
  return all.front().id;
}

Result<DivisionResult> GridGeoService::Divide(const Actor& actor,
                                              const DivisionRequest& r) {
  WG_TRY(Require(actor, Capability::kManageAreas));
  auto run = [&](store::Connection& c) -> Result<DivisionResult> {
    WG_ASSIGN(int64_t community_id, ResolveCommunity(c, actor, r));
    WG_ASSIGN(auto result, DivideIn(c, actor, community_id, r.grids, r.apply));
    if (r.apply)
      WG_TRY(audit_.Record(
          c, actor, "grids.divide", {"area", std::to_string(community_id)},
          {{"grids", r.grids},
           {"households_moved", static_cast<int64_t>(result.moves.size())},
           {"max_deviation", result.plan.max_abs_deviation}}));
    return result;
  };
  auto result = r.apply ? db_.Write(run) : db_.Read(run);
  if (!result) {
    if (r.apply)
      audit_.RecordRefusal(actor, "grids.divide", {"area", ""}, result.error());
    return result;
  }
  if (r.apply) locator_.Invalidate();
  return result;
}

Result<DivisionResult> GridGeoService::DivideIn(store::Connection& c,
                                                const Actor& actor,
                                                int64_t community_id, int k,
                                                bool apply) {
  const auto started = std::chrono::steady_clock::now();
  WG_ASSIGN(store::Area community, store::AreaStore::Get(c, community_id));
  if (community.level != "community")
    return Invalid("division.community", community.code + " is not a community",
                   "community");
  if (!InScope(actor, community.path))
    return Denied("community " + community.code + " is outside your scope");
  DivisionResult out;
  out.community = {community.id, community.code, community.name};

  WG_ASSIGN(auto groups, BoundaryStore::VillageGroups(c, community_id));
  std::vector<geo::DivisionUnit> units;
  for (const auto& g : groups) {
    if (g.geometry.empty())
      return Invalid("division.boundary",
                     "village group " + g.code + " (" + g.name +
                         ") has no boundary; import village group boundaries "
                         "first",
                     "village_groups");
    WG_ASSIGN(auto shape, ShapeOf(g));
    units.push_back(
        {g.id, g.code, g.name, std::move(shape), g.population, g.households});
  }
  if (units.empty())
    return Invalid("division.empty",
                   "community " + community.code + " has no village groups",
                   "village_groups");
  WG_ASSIGN(out.plan, geo::Divide(units, {.grids = k}));

  // Planned grids in the customary order: west to east, then north to south.
  std::vector<int> order(out.plan.grids.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::vector<geo::LonLat> centre(order.size());
  for (size_t i = 0; i < order.size(); ++i)
    centre[i] = geo::RepresentativePoint(out.plan.grids[i].shape);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (centre[a].lon != centre[b].lon) return centre[a].lon < centre[b].lon;
    return centre[a].lat > centre[b].lat;
  });

  // Match planned grids to existing ones by the population they share, so
  // that existing grids (and their teams) carry over where they can.
  WG_ASSIGN(auto existing, store::AreaStore::Children(c, community_id));
  std::erase_if(existing,
                [](const store::Area& a) { return a.level != "grid"; });
  std::map<std::pair<int, int64_t>, int64_t> shared;
  for (size_t u = 0; u < units.size(); ++u)
    if (groups[u].grid_id)
      shared[{out.plan.assignment[u], *groups[u].grid_id}] +=
          units[u].population;
  std::vector<std::tuple<int64_t, int, int64_t>> pairs;  // shared, plan, grid
  for (const auto& [key, pop] : shared)
    pairs.push_back({pop, key.first, key.second});
  std::sort(pairs.begin(), pairs.end(), std::greater<>());
  std::map<int, int64_t> match;
  std::set<int64_t> used;
  for (const auto& [pop, plan_index, grid_id] : pairs) {
    if (match.count(plan_index) || used.count(grid_id)) continue;
    match[plan_index] = grid_id;
    used.insert(grid_id);
  }
  WG_ASSIGN(auto members, store::AreaStore::Teams(c, [&] {
              std::vector<int64_t> ids;
              for (const auto& g : existing) ids.push_back(g.id);
              return ids;
            }()));
  std::map<int64_t, std::set<std::string>> roles_of;
  for (const auto& m : members) roles_of[m.grid_id].insert(m.role);
  WG_ASSIGN(int64_t next_seq, store::AreaStore::NextSeq(c, community_id));
  WG_ASSIGN(auto layout_json, store::SettingsStore::Get(c, "code_layout"));
  CodeLayout layout;
  if (layout_json) {
    WG_ASSIGN(layout, CodeLayout::Parse(*layout_json));
  }
  std::map<size_t, int64_t> new_seq;  // out.grids index -> sequence
  std::map<int, size_t> planned_at;   // plan index -> out.grids index
  for (int plan_index : order) {
    PlannedGrid pg;
    pg.grid = out.plan.grids[plan_index];
    for (int u : pg.grid.units) pg.village_group_codes.push_back(units[u].code);
    if (auto m = match.find(plan_index); m != match.end()) {
      auto g =
          std::find_if(existing.begin(), existing.end(),
                       [&](const store::Area& a) { return a.id == m->second; });
      pg.existing_grid_id = g->id;
      pg.code = g->code;
      pg.name = g->name;
      const auto& roles = roles_of[g->id];
      pg.team_complete = roles.count("leader") &&
                         roles.count("community_worker") &&
                         roles.count("group_leader");
    } else {
      pg.new_grid = true;
      new_seq[out.grids.size()] = next_seq;
      pg.name = GridName(next_seq);
      std::string seq = std::to_string(next_seq++);
      seq.insert(
          0, std::max<int>(0, layout.grid - static_cast<int>(seq.size())), '0');
      pg.code = community.code + seq;
    }
    planned_at[plan_index] = out.grids.size();
    out.grids.push_back(std::move(pg));
  }
  for (const auto& g : existing)
    if (!used.count(g.id)) out.emptied_grids.push_back(g.code);

  // Households move with the village group their point lies in.
  std::vector<geo::PointLocator::Entry> unit_entries;
  for (size_t u = 0; u < units.size(); ++u)
    unit_entries.push_back({static_cast<int64_t>(u), units[u].shape});
  geo::PointLocator unit_locator(std::move(unit_entries));
  std::vector<int64_t> grid_ids;
  for (const auto& g : existing) grid_ids.push_back(g.id);
  WG_ASSIGN(auto households, HouseholdsOf(c, grid_ids));
  std::map<int64_t, std::string> code_of;
  for (const auto& g : existing) code_of[g.id] = g.code;
  struct Move {
    const Household* household;
    size_t planned;
  };
  std::vector<Move> to_move;
  for (const auto& h : households) {
    auto unit = unit_locator.Locate(h.point);
    if (!unit) continue;  // outside every village group: left where it is
    const size_t planned = planned_at[out.plan.assignment[*unit]];
    const auto& pg = out.grids[planned];
    if (pg.existing_grid_id && *pg.existing_grid_id == h.grid_id) continue;
    to_move.push_back({&h, planned});
  }

  if (apply) {
    const Millis now = clock_.Now();
    for (size_t i = 0; i < out.grids.size(); ++i) {
      auto& pg = out.grids[i];
      if (!pg.existing_grid_id) {
        store::Area grid{0,  community.id, "grid",  pg.code, pg.name,
                         "", new_seq[i],   "basic", now};
        WG_ASSIGN(grid, store::AreaStore::Insert(c, grid, now));
        pg.existing_grid_id = grid.id;
      }
      WG_TRY(BoundaryStore::SetAreaBoundary(c, *pg.existing_grid_id,
                                            geo::WriteGeometry(pg.grid.shape)));
      for (int u : pg.grid.units)
        WG_TRY(BoundaryStore::SetVillageGroupGrid(c, units[u].id,
                                                  *pg.existing_grid_id));
    }
    for (const auto& g : existing)
      if (!used.count(g.id))
        WG_TRY(BoundaryStore::SetAreaBoundary(c, g.id, ""));
    constexpr std::string_view kMoveHousehold =
        "UPDATE households SET grid_id = ?, updated_at = ? WHERE id = ?";
    constexpr std::string_view kMoveResidents =
        "UPDATE residents SET grid_id = ? WHERE household_id = ?";
    constexpr std::string_view kMoveAddress =
        "UPDATE addresses SET grid_id = ? WHERE id = ?";
    constexpr std::string_view kMoveHouse =
        "UPDATE houses SET grid_id = ? WHERE address_id = ?";
    constexpr std::string_view kMoveUnits =
        "UPDATE units SET grid_id = ? WHERE address_id = ?";
    for (const auto& m : to_move) {
      const int64_t to = *out.grids[m.planned].existing_grid_id;
      WG_TRY(c.Exec(kMoveHousehold, {to, now, m.household->id}));
      WG_TRY(c.Exec(kMoveResidents, {to, m.household->id}));
      WG_TRY(c.Exec(kMoveAddress, {to, m.household->address_id}));
      WG_TRY(c.Exec(kMoveHouse, {to, m.household->address_id}));
      WG_TRY(c.Exec(kMoveUnits, {to, m.household->address_id}));
    }
    WG_TRY(BoundaryStore::BumpVersion(c, now));
    out.applied = true;
  }
  for (const auto& m : to_move)
    out.moves.push_back({m.household->id, m.household->no,
                         code_of[m.household->grid_id],
                         out.grids[m.planned].code});
  out.elapsed_ms = std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  return out;
}

std::string GridGeoService::PlanGeoJson(const DivisionResult& result) {
  std::vector<geo::Feature> features;
  for (const auto& pg : result.grids) {
    geo::Feature f;
    f.code = pg.code;
    f.name = pg.name;
    f.level = "grid";
    f.shape = pg.grid.shape;
    f.properties["population"] = pg.grid.population;
    f.properties["households"] = pg.grid.households;
    f.properties["deviation"] = pg.grid.deviation;
    f.properties["area_m2"] = pg.grid.area_m2;
    f.properties["compactness"] = pg.grid.compactness;
    f.properties["connected"] = pg.grid.connected;
    f.properties["new_grid"] = pg.new_grid;
    f.properties["team_complete"] = pg.team_complete;
    boost::json::array codes;
    for (const auto& code : pg.village_group_codes) codes.emplace_back(code);
    f.properties["village_groups"] = std::move(codes);
    features.push_back(std::move(f));
  }
  return geo::WriteFeatureCollection(features);
}

}  // namespace wangge::service
