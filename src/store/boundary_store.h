// Boundaries of areas and village groups, stored as GeoJSON geometry text,
// and the version counter that tells processes when boundaries changed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct StoredBoundary {
  int64_t id = 0;  // area id or village group id
  std::string code;
  std::string name;
  std::string level;  // district ... micro_grid, or "village_group"
  std::optional<int64_t> parent_id;  // parent area / community
  std::optional<int64_t> grid_id;    // village groups: their grid
  std::string path;                  // areas: materialised path
  std::string geometry;              // GeoJSON geometry text; "" when none
  int64_t population = 0;            // village groups
  int64_t households = 0;            // village groups
};

class BoundaryStore {
 public:
  // Areas of `level` under `under_path` (all when empty), with boundaries.
  static Result<std::vector<StoredBoundary>> Areas(
      Connection& c, const std::string& level, const std::string& under_path);
  static Result<std::vector<StoredBoundary>> VillageGroups(
      Connection& c, std::optional<int64_t> community_id);
  static Status SetAreaBoundary(Connection& c, int64_t area_id,
                                const std::string& geometry);
  static Status SetVillageGroupBoundary(Connection& c, int64_t id,
                                        const std::string& geometry);
  static Status SetVillageGroupGrid(Connection& c, int64_t id,
                                    std::optional<int64_t> grid_id);
  // Increments and returns the boundary version (inside the caller's
  // transaction, so that it commits with the change).
  static Result<int64_t> BumpVersion(Connection& c, int64_t now);
  static Result<int64_t> Version(Connection& c);
};

}  // namespace wangge::store
