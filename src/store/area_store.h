// Areas (district → street → community → grid → micro-grid), village groups
// (村组), grid teams and the role duty lists (职责清单).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct Area {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string level;  // district | street | community | grid | micro_grid
  std::string code;
  std::string name;
  std::string path;  // "/1/4/9/"
  int64_t seq = 0;
  std::string kind = "basic";  // basic | dedicated (grids)
  int64_t created_at = 0;
};

struct VillageGroup {
  int64_t id = 0;
  int64_t community_id = 0;
  std::optional<int64_t> grid_id;
  std::string code;
  std::string name;
  int64_t population = 0;
  int64_t households = 0;
};

struct TeamMember {
  int64_t id = 0;
  int64_t grid_id = 0;
  std::string role;  // leader | community_worker | group_leader | ...
  std::string name;
  std::string phone;
  std::optional<int64_t> user_id;
};

struct TeamRole {
  std::string role;
  std::string name_zh;
  std::string name_en;
  bool required = false;
  std::vector<std::string> duties;
};

// A grid with the figures the grid list shows.
struct GridSummary {
  Area grid;
  std::string community_code;
  std::string community_name;
  int64_t households = 0;
  int64_t population = 0;
  int64_t village_groups = 0;
};

class AreaStore {
 public:
  // Inserts the area and fills in id and path. Fails with kConflict on a
  // duplicate code or sequence under the same parent.
  static Result<Area> Insert(Connection& c, Area area, int64_t now);
  static Result<Area> Get(Connection& c, int64_t id);
  static Result<Area> GetByCode(Connection& c, const std::string& code);
  // Areas of one level, optionally only those under one of `paths`.
  static Result<std::vector<Area>> List(
      Connection& c, const std::string& level,
      const std::optional<std::vector<std::string>>& under_paths);
  static Result<std::vector<Area>> Children(Connection& c, int64_t parent_id);
  // The next free sequence number under a parent.
  static Result<int64_t> NextSeq(Connection& c, int64_t parent_id);

  // Grids with counts, optionally restricted to a community or to scopes.
  static Result<std::vector<GridSummary>> GridSummaries(
      Connection& c, std::optional<int64_t> community_id,
      const std::optional<std::vector<std::string>>& under_paths);

  static Result<int64_t> InsertVillageGroup(Connection& c,
                                            const VillageGroup& g, int64_t now);
  static Result<std::vector<VillageGroup>> VillageGroups(
      Connection& c, std::optional<int64_t> community_id);

  static Result<int64_t> InsertTeamMember(Connection& c, const TeamMember& m,
                                          int64_t now);
  static Result<std::vector<TeamMember>> Team(Connection& c, int64_t grid_id);
  // Teams of many grids at once, in one query (grid list).
  static Result<std::vector<TeamMember>> Teams(
      Connection& c, const std::vector<int64_t>& grid_ids);
  static Result<TeamMember> GetTeamMember(Connection& c, int64_t id);
  static Status DeleteTeamMember(Connection& c, int64_t id);

  static Result<std::vector<TeamRole>> Roles(Connection& c);
  // Replaces the duty list of a role with `duties`, in order.
  static Status ReplaceDuties(Connection& c, const std::string& role,
                              const std::vector<std::string>& duties,
                              int64_t now);
};

}  // namespace wangge::store
