#include "service/case_access.h"

#include <algorithm>

#include "service/permissions.h"

namespace wangge::service {

Owner OwnerOf(const store::CaseRow& row) {
  return {row.owner_kind, row.owner_area_id, row.owner_org_id, row.owner_role};
}

void SetOwner(store::CaseRow& row, const Owner& owner, Millis now,
              std::string routed_by) {
  if (!(OwnerOf(row) == owner)) row.owner_since = now;
  row.owner_kind = owner.kind;
  row.owner_area_id = owner.area_id;
  row.owner_org_id = owner.org_id;
  row.owner_role = owner.role;
  if (!routed_by.empty()) row.routed_by = std::move(routed_by);
}

bool CaseAccess::InArea(std::optional<int64_t> area_id) const {
  if (actor.all_areas) return true;
  const AreaNode* a = area_id ? catalog.Area(*area_id) : nullptr;
  return a && InScope(actor, a->path);
}

bool CaseAccess::Sees(const store::CaseRow& row) const {
  if (actor.role == Role::kSystemAdmin || actor.role == Role::kSecurityAdmin ||
      actor.role == Role::kAuditor)
    return actor.all_areas && !actor.user_id;  // only the CLI operator
  if (InArea(row.grid_id)) return true;
  return row.owner_org_id &&
         std::ranges::find(orgs, *row.owner_org_id) != orgs.end();
}

bool CaseAccess::Coordinates(const store::CaseRow& row) const {
  if (!actor.user_id && actor.all_areas) return true;  // CLI
  return (actor.role == Role::kCommunityLeader ||
          actor.role == Role::kStreetLeader) &&
         InArea(row.grid_id);
}

bool CaseAccess::ActsFor(const Owner& owner, int64_t grid_id) const {
  if (!actor.user_id && actor.all_areas) return true;  // CLI
  const Role r = actor.role;
  if (owner.kind == "grid")
    return (r == Role::kGridStaff || r == Role::kCommunityLeader ||
            r == Role::kStreetLeader) &&
           InArea(grid_id);
  if (owner.kind == "community")
    return (r == Role::kCommunityLeader || r == Role::kStreetLeader) &&
           InArea(owner.area_id);
  if (owner.kind == "street")
    return r == Role::kStreetLeader && InArea(owner.area_id);
  return owner.org_id && std::ranges::find(orgs, *owner.org_id) != orgs.end();
}

bool CaseAccess::ReportsIn(int64_t grid_id) const {
  if (!actor.user_id && actor.all_areas) return true;
  const Role r = actor.role;
  return (r == Role::kGridStaff || r == Role::kPatrolMember ||
          r == Role::kCommunityLeader || r == Role::kStreetLeader) &&
         InArea(grid_id);
}

bool CaseAccess::May(CaseAction action, const store::CaseRow& row) const {
  switch (action) {
    case CaseAction::kAccept:
    case CaseAction::kVoid:
    case CaseAction::kDispatch:
    case CaseAction::kShelve:
    case CaseAction::kUnshelve:
    case CaseAction::kReopen:
    case CaseAction::kDecideExtension:
      return Coordinates(row);
    case CaseAction::kSendBack:
    case CaseAction::kFeedback:
    case CaseAction::kRequestExtension:
      return ActsFor(OwnerOf(row), row.grid_id);
    case CaseAction::kVerifyPass:
    case CaseAction::kVerifyFail: {
      // Verified by someone other than the handler (核查与处置分离).
      if (actor.user_id && row.handler_user_id &&
          *actor.user_id == *row.handler_user_id)
        return false;
      return Coordinates(row) ||
             (actor.role == Role::kGridStaff && InArea(row.grid_id));
    }
    case CaseAction::kEvaluate:
      return Coordinates(row) ||
             (actor.role == Role::kGridStaff && InArea(row.grid_id));
  }
  return false;
}

std::vector<CaseAction> CaseAccess::Allowed(const store::CaseRow& row) const {
  std::vector<CaseAction> out;
  auto state = ParseCaseState(row.state);
  if (!state) return out;
  for (CaseAction a : AllowedActions(*state))
    if (May(a, row)) out.push_back(a);
  return out;
}

}  // namespace wangge::service
