#include "store/boundary_store.h"

#include "store/query_builder.h"
#include "store/settings_store.h"

namespace wangge::store {

Result<std::vector<StoredBoundary>> BoundaryStore::Areas(
    Connection& c, const std::string& level, const std::string& under_path) {
  WhereBuilder w;
  w.And("level = ?", {level});
  if (!under_path.empty()) w.AndUnderAnyPath("path", {under_path});
  WG_ASSIGN(Rows rows, c.Query("SELECT id, code, name, level, parent_id, path, "
                               "COALESCE(boundary, '') FROM areas" +
                                   w.Sql() + " ORDER BY code",
                               w.params()));
  std::vector<StoredBoundary> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    StoredBoundary b;
    b.id = r.Int(0);
    b.code = r.Text(1);
    b.name = r.Text(2);
    b.level = r.Text(3);
    b.parent_id = r.OptInt(4);
    b.path = r.Text(5);
    b.geometry = r.Text(6);
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<StoredBoundary>> BoundaryStore::VillageGroups(
    Connection& c, std::optional<int64_t> community_id) {
  WhereBuilder w;
  if (community_id) w.And("community_id = ?", {*community_id});
  WG_ASSIGN(Rows rows,
            c.Query("SELECT id, code, name, community_id, grid_id, "
                    "COALESCE(boundary, ''), population, households FROM "
                    "village_groups" +
                        w.Sql() + " ORDER BY code",
                    w.params()));
  std::vector<StoredBoundary> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    StoredBoundary b;
    b.id = r.Int(0);
    b.code = r.Text(1);
    b.name = r.Text(2);
    b.level = "village_group";
    b.parent_id = r.OptInt(3);
    b.grid_id = r.OptInt(4);
    b.geometry = r.Text(5);
    b.population = r.Int(6);
    b.households = r.Int(7);
    out.push_back(std::move(b));
  }
  return out;
}

Status BoundaryStore::SetAreaBoundary(Connection& c, int64_t area_id,
                                      const std::string& geometry) {
  WG_ASSIGN(int64_t n, c.Exec("UPDATE areas SET boundary = ? WHERE id = ?",
                              {TextOrNull(geometry), area_id}));
  if (n == 0) return NotFound("area.not_found", "area not found");
  return {};
}

Status BoundaryStore::SetVillageGroupBoundary(Connection& c, int64_t id,
                                              const std::string& geometry) {
  WG_ASSIGN(int64_t n,
            c.Exec("UPDATE village_groups SET boundary = ? WHERE id = ?",
                   {TextOrNull(geometry), id}));
  if (n == 0)
    return NotFound("village_group.not_found", "village group not found");
  return {};
}

Status BoundaryStore::SetVillageGroupGrid(Connection& c, int64_t id,
                                          std::optional<int64_t> grid_id) {
  WG_TRY(c.Exec("UPDATE village_groups SET grid_id = ? WHERE id = ?",
                {IntOrNull(grid_id), id}));
  return {};
}

Result<int64_t> BoundaryStore::BumpVersion(Connection& c, int64_t now) {
  WG_TRY(
      c.Exec("UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 "
             "AS TEXT), updated_at = ? WHERE key = 'boundary_version'",
             {now}));
  return Version(c);
}

Result<int64_t> BoundaryStore::Version(Connection& c) {
  return SettingsStore::GetInt(c, "boundary_version", 0);
}

}  // namespace wangge::store
