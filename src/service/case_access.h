// Who may do what to a case: role and area scope, plus membership of the
// department or functional zone that owns it. One place, so that the list
// of allowed actions shown to a user and the check on each action agree.
#pragma once

#include <vector>

#include "core/case_state_machine.h"
#include "service/actor.h"
#include "service/case_catalog.h"
#include "service/responsibility.h"
#include "store/case_store.h"

namespace wangge::service {

struct CaseAccess {
  const Actor& actor;
  const CaseCatalog::Snapshot& catalog;
  std::vector<int64_t> orgs;  // the actor's departments / zones

  // Sees the case: its grid is in scope, or an own organisation owns it.
  bool Sees(const store::CaseRow& row) const;
  // Community and street leaders over the case's grid (指挥调度).
  bool Coordinates(const store::CaseRow& row) const;
  // Acts for the current owner.
  bool ActsFor(const Owner& owner, int64_t grid_id) const;
  // Reports problems in the grid.
  bool ReportsIn(int64_t grid_id) const;
  // May take `action` now (ignoring the state machine).
  bool May(CaseAction action, const store::CaseRow& row) const;
  // The actions of the state machine the actor may take on `row` now.
  std::vector<CaseAction> Allowed(const store::CaseRow& row) const;

 private:
  bool InArea(std::optional<int64_t> area_id) const;
};

Owner OwnerOf(const store::CaseRow& row);
void SetOwner(store::CaseRow& row, const Owner& owner, Millis now,
              std::string routed_by);

}  // namespace wangge::service
