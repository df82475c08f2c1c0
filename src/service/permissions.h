// What each role may do (capabilities) and where (area scope). The three
// administrator roles are separated as 等保三级 asks: the system admin runs
// areas and accounts, the security admin runs credentials and security
// settings, the auditor reads the audit log; none of them reads residents'
// personal data.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "service/actor.h"
#include "store/sql.h"

namespace wangge::service {

enum class Capability {
  kReadGrids,       // grid list, teams, duty lists
  kManageAreas,     // areas, village groups, duty lists
  kManageTeams,     // grid team members within scope
  kReadRegistry,    // masked registry records within scope
  kWriteRegistry,   // create / change registry records within scope
  kRevealPersonal,  // audited reveal of full ID / phone numbers
  kImportExport,    // bulk import and export within scope
  kManageUsers,     // create accounts, reset passwords, unlock
  kReadAudit,       // audit log
};

bool Can(const Actor& actor, Capability cap);
// kPermissionDenied naming what is missing, or ok.
Status Require(const Actor& actor, Capability cap);

// True if the area with materialised path `path` lies inside the actor's
// scopes (or the actor sees all areas).
bool InScope(const Actor& actor, const std::string& path);

// True if the area lies inside the actor's scopes or above one of them:
// leaders see the areas above their own for context (names, boundaries),
// not what those areas hold.
bool InScopeOrAbove(const Actor& actor, const std::string& path);

// The actor's scope paths; nullopt means "everywhere".
std::optional<std::vector<std::string>> ScopePaths(const Actor& actor);

// Ids of the grids the actor may see, optionally narrowed to those under
// one area; nullopt means every grid (no narrowing asked and full scope).
Result<std::optional<std::vector<int64_t>>> ScopedGridIds(
    store::Connection& c, const Actor& actor,
    std::optional<int64_t> within_area = std::nullopt);

// Fails with kPermissionDenied unless grid `grid_id` is in scope.
Status RequireGridInScope(store::Connection& c, const Actor& actor,
                          int64_t grid_id);

}  // namespace wangge::service
