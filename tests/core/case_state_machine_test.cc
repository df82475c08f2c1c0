#include "core/case_state_machine.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace wangge {
namespace {

constexpr CaseState kStates[] = {CaseState::kReported,   CaseState::kAccepted,
                                 CaseState::kDispatched, CaseState::kHandled,
                                 CaseState::kClosed,     CaseState::kVoided,
                                 CaseState::kShelved};
constexpr CaseAction kActions[] = {
    CaseAction::kAccept,           CaseAction::kVoid,
    CaseAction::kDispatch,         CaseAction::kSendBack,
    CaseAction::kFeedback,         CaseAction::kVerifyPass,
    CaseAction::kVerifyFail,       CaseAction::kShelve,
    CaseAction::kUnshelve,         CaseAction::kReopen,
    CaseAction::kRequestExtension, CaseAction::kDecideExtension,
    CaseAction::kEvaluate};

// The loop as DOMAIN.md §3 describes it, written out independently of the
// table in case_state_machine.cc.
const std::map<std::pair<CaseState, CaseAction>, CaseState>& Expected() {
  using S = CaseState;
  using A = CaseAction;
  static const std::map<std::pair<S, A>, S> kExpected = {
      {{S::kReported, A::kAccept}, S::kAccepted},
      {{S::kReported, A::kVoid}, S::kVoided},
      {{S::kAccepted, A::kDispatch}, S::kDispatched},
      {{S::kAccepted, A::kShelve}, S::kShelved},
      {{S::kDispatched, A::kFeedback}, S::kHandled},
      {{S::kDispatched, A::kSendBack}, S::kAccepted},
      {{S::kDispatched, A::kRequestExtension}, S::kDispatched},
      {{S::kDispatched, A::kDecideExtension}, S::kDispatched},
      {{S::kDispatched, A::kShelve}, S::kShelved},
      {{S::kHandled, A::kVerifyPass}, S::kClosed},
      {{S::kHandled, A::kVerifyFail}, S::kDispatched},
      {{S::kShelved, A::kUnshelve}, S::kAccepted},
      {{S::kClosed, A::kEvaluate}, S::kClosed},
      {{S::kClosed, A::kReopen}, S::kDispatched},
  };
  return kExpected;
}

TEST(CaseStateMachineTest, EveryPairIsLegalExactlyWhenExpected) {
  int legal = 0;
  for (CaseState s : kStates) {
    for (CaseAction a : kActions) {
      auto next = NextState(s, a);
      auto it = Expected().find({s, a});
      SCOPED_TRACE(std::string(CaseStateName(s)) + " + " +
                   std::string(CaseActionName(a)));
      if (it == Expected().end()) {
        ASSERT_FALSE(next);
        EXPECT_EQ(next.error().code, ErrorCode::kConflict);
        EXPECT_EQ(next.error().key, "case.transition");
        // The message names every allowed action of the state.
        for (CaseAction allowed : AllowedActions(s))
          EXPECT_NE(next.error().message.find(CaseActionName(allowed)),
                    std::string::npos);
      } else {
        ASSERT_TRUE(next);
        EXPECT_EQ(*next, it->second);
        ++legal;
      }
    }
  }
  EXPECT_EQ(legal, static_cast<int>(Expected().size()));
}

TEST(CaseStateMachineTest, TerminalVoidAllowsNothing) {
  EXPECT_TRUE(AllowedActions(CaseState::kVoided).empty());
  auto next = NextState(CaseState::kVoided, CaseAction::kAccept);
  ASSERT_FALSE(next);
  EXPECT_NE(next.error().message.find("allowed: none"), std::string::npos);
}

TEST(CaseStateMachineTest, TheHappyPathClosesAndAReopenReturnsToTheOwner) {
  CaseState s = CaseState::kReported;
  for (CaseAction a : {CaseAction::kAccept, CaseAction::kDispatch,
                       CaseAction::kFeedback, CaseAction::kVerifyFail,
                       CaseAction::kFeedback, CaseAction::kVerifyPass}) {
    auto next = NextState(s, a);
    ASSERT_TRUE(next) << next.error().message;
    s = *next;
  }
  EXPECT_EQ(s, CaseState::kClosed);
  EXPECT_EQ(*NextState(s, CaseAction::kReopen), CaseState::kDispatched);
}

TEST(CaseStateMachineTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  for (CaseState s : kStates) {
    EXPECT_EQ(ParseCaseState(CaseStateName(s)), s);
    names.insert(CaseStateName(s));
  }
  for (CaseAction a : kActions) {
    EXPECT_EQ(ParseCaseAction(CaseActionName(a)), a);
    names.insert(CaseActionName(a));
  }
  EXPECT_EQ(names.size(), std::size(kStates) + std::size(kActions));
  EXPECT_FALSE(ParseCaseState("open"));
  EXPECT_FALSE(ParseCaseAction("close"));
}

}  // namespace
}  // namespace wangge
