#include "core/case_state_machine.h"

#include <array>
#include <string>

namespace wangge {

namespace {
struct Transition {
  CaseState from;
  CaseAction action;
  CaseState to;
};

using S = CaseState;
using A = CaseAction;

// The whole loop in one place.
constexpr std::array kTransitions = {
    Transition{S::kReported, A::kAccept, S::kAccepted},
    Transition{S::kReported, A::kVoid, S::kVoided},
    Transition{S::kAccepted, A::kDispatch, S::kDispatched},
    Transition{S::kAccepted, A::kShelve, S::kShelved},
    Transition{S::kDispatched, A::kFeedback, S::kHandled},
    Transition{S::kDispatched, A::kSendBack, S::kAccepted},
    Transition{S::kDispatched, A::kRequestExtension, S::kDispatched},
    Transition{S::kDispatched, A::kDecideExtension, S::kDispatched},
    Transition{S::kDispatched, A::kShelve, S::kShelved},
    Transition{S::kHandled, A::kVerifyPass, S::kClosed},
    Transition{S::kHandled, A::kVerifyFail, S::kDispatched},
    Transition{S::kShelved, A::kUnshelve, S::kAccepted},
    Transition{S::kClosed, A::kEvaluate, S::kClosed},
    Transition{S::kClosed, A::kReopen, S::kDispatched},
};

constexpr std::array<std::pair<CaseState, std::string_view>, 7> kStateNames = {{
    {S::kReported, "reported"},
    {S::kAccepted, "accepted"},
    {S::kDispatched, "dispatched"},
    {S::kHandled, "handled"},
    {S::kClosed, "closed"},
    {S::kVoided, "voided"},
    {S::kShelved, "shelved"},
}};

constexpr std::array<std::pair<CaseAction, std::string_view>, 13> kActionNames =
    {{
        {A::kAccept, "accept"},
        {A::kVoid, "void"},
        {A::kDispatch, "dispatch"},
        {A::kSendBack, "send_back"},
        {A::kFeedback, "feedback"},
        {A::kVerifyPass, "verify_pass"},
        {A::kVerifyFail, "verify_fail"},
        {A::kShelve, "shelve"},
        {A::kUnshelve, "unshelve"},
        {A::kReopen, "reopen"},
        {A::kRequestExtension, "request_extension"},
        {A::kDecideExtension, "decide_extension"},
        {A::kEvaluate, "evaluate"},
    }};
}  // namespace

std::string_view CaseStateName(CaseState s) {
  for (const auto& [state, name] : kStateNames)
    if (state == s) return name;
  return "unknown";
}

std::string_view CaseActionName(CaseAction a) {
  for (const auto& [action, name] : kActionNames)
    if (action == a) return name;
  return "unknown";
}

std::optional<CaseState> ParseCaseState(std::string_view name) {
  for (const auto& [state, n] : kStateNames)
    if (n == name) return state;
  return std::nullopt;
}

std::optional<CaseAction> ParseCaseAction(std::string_view name) {
  for (const auto& [action, n] : kActionNames)
    if (n == name) return action;
  return std::nullopt;
}

std::vector<CaseAction> AllowedActions(CaseState state) {
  std::vector<CaseAction> out;
  for (const auto& t : kTransitions)
    if (t.from == state) out.push_back(t.action);
  return out;
}

Result<CaseState> NextState(CaseState state, CaseAction action) {
  for (const auto& t : kTransitions)
    if (t.from == state && t.action == action) return t.to;
  std::string allowed;
  for (CaseAction a : AllowedActions(state)) {
    if (!allowed.empty()) allowed += ", ";
    allowed += CaseActionName(a);
  }
  return Conflict("case.transition",
                  std::string("a case that is ") +
                      std::string(CaseStateName(state)) + " cannot " +
                      std::string(CaseActionName(action)) +
                      "; allowed: " + (allowed.empty() ? "none" : allowed),
                  "action");
}

}  // namespace wangge
