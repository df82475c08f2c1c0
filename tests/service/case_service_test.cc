// The case engine: every transition of the loop, legal and illegal, with
// role and scope checks; deadlines on the stored calendar; supervision and
// escalation by the deadline job; policy versions; the responsibility
// matrix; the public self-report; group commit. Real SQLite, manual clock
// (Monday 2026-11-30 08:00 Asia/Shanghai).
#include "service/case_service.h"

#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "service/attachment_service.h"
#include "service/demo/demo_photo.h"
#include "service/taxonomy_service.h"
#include "service_fixture.h"
#include "store/audit_store.h"
#include "store/log_sync.h"

namespace wangge::service::testing {
namespace {

constexpr Millis kHour = 3600000;
constexpr Millis kMonday0800 = 1795996800000;  // 2026-11-30 08:00 +08

class CaseServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    catalog_ = std::make_unique<CaseCatalog>(*db_, clock_, 0);
    taxonomy_ =
        std::make_unique<TaxonomyService>(*db_, clock_, *audit_, *catalog_);
    cases_ = std::make_unique<CaseService>(*db_, clock_, *cipher_, *audit_,
                                           *catalog_, *locator_, false);
    attachments_ =
        std::make_unique<AttachmentService>(*db_, clock_, *audit_, dir_);
    leader_ = MakeUser("leader", "community_leader", "320115003012");
    street_ = MakeUser("street", "street_leader", "320115003");
    g1_ = MakeUser("grid1", "grid_staff", kGrid1);
    g1b_ = MakeUser("grid1b", "grid_staff", kGrid1);
    g2_ = MakeUser("grid2", "grid_staff", kGrid2);
    admin_ = MakeUser("root", "system_admin", "");
    grid1_ = AreaId(kGrid1);
    grid2_ = AreaId(kGrid2);
    street_id_ = AreaId("320115003");
  }

  int64_t AreaId(const std::string& code) {
    auto id = db_->Read([&](store::Connection& c) {
      return c.QueryInt("SELECT id FROM areas WHERE code = ?", {code});
    });
    EXPECT_TRUE(id && *id > 0) << code;
    return *id;
  }
  int64_t Category(const std::string& code) {
    auto snap = catalog_->Current();
    for (const auto& [id, c] : (*snap)->categories)
      if (c.row.code == code) return id;
    ADD_FAILURE() << "no category " << code;
    return 0;
  }
  void Rule(const std::string& category, int64_t area, std::string kind,
            std::string role = "", std::optional<int64_t> org = {}) {
    store::RuleRow r{.category_id = Category(category),
                     .area_id = area,
                     .party_kind = std::move(kind),
                     .party_role = std::move(role),
                     .party_org_id = org};
    auto added = taxonomy_->AddRule(admin_, r);
    ASSERT_TRUE(added) << added.error().message;
  }
  // A hotline report (no photo needed) of `code` in grid 1.
  int64_t Report(const std::string& code = "C0201", int64_t grid = 0,
                 const Actor* who = nullptr) {
    NewCase in;
    in.category_id = Category(code);
    in.source = "hotline";
    in.grid_id = grid ? grid : grid1_;
    in.description = "测试";
    auto r = cases_->Report(who ? *who : g1_, in);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->row.id : 0;
  }
  Result<CaseView> Do(const Actor& who, int64_t id, CaseAction a,
                      CaseActionInput in = {}) {
    in.action = a;
    return cases_->Act(who, id, in);
  }
  void Ok(const Actor& who, int64_t id, CaseAction a, CaseActionInput in = {}) {
    auto r = Do(who, id, a, in);
    ASSERT_TRUE(r) << CaseActionName(a) << ": " << r.error().message;
  }
  std::string State(int64_t id) {
    return cases_->Get(Actor::Cli(), id)->row.state;
  }
  // Drives a new case into `state` as the CLI operator.
  int64_t CaseIn(CaseState state) {
    const Actor cli = Actor::Cli();
    int64_t id = Report();
    auto to = [&](CaseAction a, CaseActionInput in = {}) {
      Ok(cli, id, a, in);
    };
    switch (state) {
      case CaseState::kReported:
        break;
      case CaseState::kVoided:
        to(CaseAction::kVoid, {.note = "重复"});
        break;
      case CaseState::kAccepted:
        to(CaseAction::kAccept);
        break;
      case CaseState::kShelved:
        to(CaseAction::kAccept);
        to(CaseAction::kShelve, {.note = "待改造", .review_on = "2027-03-01"});
        break;
      case CaseState::kDispatched:
        to(CaseAction::kAccept);
        to(CaseAction::kDispatch);
        break;
      case CaseState::kHandled:
        to(CaseAction::kAccept);
        to(CaseAction::kDispatch);
        to(CaseAction::kFeedback, {.note = "已调解"});
        break;
      case CaseState::kClosed:
        to(CaseAction::kAccept);
        to(CaseAction::kDispatch);
        to(CaseAction::kFeedback, {.note = "已调解"});
        to(CaseAction::kVerifyPass);
        break;
    }
    EXPECT_EQ(State(id), CaseStateName(state));
    return id;
  }

  std::unique_ptr<CaseCatalog> catalog_;
  std::unique_ptr<TaxonomyService> taxonomy_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<AttachmentService> attachments_;
  Actor leader_, street_, g1_, g1b_, g2_, admin_;
  int64_t grid1_ = 0, grid2_ = 0, street_id_ = 0;
};

TEST_F(CaseServiceTest, ReportNumbersPerCommunityAndStartsTheAcceptStep) {
  const int64_t a = Report();
  const int64_t b = Report("S0104", grid2_, &g2_);
  auto va = cases_->Get(leader_, a);
  auto vb = cases_->Get(leader_, b);
  ASSERT_TRUE(va && vb);
  EXPECT_EQ(va->row.number, "320115003012-2026-000001");
  EXPECT_EQ(vb->row.number, "320115003012-2026-000002");
  EXPECT_EQ(va->row.state, "reported");
  EXPECT_EQ(va->row.owner_kind, "community");
  EXPECT_EQ(va->row.step, "accept");
  // C0201 ordinary: accept within 2 working hours from Monday 08:00, i.e.
  // from 08:30 to 10:30 local.
  EXPECT_EQ(*va->row.step_deadline_at, kMonday0800 + 2 * kHour + kHour / 2);
  EXPECT_EQ(va->light, "green");
  EXPECT_EQ(va->row.tracking.size(), 10u);
  // One report event per case, in the same transaction as the case.
  auto events = cases_->Events(leader_, a);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "report");
  EXPECT_EQ((*events)[0].to_state, "reported");
}

TEST_F(CaseServiceTest, TheWholeLoopWithEveryLegalTransition) {
  Rule("C02", street_id_, "grid_role", "leader");
  const int64_t id = Report();
  Ok(leader_, id, CaseAction::kAccept, {.level = "prominent"});
  EXPECT_EQ(State(id), "accepted");
  Ok(leader_, id, CaseAction::kDispatch);
  auto v = cases_->Get(g1_, id);
  EXPECT_EQ(v->row.state, "dispatched");
  EXPECT_EQ(v->row.owner_kind, "grid");
  EXPECT_EQ(v->row.owner_role, "leader");
  EXPECT_EQ(v->row.routed_by.rfind("rule:", 0), 0u);
  // The grid sends it back (counted), the community dispatches again.
  Ok(g1_, id, CaseAction::kSendBack, {.note = "需社区协调"});
  v = cases_->Get(g1_, id);
  EXPECT_EQ(v->row.state, "accepted");
  EXPECT_EQ(v->row.returns_count, 1);
  EXPECT_EQ(v->row.owner_kind, "community");
  Ok(leader_, id, CaseAction::kDispatch);
  // Extension: requested by the owner, approved by the community.
  const Millis before = *cases_->Get(g1_, id)->row.step_deadline_at;
  // Offered only when they can succeed: a request while none waits, a
  // decision while one does.
  auto offers = [&](const Actor& who, std::string_view action) {
    auto view = cases_->Get(who, id);
    return view &&
           std::ranges::find(view->allowed, action) != view->allowed.end();
  };
  EXPECT_TRUE(offers(g1_, "request_extension"));
  EXPECT_FALSE(offers(leader_, "decide_extension"));
  Ok(g1_, id, CaseAction::kRequestExtension,
     {.note = "需等待业主", .hours = 8});
  EXPECT_FALSE(offers(g1_, "request_extension"));
  EXPECT_TRUE(offers(leader_, "decide_extension"));
  Ok(leader_, id, CaseAction::kDecideExtension, {.approve = true});
  v = cases_->Get(g1_, id);
  EXPECT_EQ(v->row.extensions_used, 1);
  EXPECT_GT(*v->row.step_deadline_at, before);
  EXPECT_FALSE(offers(leader_, "decide_extension"));
  EXPECT_FALSE(offers(g1_, "request_extension"));  // the one allowed is used
  // Only one extension by default.
  auto again =
      Do(g1_, id, CaseAction::kRequestExtension, {.note = "再延", .hours = 8});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key, "case.extension_limit");
  // Feedback by g1, verification by someone else; fail sends it back.
  Ok(g1_, id, CaseAction::kFeedback, {.note = "已调解"});
  EXPECT_EQ(State(id), "handled");
  Ok(g1b_, id, CaseAction::kVerifyFail, {.note = "双方仍有争议"});
  v = cases_->Get(g1_, id);
  EXPECT_EQ(v->row.state, "dispatched");
  EXPECT_EQ(v->row.rework_count, 1);
  EXPECT_EQ(v->row.owner_kind, "grid");  // back to the party that handled it
  Ok(g1_, id, CaseAction::kFeedback, {.note = "再次调解"});
  Ok(leader_, id, CaseAction::kVerifyPass);
  EXPECT_EQ(State(id), "closed");
  // Unsatisfied reopens to the handler; satisfied keeps it closed.
  Ok(leader_, id, CaseAction::kEvaluate,
     {.note = "回访不满意", .satisfaction = "unsatisfied"});
  EXPECT_EQ(State(id), "dispatched");
  Ok(g1_, id, CaseAction::kFeedback, {.note = "第三次调解"});
  Ok(leader_, id, CaseAction::kVerifyPass);
  Ok(leader_, id, CaseAction::kEvaluate, {.satisfaction = "satisfied"});
  EXPECT_EQ(State(id), "closed");
  // Reopen on review.
  Ok(leader_, id, CaseAction::kReopen, {.note = "复查发现反弹"});
  EXPECT_EQ(State(id), "dispatched");

  // Every action appended one event with from/to, in order.
  auto events = cases_->Events(leader_, id);
  ASSERT_TRUE(events);
  std::vector<std::string> actions;
  for (const auto& e : *events) actions.push_back(e.action);
  EXPECT_EQ(actions,
            (std::vector<std::string>{
                "report", "accept", "dispatch", "send_back", "dispatch",
                "request_extension", "decide_extension", "feedback",
                "verify_fail", "feedback", "verify_pass", "evaluate",
                "feedback", "verify_pass", "evaluate", "reopen"}));
  EXPECT_EQ((*events)[3].from_state, "dispatched");
  EXPECT_EQ((*events)[3].to_state, "accepted");

  // Void, shelve and unshelve.
  const int64_t other = Report();
  EXPECT_FALSE(Do(leader_, other, CaseAction::kVoid));  // needs a reason
  Ok(leader_, other, CaseAction::kVoid, {.note = "重复上报"});
  EXPECT_EQ(State(other), "voided");
  const int64_t parked = Report();
  Ok(leader_, parked, CaseAction::kAccept);
  auto bad_date = Do(leader_, parked, CaseAction::kShelve,
                     {.note = "待改造", .review_on = "明年"});
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().field, "review_on");
  Ok(leader_, parked, CaseAction::kShelve,
     {.note = "待改造", .review_on = "2027-03-01"});
  EXPECT_EQ(State(parked), "shelved");
  Ok(leader_, parked, CaseAction::kUnshelve);
  EXPECT_EQ(State(parked), "accepted");
}

TEST_F(CaseServiceTest, EveryIllegalTransitionIsAConflictNamingTheAllowed) {
  const Actor cli = Actor::Cli();
  const std::vector<CaseState> states = {
      CaseState::kReported, CaseState::kAccepted, CaseState::kDispatched,
      CaseState::kHandled,  CaseState::kClosed,   CaseState::kVoided,
      CaseState::kShelved};
  const std::vector<CaseAction> actions = {
      CaseAction::kAccept,           CaseAction::kVoid,
      CaseAction::kDispatch,         CaseAction::kSendBack,
      CaseAction::kFeedback,         CaseAction::kVerifyPass,
      CaseAction::kVerifyFail,       CaseAction::kShelve,
      CaseAction::kUnshelve,         CaseAction::kReopen,
      CaseAction::kRequestExtension, CaseAction::kDecideExtension,
      CaseAction::kEvaluate};
  int illegal = 0;
  for (CaseState s : states) {
    const int64_t id = CaseIn(s);
    const auto allowed = AllowedActions(s);
    for (CaseAction a : actions) {
      if (std::ranges::find(allowed, a) != allowed.end()) continue;
      auto r = Do(cli, id, a, {.note = "x", .satisfaction = "satisfied"});
      ASSERT_FALSE(r) << CaseStateName(s) << " " << CaseActionName(a);
      EXPECT_EQ(r.error().code, ErrorCode::kConflict);
      EXPECT_EQ(r.error().key, "case.transition");
      for (CaseAction ok : allowed)
        EXPECT_NE(r.error().message.find(CaseActionName(ok)), std::string::npos)
            << r.error().message;
      EXPECT_EQ(State(id), CaseStateName(s));  // nothing changed
      ++illegal;
    }
  }
  EXPECT_GT(illegal, 50);
  // And the refusals are audited.
  auto refused = db_->Read([](store::Connection& c) {
    return c.QueryInt(
        "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'case.%' AND "
        "result = 'failed'");
  });
  EXPECT_EQ(*refused, illegal);
}

TEST_F(CaseServiceTest, RolesAndScopesAreChecked) {
  Rule("C02", street_id_, "grid_role", "leader");
  const int64_t id = Report();
  // Grid staff report and handle but do not accept; other grids see nothing.
  auto r = Do(g1_, id, CaseAction::kAccept);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->Get(g2_, id).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Do(g2_, id, CaseAction::kVoid, {.note = "x"}).error().code,
            ErrorCode::kPermissionDenied);
  NewCase in{.category_id = Category("C0201"), .source = "hotline"};
  in.grid_id = grid2_;
  EXPECT_EQ(cases_->Report(g1_, in).error().code, ErrorCode::kPermissionDenied);
  // Administrators run the catalogue, not cases.
  EXPECT_EQ(cases_->Get(admin_, id).error().code, ErrorCode::kPermissionDenied);
  // The handler cannot verify their own work.
  Ok(leader_, id, CaseAction::kAccept);
  Ok(leader_, id, CaseAction::kDispatch);
  Ok(g1_, id, CaseAction::kFeedback, {.note = "done"});
  auto own = Do(g1_, id, CaseAction::kVerifyPass);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(State(id), "handled");
  // The actions offered to a user are the ones they may take.
  auto v = cases_->Get(g1b_, id);
  EXPECT_EQ(v->allowed,
            (std::vector<std::string>{"verify_pass", "verify_fail"}));
  EXPECT_TRUE(cases_->Get(g1_, id)->allowed.empty());
}

TEST_F(CaseServiceTest, DepartmentsActThroughMembership) {
  auto org = taxonomy_->CreateOrgUnit(
      admin_, {0, "department", "CG", "城管中队", "", street_id_, ""});
  ASSERT_TRUE(org);
  Actor officer = MakeUser("officer", "patrol_member", "");
  ASSERT_TRUE(taxonomy_->AddOrgMember(admin_, org->id, *officer.user_id));
  Rule("S05", street_id_, "department", "", org->id);
  const int64_t id = Report("S0501");
  Ok(leader_, id, CaseAction::kAccept);
  Ok(leader_, id, CaseAction::kDispatch);
  auto v = cases_->Get(officer, id);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->row.owner_kind, "department");
  EXPECT_EQ(v->owner_label, "城管中队");
  // S0501 needs an after photo.
  auto no_photo = Do(officer, id, CaseAction::kFeedback, {.note = "已劝离"});
  ASSERT_FALSE(no_photo);
  EXPECT_EQ(no_photo.error().field, "attachments");
  auto photo = attachments_->Upload(
      officer, demo::DemoPhotoPng(0x336699, 0x99ccff, 8, 8));
  ASSERT_TRUE(photo) << photo.error().message;
  Ok(officer, id, CaseAction::kFeedback,
     {.note = "已劝离", .attachments = {photo->id}});
  v = cases_->Get(leader_, id);
  ASSERT_EQ(v->attachments.size(), 1u);
  EXPECT_EQ(v->attachments[0].kind, "after");
  // Someone else's photo cannot be linked.
  const int64_t other = CaseIn(CaseState::kDispatched);
  auto foreign = Do(g2_, other, CaseAction::kFeedback,
                    {.note = "x", .attachments = {photo->id}});
  ASSERT_FALSE(foreign);
}

TEST_F(CaseServiceTest, ACaseKeepsThePolicyItWasOpenedUnder) {
  const int64_t old_case = Report();
  const auto before = cases_->Get(leader_, old_case)->row;
  auto cat = (*catalog_->Current())->Category(Category("C0201"));
  auto policy = CasePolicyToJson(*cat->policy);
  policy["limits"].as_object()["ordinary"].as_object()["accept"] =
      boost::json::object{{"hours", 6}, {"basis", "natural"}};
  auto set = taxonomy_->SetPolicy(admin_, Category("C0201"), policy);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->version, 2);
  const int64_t new_case = Report();
  const auto after = cases_->Get(leader_, new_case)->row;
  EXPECT_NE(after.policy_id, before.policy_id);
  EXPECT_EQ(*after.step_deadline_at, kMonday0800 + 6 * kHour);
  EXPECT_EQ(cases_->Get(leader_, old_case)->row.policy_id, before.policy_id);
  // Bad policies are refused naming the field; only admins edit.
  policy["limits"].as_object()["ordinary"].as_object()["handle"] =
      boost::json::object{{"hours", -1}};
  auto bad = taxonomy_->SetPolicy(admin_, Category("C0201"), policy);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "limits.ordinary.handle.hours");
  EXPECT_EQ(
      taxonomy_->SetPolicy(leader_, Category("C0201"), policy).error().code,
      ErrorCode::kPermissionDenied);
}

TEST_F(CaseServiceTest, ResponsibilityMatrixFindsGapsConflictsAndFallsBack) {
  auto check = taxonomy_->Check(admin_, std::nullopt);
  ASSERT_TRUE(check);
  const int64_t leaves = check->cells / 2;  // two grids
  EXPECT_EQ(check->gaps, check->cells);     // no rules yet: all fallback
  Rule("C02", street_id_, "grid_role", "leader");
  Rule("C0201", grid2_, "community_office");
  Rule("C0201", grid2_, "street_office");  // a conflict on one cell
  check = taxonomy_->Check(admin_, std::nullopt);
  EXPECT_EQ(check->conflicts, 1);
  EXPECT_EQ(check->gaps, check->cells - 2 * 2);  // C0201, C0202 × 2 grids
  EXPECT_EQ(leaves * 2, check->cells);
  bool found = false;
  for (const auto& p : check->problems)
    if (p.kind == "conflict") {
      found = true;
      EXPECT_EQ(p.grid_id, grid2_);
      EXPECT_EQ(p.rule_ids.size(), 2u);
    }
  EXPECT_TRUE(found);
  // A conflicting cell still routes to exactly one owner: the area.
  const int64_t id = Report("C0201", grid2_, &g2_);
  Ok(leader_, id, CaseAction::kAccept);
  Ok(leader_, id, CaseAction::kDispatch);
  auto v = cases_->Get(leader_, id);
  EXPECT_EQ(v->row.owner_kind, "community");
  EXPECT_EQ(v->row.routed_by, "conflict");
  // A gap falls back to the community office (属地兜底).
  const int64_t gap = Report("B0501");
  Ok(leader_, gap, CaseAction::kAccept);
  Ok(leader_, gap, CaseAction::kDispatch);
  EXPECT_EQ(cases_->Get(leader_, gap)->row.routed_by, "fallback");
  // Rules naming a bad party are refused.
  store::RuleRow bad{.category_id = Category("C01"),
                     .area_id = street_id_,
                     .party_kind = "department"};
  auto refused = taxonomy_->AddRule(admin_, bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "party_org_id");
}

TEST_F(CaseServiceTest, DeadlinesSkipNightsWeekendsAndStoredHolidays) {
  // Friday 2026-12-04 16:30 local; accept limit 2 working hours.
  clock_.Set(kMonday0800 + 4 * 24 * kHour + 8 * kHour + kHour / 2);
  const int64_t a = Report();
  // 1 h left on Friday (16:30–17:30), 1 h on Monday from 08:30.
  EXPECT_EQ(*cases_->Get(leader_, a)->row.step_deadline_at,
            kMonday0800 + 7 * 24 * kHour + kHour / 2 + kHour);
  // Monday 7 December becomes a holiday: Tuesday then.
  auto put =
      taxonomy_->PutCalendar(admin_, "2026-12-07", "2026-12-07",
                             {{"2026-12-07", "holiday", "测试假日"}}, "");
  ASSERT_TRUE(put) << put.error().message;
  const int64_t b = Report();
  EXPECT_EQ(*cases_->Get(leader_, b)->row.step_deadline_at,
            kMonday0800 + 8 * 24 * kHour + kHour / 2 + kHour);
  // Urgent categories run on natural time: a manhole cover, 0.5 h.
  const int64_t c = Report("B0101");
  EXPECT_EQ(*cases_->Get(leader_, c)->row.step_deadline_at,
            clock_.Now() + kHour / 2);
  // Bad calendar input changes nothing.
  auto bad = taxonomy_->PutCalendar(admin_, "2026-12-01", "2026-12-31",
                                    {{"2027-01-01", "holiday", ""}}, "");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "days");
}

TEST_F(CaseServiceTest, DeadlineJobRaisesYellowThenRedAndEscalatesOnce) {
  const int64_t id = Report();  // accept by 10:30; yellow at 80 %
  auto run = cases_->RunDeadlines("t", 100);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->yellow + run->red, 0);
  clock_.Set(kMonday0800 + 2 * kHour + 6 * 60000);  // 10:06: 96 min of 120
  run = cases_->RunDeadlines("t", 100);
  EXPECT_EQ(run->yellow, 1);
  EXPECT_EQ(cases_->Get(leader_, id)->light, "yellow");
  run = cases_->RunDeadlines("t", 100);
  EXPECT_EQ(run->yellow + run->red, 0);  // once per step instance
  clock_.Set(kMonday0800 + 3 * kHour);   // 11:00, past 10:30
  run = cases_->RunDeadlines("t", 100);
  EXPECT_EQ(run->red, 1);
  EXPECT_EQ(run->escalated, 1);
  auto v = cases_->Get(street_, id);
  EXPECT_EQ(v->row.owner_kind, "street");  // community → street
  EXPECT_EQ(v->row.escalation_level, 1);
  EXPECT_FALSE(v->row.on_time);
  run = cases_->RunDeadlines("t", 100);
  EXPECT_EQ(run->red + run->escalated, 0);
  auto sups = cases_->Supervisions(leader_, id);
  ASSERT_TRUE(sups);
  ASSERT_EQ(sups->size(), 3u);
  EXPECT_EQ((*sups)[0].level, "yellow");
  EXPECT_EQ((*sups)[1].level, "red");
  EXPECT_EQ((*sups)[2].kind, "escalation");
  // The owner and the superior were notified.
  auto notes = db_->Read([&](store::Connection& c) {
    return c.QueryInt("SELECT COUNT(DISTINCT user_id) FROM notifications");
  });
  EXPECT_GE(*notes, 2);
}

TEST_F(CaseServiceTest, ManualSupervisionWaitsForTheOwnersReply) {
  const int64_t id = CaseIn(CaseState::kDispatched);  // fallback: community
  EXPECT_EQ(cases_->Supervise(g1_, id, "yellow", "请加快", {}).error().code,
            ErrorCode::kPermissionDenied);
  auto s = cases_->Supervise(street_, id, "red", "三天内办结", 48);
  ASSERT_TRUE(s) << s.error().message;
  auto todo = cases_->TodoFor(leader_);
  ASSERT_TRUE(todo);
  ASSERT_EQ(todo->supervision.size(), 1u);
  EXPECT_EQ(todo->supervision[0].id, s->id);
  EXPECT_EQ(cases_->Reply(g2_, s->id, "收到").error().code,
            ErrorCode::kPermissionDenied);
  auto reply = cases_->Reply(leader_, s->id, "已协调，周四前完成");
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(cases_->Reply(leader_, s->id, "again").error().code,
            ErrorCode::kConflict);
  EXPECT_TRUE(cases_->TodoFor(leader_)->supervision.empty());
}

TEST_F(CaseServiceTest, TodoListsMineOverdueAndToVerify) {
  Rule("C02", street_id_, "grid_role", "leader");
  const int64_t mine = CaseIn(CaseState::kDispatched);
  const int64_t verify = CaseIn(CaseState::kHandled);  // handled by CLI
  auto todo = cases_->TodoFor(g1_);
  ASSERT_TRUE(todo);
  auto ids = [](const std::vector<CaseView>& v) {
    std::set<int64_t> s;
    for (const auto& c : v) s.insert(c.row.id);
    return s;
  };
  EXPECT_TRUE(ids(todo->mine).contains(mine));
  EXPECT_TRUE(ids(todo->to_verify).contains(verify));
  EXPECT_TRUE(todo->overdue.empty());
  clock_.Advance(10 * 24 * kHour);
  EXPECT_TRUE(ids(cases_->TodoFor(g1_)->overdue).contains(mine));
  EXPECT_TRUE(cases_->TodoFor(g2_)->mine.empty());
}

TEST_F(CaseServiceTest, MajorCasesGoOnTheSupervisionList) {
  const int64_t id = CaseIn(CaseState::kAccepted);
  auto m = cases_->ListMajor(leader_, id, *street_.user_id,
                             {"2026-12-15", "2026-12-05"}, "包案领导");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->next_review_on, "2026-12-05");
  EXPECT_TRUE(m->view.row.is_major);
  EXPECT_EQ(cases_->MajorCases(leader_)->size(), 1u);
  EXPECT_TRUE(cases_->MajorCases(g2_)->empty());
  EXPECT_EQ(cases_->ListMajor(leader_, id, *g1_.user_id, {"2026-12-05"}, "")
                .error()
                .field,
            "leader_user_id");
}

TEST_F(CaseServiceTest, PublicReportsAreRateLimitedAndShowNoPersonalData) {
  NewCase in{.category_id = Category("C0301"),
             .description = "路灯不亮",
             .address_text = "东阳花园北门"};
  in.grid_id = grid1_;
  in.reporter_name = "李梅";
  in.reporter_phone = "13912345678";
  std::string tracking;
  for (int i = 0; i < 5; ++i) {
    auto r = cases_->ReportPublic(in, "origin-a");
    ASSERT_TRUE(r) << r.error().message;
    tracking = r->tracking;
  }
  auto limited = cases_->ReportPublic(in, "origin-a");
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(cases_->ReportPublic(in, "origin-b"));
  clock_.Advance(kHour + 1);
  EXPECT_TRUE(cases_->ReportPublic(in, "origin-a"));

  auto status = cases_->PublicLookup(tracking);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, "reported");
  EXPECT_EQ(status->category_name, "民生诉求");
  // The staff view masks the contact; the public view has no name at all.
  auto id = db_->Read([&](store::Connection& c) {
    return c.QueryInt("SELECT id FROM cases WHERE tracking = ?", {tracking});
  });
  auto staff = cases_->Get(leader_, *id);
  EXPECT_EQ(staff->reporter_contact_masked, "139****5678");
  EXPECT_EQ(staff->row.source, "resident");
  auto raw = db_->Read([&](store::Connection& c) {
    return c.QueryInt(
        "SELECT COUNT(*) FROM cases WHERE "
        "reporter_contact_sealed LIKE '%13912345678%'");
  });
  EXPECT_EQ(*raw, 0);
  EXPECT_EQ(cases_->PublicLookup("NOSUCHCODE").error().code,
            ErrorCode::kNotFound);
  // Rated once closed; unsatisfied reopens.
  EXPECT_EQ(cases_->PublicEvaluate(tracking, true, "").error().code,
            ErrorCode::kConflict);
  const Actor cli = Actor::Cli();
  Ok(cli, *id, CaseAction::kAccept);
  Ok(cli, *id, CaseAction::kDispatch);
  Ok(cli, *id, CaseAction::kFeedback, {.note = "已处理"});
  Ok(leader_, *id, CaseAction::kVerifyPass);
  auto rated = cases_->PublicEvaluate(tracking, false, "还是不亮");
  ASSERT_TRUE(rated) << rated.error().message;
  EXPECT_EQ(rated->state, "dispatched");
}

TEST_F(CaseServiceTest, DuplicateHintsAreNearRecentOpenAndSameCategory) {
  NewCase in{.category_id = Category("C0201"), .source = "hotline"};
  in.grid_id = grid1_;
  in.lon = 119.1700;
  in.lat = 31.9500;
  ASSERT_TRUE(cases_->Report(g1_, in));
  auto near = cases_->Duplicates(g1_, Category("C0201"), 119.1703, 31.9502);
  ASSERT_TRUE(near);
  ASSERT_EQ(near->size(), 1u);
  EXPECT_LT((*near)[0].distance_m, 50);
  // Another grid's staff are not shown a case they may not open.
  EXPECT_TRUE(
      cases_->Duplicates(g2_, Category("C0201"), 119.1703, 31.9502)->empty());
  EXPECT_TRUE(cases_->Duplicates(g1_, Category("C0201"), 119.1710, 31.9500)
                  ->empty());  // ~95 m east
  EXPECT_TRUE(
      cases_->Duplicates(g1_, Category("C0202"), 119.1700, 31.9500)->empty());
  clock_.Advance(8 * 24 * kHour);
  EXPECT_TRUE(
      cases_->Duplicates(g1_, Category("C0201"), 119.1700, 31.9500)->empty());
}

TEST_F(CaseServiceTest, GroupCommitNumbersEveryConcurrentReportOnce) {
  CaseService batched(*db_, clock_, *cipher_, *audit_, *catalog_, *locator_,
                      true);
  std::vector<std::thread> threads;
  std::atomic<int> ok = 0;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        NewCase in{.category_id = Category("C0201"), .source = "hotline"};
        in.grid_id = grid1_;
        if (batched.Report(g1_, in)) ++ok;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 320);
  auto counts =
      db_->Read([](store::Connection& c) -> Result<std::vector<int64_t>> {
        std::vector<int64_t> out;
        for (const char* sql :
             {"SELECT COUNT(*) FROM cases",
              "SELECT COUNT(DISTINCT number) FROM cases",
              "SELECT COUNT(*) FROM case_events",
              "SELECT COUNT(*) FROM audit_log WHERE action = 'case.report'"}) {
          WG_ASSIGN(int64_t n, c.QueryInt(sql));
          out.push_back(n);
        }
        return out;
      });
  EXPECT_EQ(*counts, (std::vector<int64_t>{320, 320, 320, 320}));
  auto verdict = db_->Read(
      [](store::Connection& c) { return store::AuditStore::Verify(c); });
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->first_bad_id);
}

TEST_F(CaseServiceTest, GroupCommitAnswersOnlyAfterTheLogSyncOfItsBatch) {
  CaseService batched(*db_, clock_, *cipher_, *audit_, *catalog_, *locator_,
                      true);
  // On SQLite the batch's commit leaves its fsync to the acknowledging
  // thread: by the time a report is answered, that sync has been made.
  const int64_t before = store::LogSyncsCompleted();
  std::promise<std::pair<bool, int64_t>> answered;
  NewCase in{.category_id = Category("C0201"), .source = "hotline"};
  in.grid_id = grid1_;
  batched.ReportAsync(g1_, in, [&](Result<CaseView> view) {
    answered.set_value({view.has_value(), store::LogSyncsCompleted()});
  });
  auto [ok, syncs_at_answer] = answered.get_future().get();
  EXPECT_TRUE(ok);
  EXPECT_GT(syncs_at_answer, before);
}

}  // namespace
}  // namespace wangge::service::testing
