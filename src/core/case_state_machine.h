// The closed loop of a case (DOMAIN.md §3) as one transition table:
// report → accept (立案) → dispatch (派遣) → handle and feed back (处置反馈)
// → verify (核查) → close (结案) → evaluate (评价), with void, send back
// (回退), rework (返工), shelve (挂账) and reopen. Every state change of a
// case is checked here; roles and scope are the case service's business.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace wangge {

enum class CaseState {
  kReported,    // 待受理: reported, waiting to be accepted or voided
  kAccepted,    // 待派遣: accepted (立案), waiting for dispatch
  kDispatched,  // 处置中: with the responsible party
  kHandled,     // 待核查: feedback given, waiting for verification
  kClosed,      // 已结案
  kVoided,      // 已作废: not accepted, with a reason
  kShelved,     // 已挂账: parked in the problem pool with a review date
};

enum class CaseAction {
  kAccept,            // kReported → kAccepted
  kVoid,              // kReported → kVoided
  kDispatch,          // kAccepted → kDispatched
  kSendBack,          // kDispatched → kAccepted (回退, counted as a return)
  kFeedback,          // kDispatched → kHandled
  kVerifyPass,        // kHandled → kClosed
  kVerifyFail,        // kHandled → kDispatched (返工)
  kShelve,            // kAccepted | kDispatched → kShelved
  kUnshelve,          // kShelved → kAccepted
  kReopen,            // kClosed → kDispatched (unsatisfied or on review)
  kRequestExtension,  // kDispatched, no state change
  kDecideExtension,   // kDispatched, no state change
  kEvaluate,          // kClosed, no state change (satisfaction)
};

std::string_view CaseStateName(CaseState s);    // "reported", ...
std::string_view CaseActionName(CaseAction a);  // "accept", ...
std::optional<CaseState> ParseCaseState(std::string_view name);
std::optional<CaseAction> ParseCaseAction(std::string_view name);

// The actions allowed in `state`, in table order.
std::vector<CaseAction> AllowedActions(CaseState state);

// The state after `action`, or kConflict (key "case.transition") whose
// message names the state and the actions allowed in it.
Result<CaseState> NextState(CaseState state, CaseAction action);

}  // namespace wangge
