#include "service/permissions.h"

#include "store/area_store.h"

namespace wangge::service {

bool Can(const Actor& actor, Capability cap) {
  using C = Capability;
  switch (actor.role) {
    case Role::kSystemAdmin:
      return cap == C::kReadGrids || cap == C::kManageAreas ||
             cap == C::kManageTeams || cap == C::kManageUsers ||
             // The CLI operator loads and backs up data on the server.
             (actor.username == "cli" && !actor.user_id);
    case Role::kSecurityAdmin:
      return cap == C::kReadGrids || cap == C::kManageUsers;
    case Role::kAuditor:
      return cap == C::kReadGrids || cap == C::kReadAudit;
    case Role::kStreetLeader:
    case Role::kCommunityLeader:
      return cap == C::kReadGrids || cap == C::kManageTeams ||
             cap == C::kReadRegistry || cap == C::kWriteRegistry ||
             cap == C::kRevealPersonal || cap == C::kImportExport;
    case Role::kGridStaff:
      return cap == C::kReadGrids || cap == C::kReadRegistry ||
             cap == C::kWriteRegistry || cap == C::kRevealPersonal ||
             cap == C::kImportExport;
    case Role::kPatrolMember:
      return cap == C::kReadGrids;
  }
  return false;
}

Status Require(const Actor& actor, Capability cap) {
  if (Can(actor, cap)) return {};
  return Denied(std::string("role ") + RoleName(actor.role) +
                " may not do this");
}

bool InScope(const Actor& actor, const std::string& path) {
  if (actor.all_areas) return true;
  for (const auto& s : actor.scopes)
    if (path.rfind(s.path, 0) == 0) return true;
  return false;
}

bool InScopeOrAbove(const Actor& actor, const std::string& path) {
  if (InScope(actor, path)) return true;
  for (const auto& s : actor.scopes)
    if (s.path.rfind(path, 0) == 0) return true;
  return false;
}

std::optional<std::vector<std::string>> ScopePaths(const Actor& actor) {
  if (actor.all_areas) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& s : actor.scopes) out.push_back(s.path);
  return out;
}

Result<std::optional<std::vector<int64_t>>> ScopedGridIds(
    store::Connection& c, const Actor& actor,
    std::optional<int64_t> within_area) {
  auto paths = ScopePaths(actor);
  if (within_area) {
    WG_ASSIGN(store::Area area, store::AreaStore::Get(c, *within_area));
    if (!InScope(actor, area.path)) {
      // Narrowing to an area above the actor's scope keeps the scope; an
      // area outside it is refused.
      if (!InScopeOrAbove(actor, area.path))
        return Denied("area " + area.code + " is outside your scope");
    } else {
      paths = std::vector<std::string>{area.path};
    }
  }
  if (!paths) return std::optional<std::vector<int64_t>>();
  WG_ASSIGN(auto grids, store::AreaStore::List(c, "grid", paths));
  std::vector<int64_t> ids;
  ids.reserve(grids.size());
  for (const auto& g : grids) ids.push_back(g.id);
  return std::optional<std::vector<int64_t>>(std::move(ids));
}

Status RequireGridInScope(store::Connection& c, const Actor& actor,
                          int64_t grid_id) {
  if (actor.all_areas) return {};
  WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, grid_id));
  if (!InScope(actor, grid.path))
    return Denied("grid " + grid.code + " is outside your scope");
  return {};
}

}  // namespace wangge::service
