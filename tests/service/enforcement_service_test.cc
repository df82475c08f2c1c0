// Joint enforcement (联合执法): who may collect which cases into a task,
// departments answering, the lead rating the answers (吹哨报到), closing,
// and who sees a task.
#include "service/enforcement_service.h"

#include <gtest/gtest.h>

#include "service/attachment_service.h"
#include "service/case_catalog.h"
#include "service/case_service.h"
#include "service_fixture.h"
#include "store/case_store.h"
#include "store/taxonomy_store.h"

namespace wangge::service::testing {
namespace {

// A real 1x1 PNG.
const std::string kPng = [] {
  const unsigned char b[] = {
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
      0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
      0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
      0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xB8, 0x24, 0x27, 0x07,
      0x00, 0x02, 0xD4, 0x01, 0x0F, 0x8F, 0x68, 0x5E, 0x7D, 0x00, 0x00, 0x00,
      0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(std::begin(b), std::end(b));
}();

class EnforcementServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    const Actor cli = Actor::Cli();
    // A second community with one grid, for someone out of scope.
    ASSERT_TRUE(areas_->CreateArea(
        cli, {"community", "320115003", "西岗社区", "", 13, "basic"}));
    ASSERT_TRUE(areas_->CreateArea(
        cli, {"grid", "320115003013", "第一网格", "", 1, "basic"}));
    catalog_ = std::make_unique<CaseCatalog>(*db_, clock_);
    cases_ = std::make_unique<CaseService>(*db_, clock_, *cipher_, *audit_,
                                           *catalog_, *locator_, false);
    enforcement_ =
        std::make_unique<EnforcementService>(*db_, clock_, *audit_, *catalog_);

    zone_ = InsertOrg("functional_zone", "T-ZONE", "东部片区");
    dept_a_ = InsertOrg("department", "T-ZHIFA", "城管执法中队");
    dept_b_ = InsertOrg("department", "T-GUIHUA", "规划分局");

    leader_ = MakeUser("leader", "community_leader", "320115003012");
    other_leader_ = MakeUser("leader2", "community_leader", "320115003013");
    grid_staff_ = MakeUser("grid01", "grid_staff", kGrid1);
    far_staff_ = MakeUser("far01", "grid_staff", "32011500301301");
    zone_member_ = MakeUser("zone01", "patrol_member", "");
    member_a_ = MakeUser("zhifa01", "patrol_member", "");
    member_b_ = MakeUser("guihua01", "patrol_member", "");
    AddMember(zone_, zone_member_);
    AddMember(dept_a_, member_a_);
    AddMember(dept_b_, member_b_);

    grid1_ = GridId(kGrid1);
    far_grid_ = GridId("32011500301301");
  }

  void TearDown() override {
    enforcement_.reset();
    cases_.reset();
    catalog_.reset();
    ServiceTest::TearDown();
  }

  int64_t InsertOrg(const std::string& kind, const std::string& code,
                    const std::string& name) {
    auto id = db_->Write([&](store::Connection& c) {
      return store::TaxonomyStore::InsertOrgUnit(
          c, {.kind = kind, .code = code, .name = name}, clock_.Now());
    });
    EXPECT_TRUE(id) << id.error().message;
    return *id;
  }

  void AddMember(int64_t org, const Actor& user) {
    auto ok = db_->Write([&](store::Connection& c) {
      return store::TaxonomyStore::AddOrgMember(c, org, *user.user_id);
    });
    EXPECT_TRUE(ok) << ok.error().message;
  }

  int64_t GridId(const std::string& code) {
    auto id = db_->Read([&](store::Connection& c) {
      return c.QueryInt("SELECT id FROM areas WHERE code = ?", {code});
    });
    EXPECT_TRUE(id);
    return *id;
  }

  int64_t CategoryId(const std::string& code) {
    auto snap = catalog_->Current();
    EXPECT_TRUE(snap);
    for (const auto& [id, cat] : (*snap)->categories)
      if (cat.row.code == code) return id;
    ADD_FAILURE() << "no category " << code;
    return 0;
  }

  int64_t Report(const std::string& category_code, int64_t grid_id) {
    NewCase in;
    in.category_id = CategoryId(category_code);
    in.source = "hotline";
    in.grid_id = grid_id;
    in.description = "群众来电反映";
    auto view = cases_->Report(Actor::Cli(), in);
    EXPECT_TRUE(view) << view.error().message;
    return view ? view->row.id : 0;
  }

  NewEnforcementTask Task(std::vector<int64_t> case_ids) {
    NewEnforcementTask in;
    in.title = "东阳花园违建联合整治";
    in.lead_org_id = zone_;
    in.department_ids = {dept_a_, dept_b_};
    in.case_ids = std::move(case_ids);
    in.parties = {{"张某", "业主"}, {"某装饰公司", "施工方"}};
    in.addresses = {"东阳花园 3 幢顶楼"};
    in.scheduled_on = "2026-12-01";
    in.note = "请各部门携带执法文书";
    return in;
  }

  int64_t AuditCount(const std::string& action, const std::string& result) {
    auto n = db_->Read([&](store::Connection& c) {
      return c.QueryInt(
          "SELECT COUNT(*) FROM audit_log WHERE action = ? AND result = ?",
          {action, result});
    });
    EXPECT_TRUE(n);
    return *n;
  }

  std::unique_ptr<CaseCatalog> catalog_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<EnforcementService> enforcement_;
  int64_t zone_ = 0, dept_a_ = 0, dept_b_ = 0;
  int64_t grid1_ = 0, far_grid_ = 0;
  Actor leader_, other_leader_, grid_staff_, far_staff_, zone_member_,
      member_a_, member_b_;
};

TEST_F(EnforcementServiceTest, LeaderCreatesATaskWithNumberEventsAndNotices) {
  const int64_t k1 = Report("C0401", grid1_);
  const int64_t k2 = Report("S0503", GridId(kGrid2));
  auto task = enforcement_->Create(leader_, Task({k1, k2}));
  ASSERT_TRUE(task) << task.error().message;
  EXPECT_EQ(task->row.number, "ZF-2026-0001");
  EXPECT_EQ(task->row.status, "open");
  EXPECT_EQ(task->row.lead_org_name, "东部片区");
  EXPECT_EQ(task->row.scheduled_on, "2026-12-01");
  ASSERT_EQ(task->cases.size(), 2u);
  ASSERT_EQ(task->departments.size(), 2u);
  ASSERT_EQ(task->parties.size(), 2u);
  EXPECT_EQ(task->parties[1].role, "施工方");
  EXPECT_EQ(task->addresses, std::vector<std::string>{"东阳花园 3 幢顶楼"});
  EXPECT_EQ(task->note, "请各部门携带执法文书");
  EXPECT_TRUE(task->may_close);

  auto events = cases_->Events(leader_, k1);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->back().action, "enforcement_task");
  EXPECT_NE(events->back().note.find("ZF-2026-0001"), std::string::npos);

  // Members of the zone and both departments are told.
  auto notices = db_->Read([&](store::Connection& c) {
    return c.QueryInt(
        "SELECT COUNT(DISTINCT user_id) FROM notifications WHERE kind = "
        "'enforcement.task'");
  });
  ASSERT_TRUE(notices);
  EXPECT_EQ(*notices, 3);
  EXPECT_EQ(AuditCount("enforcement.create", "ok"), 1);

  // The next task of the year counts on.
  const int64_t k3 = Report("C0401", grid1_);
  auto second = enforcement_->Create(Actor::Cli(), Task({k3}));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->row.number, "ZF-2026-0002");
}

TEST_F(EnforcementServiceTest, OnlyLawEnforcementCasesOfOpenStateJoin) {
  const int64_t litter = Report("S0102", grid1_);
  auto bad = enforcement_->Create(leader_, Task({litter}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "case_ids");

  auto missing = enforcement_->Create(leader_, Task({987654}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().field, "case_ids");

  const int64_t k = Report("C0401", grid1_);
  auto voided = cases_->Act(Actor::Cli(), k,
                            {.action = CaseAction::kVoid, .note = "重复上报"});
  ASSERT_TRUE(voided) << voided.error().message;
  auto closed = enforcement_->Create(leader_, Task({k}));
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().field, "case_ids");
  // Nothing was written by the refused attempts.
  auto list = enforcement_->List(Actor::Cli(), "", {});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 0);
}

TEST_F(EnforcementServiceTest, LeadAndDepartmentsMustHaveTheRightKind) {
  const int64_t k = Report("C0401", grid1_);
  auto in = Task({k});
  in.lead_org_id = dept_a_;
  in.department_ids = {dept_b_};
  auto bad_lead = enforcement_->Create(leader_, in);
  ASSERT_FALSE(bad_lead);
  EXPECT_EQ(bad_lead.error().field, "lead_org_id");

  in = Task({k});
  in.department_ids = {};
  auto none = enforcement_->Create(leader_, in);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field, "department_ids");

  in = Task({k});
  const int64_t other_zone =
      InsertOrg("functional_zone", "T-ZONE2", "西部片区");
  in.department_ids = {dept_a_, other_zone};
  auto zone_as_dept = enforcement_->Create(leader_, in);
  ASSERT_FALSE(zone_as_dept);
  EXPECT_EQ(zone_as_dept.error().field, "department_ids");

  in = Task({k});
  in.scheduled_on = "2026-13-01";
  auto bad_date = enforcement_->Create(leader_, in);
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().field, "scheduled_on");

  in = Task({k});
  in.parties = {{"", "业主"}};
  auto bad_party = enforcement_->Create(leader_, in);
  ASSERT_FALSE(bad_party);
  EXPECT_EQ(bad_party.error().field, "parties");
}

TEST_F(EnforcementServiceTest, OnlyLeadersOverEveryCaseCreate) {
  const int64_t here = Report("C0401", grid1_);
  const int64_t there = Report("C0401", far_grid_);
  for (const Actor* who : {&grid_staff_, &zone_member_, &member_a_}) {
    auto r = enforcement_->Create(*who, Task({here}));
    ASSERT_FALSE(r) << who->username;
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << who->username;
  }
  auto mixed = enforcement_->Create(leader_, Task({here, there}));
  ASSERT_FALSE(mixed);
  EXPECT_EQ(mixed.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditCount("enforcement.create", "denied"), 4);
  EXPECT_TRUE(enforcement_->Create(other_leader_, Task({there})));
}

TEST_F(EnforcementServiceTest, ACaseInAnOpenTaskCannotJoinASecond) {
  const int64_t k = Report("C0401", grid1_);
  auto first = enforcement_->Create(leader_, Task({k}));
  ASSERT_TRUE(first) << first.error().message;
  auto second = enforcement_->Create(leader_, Task({k}));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().field, "case_ids");
  EXPECT_NE(second.error().message.find(first->row.number), std::string::npos);

  // Once the first task is done the case may be taken up again.
  ASSERT_TRUE(enforcement_->Close(leader_, first->row.id, ""));
  EXPECT_TRUE(enforcement_->Create(leader_, Task({k})));
}

TEST_F(EnforcementServiceTest, DepartmentMembersAnswerAndTheLeadRates) {
  const int64_t k = Report("C0401", grid1_);
  auto task = enforcement_->Create(leader_, Task({k}));
  ASSERT_TRUE(task) << task.error().message;
  const int64_t id = task->row.id;

  // Rating before the answer is a conflict.
  auto early = enforcement_->Rate(zone_member_, id, dept_a_, 4);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);

  // A member of the other department may not answer for this one.
  auto foreign = enforcement_->Respond(member_b_, id, dept_a_, "已到场");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kPermissionDenied);
  // Nor may a grid member with no part in it.
  auto outsider = enforcement_->Respond(grid_staff_, id, dept_a_, "已到场");
  ASSERT_FALSE(outsider);
  EXPECT_EQ(outsider.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditCount("enforcement.respond", "denied"), 2);

  auto empty = enforcement_->Respond(member_a_, id, dept_a_, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "response");
  auto not_summoned = enforcement_->Respond(member_a_, id, zone_, "到");
  ASSERT_FALSE(not_summoned);
  EXPECT_EQ(not_summoned.error().field, "org_id");

  clock_.Advance(3600000);
  auto answered =
      enforcement_->Respond(member_a_, id, dept_a_, "中队 2 人已到场，已立案");
  ASSERT_TRUE(answered) << answered.error().message;
  EXPECT_EQ(answered->row.status, "in_progress");
  const auto& a = answered->departments.at(0).org_id == dept_a_
                      ? answered->departments.at(0)
                      : answered->departments.at(1);
  EXPECT_EQ(a.response, "中队 2 人已到场，已立案");
  EXPECT_EQ(a.responded_at, clock_.Now());
  EXPECT_EQ(a.responded_by, member_a_.user_id);
  EXPECT_EQ(a.responded_by_name, "zhifa01");
  EXPECT_EQ(AuditCount("enforcement.respond", "ok"), 1);

  // The lead zone answers on behalf of a department.
  EXPECT_TRUE(
      enforcement_->Respond(zone_member_, id, dept_b_, "规划分局电话确认"));

  // Ratings are 1..5, by the lead zone or leaders over the cases.
  for (int64_t bad : {0, 6, -1}) {
    auto r = enforcement_->Rate(zone_member_, id, dept_a_, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "rating");
  }
  auto by_dept = enforcement_->Rate(member_a_, id, dept_a_, 5);
  ASSERT_FALSE(by_dept);
  EXPECT_EQ(by_dept.error().code, ErrorCode::kPermissionDenied);
  auto rated = enforcement_->Rate(zone_member_, id, dept_a_, 5);
  ASSERT_TRUE(rated) << rated.error().message;
  auto by_leader = enforcement_->Rate(leader_, id, dept_b_, 3);
  ASSERT_TRUE(by_leader) << by_leader.error().message;
  for (const auto& d : by_leader->departments)
    EXPECT_EQ(d.rating, d.org_id == dept_a_ ? 5 : 3);

  // A rated answer stays.
  auto change = enforcement_->Respond(member_a_, id, dept_a_, "改口");
  ASSERT_FALSE(change);
  EXPECT_EQ(change.error().code, ErrorCode::kConflict);
}

TEST_F(EnforcementServiceTest, CloseMarksDoneAndLeavesTheCasesInTheirLoop) {
  const int64_t k = Report("C0401", grid1_);
  auto task = enforcement_->Create(leader_, Task({k}));
  ASSERT_TRUE(task) << task.error().message;
  const int64_t id = task->row.id;
  auto by_dept = enforcement_->Close(member_a_, id, "");
  ASSERT_FALSE(by_dept);
  EXPECT_EQ(by_dept.error().code, ErrorCode::kPermissionDenied);

  clock_.Advance(7200000);
  auto closed = enforcement_->Close(zone_member_, id, "违建已拆除");
  ASSERT_TRUE(closed) << closed.error().message;
  EXPECT_EQ(closed->row.status, "done");
  EXPECT_EQ(closed->row.closed_at, clock_.Now());
  EXPECT_EQ(closed->closing_note, "违建已拆除");
  EXPECT_FALSE(closed->may_close);
  EXPECT_TRUE(closed->may_respond_for.empty());
  ASSERT_EQ(closed->cases.size(), 1u);
  EXPECT_EQ(closed->cases[0].state, "reported");

  auto again = enforcement_->Close(leader_, id, "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto late = enforcement_->Respond(member_a_, id, dept_a_, "迟到的响应");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);

  auto done = enforcement_->List(leader_, "done", {});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->total, 1);
  auto open = enforcement_->List(leader_, "open", {});
  ASSERT_TRUE(open);
  EXPECT_EQ(open->total, 0);
  auto bad = enforcement_->List(leader_, "finished", {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "status");
}

TEST_F(EnforcementServiceTest, OnlyThoseInvolvedSeeATask) {
  const int64_t k = Report("C0401", grid1_);
  auto task = enforcement_->Create(leader_, Task({k}));
  ASSERT_TRUE(task) << task.error().message;
  const int64_t id = task->row.id;

  for (const Actor* who : {&leader_, &zone_member_, &member_a_, &member_b_}) {
    auto got = enforcement_->Get(*who, id);
    EXPECT_TRUE(got) << who->username;
    auto list = enforcement_->List(*who, "", {});
    ASSERT_TRUE(list) << who->username;
    EXPECT_EQ(list->total, 1) << who->username;
  }
  EXPECT_TRUE(enforcement_->Get(Actor::Cli(), id));

  for (const Actor* who : {&far_staff_, &other_leader_}) {
    auto got = enforcement_->Get(*who, id);
    ASSERT_FALSE(got) << who->username;
    EXPECT_EQ(got.error().code, ErrorCode::kPermissionDenied);
    auto list = enforcement_->List(*who, "", {});
    ASSERT_TRUE(list) << who->username;
    EXPECT_EQ(list->total, 0) << who->username;
    EXPECT_TRUE(list->items.empty());
  }

  auto member_view = enforcement_->Get(member_a_, id);
  ASSERT_TRUE(member_view);
  EXPECT_EQ(member_view->may_respond_for, std::vector<int64_t>{dept_a_});
  EXPECT_FALSE(member_view->may_rate);
  EXPECT_FALSE(member_view->may_close);

  auto missing = enforcement_->Get(leader_, 987654);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(EnforcementServiceTest, EvidenceIsLinkedToEveryCase) {
  AttachmentService attachments(*db_, clock_, *audit_, dir_);
  auto mine = attachments.Upload(leader_, kPng);
  ASSERT_TRUE(mine) << mine.error().message;
  auto theirs = attachments.Upload(far_staff_, kPng + "other");
  ASSERT_TRUE(theirs) << theirs.error().message;
  const int64_t k1 = Report("C0401", grid1_);
  const int64_t k2 = Report("C0401", GridId(kGrid2));

  auto in = Task({k1, k2});
  in.evidence = {424242};
  auto unknown = enforcement_->Create(leader_, in);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "evidence");
  in.evidence = {theirs->id};
  auto foreign = enforcement_->Create(leader_, in);
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(foreign.error().field, "evidence");

  in.evidence = {mine->id};
  auto task = enforcement_->Create(leader_, in);
  ASSERT_TRUE(task) << task.error().message;
  EXPECT_EQ(task->evidence, std::vector<int64_t>{mine->id});
  for (int64_t k : {k1, k2}) {
    auto links = db_->Read(
        [&](store::Connection& c) { return store::CaseStore::Links(c, k); });
    ASSERT_TRUE(links);
    ASSERT_EQ(links->size(), 1u);
    EXPECT_EQ(links->at(0).attachment_id, mine->id);
    EXPECT_EQ(links->at(0).kind, "evidence");
    EXPECT_TRUE(links->at(0).event_id.has_value());
  }
}

}  // namespace
}  // namespace wangge::service::testing
