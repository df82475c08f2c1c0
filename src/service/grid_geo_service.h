// Grids in space: boundary import/export (GeoJSON), the coverage check
// (全面覆盖, 界线明确, 不留空白), point location, and automatic division of
// a community into grids from its village groups (以人口为基数、以村组为单位).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "geo/coverage.h"
#include "geo/division.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/locator_cache.h"
#include "store/database.h"

namespace wangge::service {

struct BoundaryImportSummary {
  int64_t areas = 0;
  int64_t village_groups = 0;
};

// A grid whose team breaks the rule of one leader, one community worker
// and one resident group leader.
struct TeamDefect {
  int64_t grid_id = 0;
  std::string grid_code;
  std::string grid_name;
  std::string problem;  // e.g. "no leader", "2 community_worker"
};

struct CoverageResult {
  AreaLabel community;
  geo::CoverageReport report;
  std::vector<TeamDefect> teams;
  std::vector<std::string> grids_without_boundary;
  bool community_has_boundary = false;
  bool Clean() const {
    return report.Clean() && teams.empty() && grids_without_boundary.empty() &&
           community_has_boundary;
  }
};

struct DivisionRequest {
  std::optional<int64_t> community_id;  // may be empty when there is one
  std::string community_code;
  int grids = 0;
  bool apply = false;
};

// A household whose grid the plan changes.
struct HouseholdMove {
  int64_t household_id = 0;
  std::string household_no;
  std::string from_grid_code;
  std::string to_grid_code;  // the existing or new grid's code
};

struct PlannedGrid {
  geo::DivisionGrid grid;
  std::string code;  // existing grid kept, or the code a new grid gets
  std::string name;
  std::optional<int64_t> existing_grid_id;  // set for new grids once applied
  bool new_grid = false;
  bool team_complete = false;  // carried over with a full team
  std::vector<std::string> village_group_codes;
};

struct DivisionResult {
  AreaLabel community;
  geo::DivisionPlan plan;
  std::vector<PlannedGrid> grids;
  std::vector<HouseholdMove> moves;
  // Existing grids left without village groups by the plan (kept, flagged).
  std::vector<std::string> emptied_grids;
  bool applied = false;
  double elapsed_ms = 0;
};

class GridGeoService {
 public:
  GridGeoService(store::Database& db, const Clock& clock,
                 const AuditService& audit, LocatorCache& locator)
      : db_(db), clock_(clock), audit_(audit), locator_(locator) {}

  // Stores the boundaries of a FeatureCollection whose features name areas
  // or village groups by `code`. All or nothing: any invalid feature or
  // unknown code rejects the whole file.
  Result<BoundaryImportSummary> ImportBoundaries(const Actor& actor,
                                                 std::string_view geojson);
  // A FeatureCollection of the boundaries at `level` ("grid", "community",
  // "village_group", ... or "all") within the actor's scope.
  Result<std::string> ExportBoundaries(const Actor& actor,
                                       const std::string& level,
                                       std::optional<int64_t> community_id);

  // Every grid's outline with its code and name only, for the resident
  // pages (no account): grids and their boundaries are public, as on the
  // grid notice boards (网格公示牌).
  Result<std::string> PublicGridOutlines();

  Result<CoverageResult> CheckCoverage(const Actor& actor, int64_t community_id,
                                       geo::CoverageOptions options = {});
  // Every community in the actor's scope.
  Result<std::vector<CoverageResult>> CheckAllCoverage(
      const Actor& actor, geo::CoverageOptions options = {});

  Result<GridPlace> Locate(const Actor& actor, geo::LonLat p);

  Result<DivisionResult> Divide(const Actor& actor, const DivisionRequest& r);
  // Inside the caller's transaction, without audit (demo loading).
  Result<DivisionResult> DivideIn(store::Connection& c, const Actor& actor,
                                  int64_t community_id, int grids, bool apply);

  // The plan as GeoJSON: one feature per planned grid with population,
  // deviation, compactness and its village groups.
  static std::string PlanGeoJson(const DivisionResult& result);

 private:
  Result<int64_t> ResolveCommunity(store::Connection& c, const Actor& actor,
                                   const DivisionRequest& r);
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  LocatorCache& locator_;
};

}  // namespace wangge::service
