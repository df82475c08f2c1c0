// The statistics of the big screen, on cases walked through the loop with a
// manual clock (from Monday 2026-11-30 08:00 Asia/Shanghai): every figure of
// the overview and the breakdowns, days split at the local midnight,
// closure and on-time rates, open and overdue now (before and after the
// deadline job), scope, idle grids, voided cases, the period rules.
#include "service/stats_service.h"

#include <gtest/gtest.h>

#include "service/case_service.h"
#include "service/taxonomy_service.h"
#include "service_fixture.h"
#include "store/case_stats_store.h"

namespace wangge::service::testing {
namespace {

constexpr Millis kHour = 3600000;
constexpr Millis kDay = 24 * kHour;
constexpr Millis kMonday0800 = 1795996800000;  // 2026-11-30 08:00 +08
constexpr Millis kMondayStart = kMonday0800 - 8 * kHour;  // 00:00 +08

class StatsServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    catalog_ = std::make_unique<CaseCatalog>(*db_, clock_, 0);
    cases_ = std::make_unique<CaseService>(*db_, clock_, *cipher_, *audit_,
                                           *catalog_, *locator_, false);
    stats_ = std::make_unique<StatsService>(*db_, clock_, *catalog_);
    leader_ = MakeUser("leader", "community_leader", "320115003012");
    street_ = MakeUser("street", "street_leader", "320115003");
    g1_ = MakeUser("grid1", "grid_staff", kGrid1);
    g2_ = MakeUser("grid2", "grid_staff", kGrid2);
    admin_ = MakeUser("root", "system_admin", "");
    grid1_ = AreaId(kGrid1);
    grid2_ = AreaId(kGrid2);
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
  // A report of `code` (C0201 needs no photo) in `grid` from `source`.
  int64_t Report(int64_t grid, const std::string& code = "C0201",
                 const std::string& source = "hotline") {
    NewCase in;
    in.category_id = Category(code);
    in.source = source;
    in.grid_id = grid;
    in.description = "测试";
    auto r = cases_->Report(Actor::Cli(), in);
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->row.id : 0;
  }
  void Do(int64_t id, CaseAction a, CaseActionInput in = {}) {
    in.action = a;
    auto r = cases_->Act(Actor::Cli(), id, in);
    ASSERT_TRUE(r) << CaseActionName(a) << ": " << r.error().message;
  }
  void Close(int64_t id) {
    Do(id, CaseAction::kAccept);
    Do(id, CaseAction::kDispatch);
    Do(id, CaseAction::kFeedback, {.note = "已处理"});
    Do(id, CaseAction::kVerifyPass);
  }
  StatsOverview Overview(const Actor& who, StatsQuery q = {}) {
    auto o = stats_->Overview(who, q);
    EXPECT_TRUE(o) << o.error().message;
    return o ? *o : StatsOverview{};
  }
  std::vector<StatsItem> Items(const Actor& who, StatsGroupBy g,
                               StatsQuery q = {}) {
    auto b = stats_->Breakdown(who, g, q);
    EXPECT_TRUE(b) << b.error().message;
    return b ? b->items : std::vector<StatsItem>{};
  }
  static const StatsItem* Find(const std::vector<StatsItem>& items,
                               const std::string& key) {
    for (const auto& i : items)
      if (i.key == key) return &i;
    return nullptr;
  }

  std::unique_ptr<CaseCatalog> catalog_;
  std::unique_ptr<CaseService> cases_;
  std::unique_ptr<StatsService> stats_;
  Actor leader_, street_, g1_, g2_, admin_;
  int64_t grid1_ = 0, grid2_ = 0;
};

TEST_F(StatsServiceTest, DaysSplitAtTheShanghaiMidnight) {
  const int64_t a = Report(grid1_);     // Mon 08:00
  clock_.Set(kMondayStart + kDay - 1);  // Mon 23:59:59.999
  Report(grid1_);
  clock_.Set(kMondayStart + kDay);  // Tue 00:00
  Report(grid2_);
  clock_.Set(kMondayStart + kDay + 30000);
  Close(a);  // reported on Monday, closed on Tuesday (accepted late)
  const StatsQuery both{.from = kMondayStart, .to = kMondayStart + 2 * kDay};
  auto days = Items(leader_, StatsGroupBy::kDay, both);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].key, "2026-11-30");
  EXPECT_EQ(days[0].figures.created, 2);
  EXPECT_EQ(days[0].figures.closed, 0);
  EXPECT_EQ(days[0].figures.due_closed, 1);  // a, reported that day
  EXPECT_EQ(days[1].key, "2026-12-01");
  EXPECT_EQ(days[1].figures.created, 1);
  EXPECT_EQ(days[1].figures.closed, 1);
  EXPECT_EQ(days[1].figures.closed_on_time, 0);
  // Monday alone: the case closed on Tuesday is not closed in the period,
  // but the closure rate follows the cases reported in it.
  auto monday =
      Overview(leader_, {.from = kMondayStart, .to = kMondayStart + kDay});
  EXPECT_EQ(monday.period.from, kMondayStart);
  EXPECT_EQ(monday.period.to, kMondayStart + kDay);
  EXPECT_EQ(monday.figures.created, 2);
  EXPECT_EQ(monday.figures.closed, 0);
  EXPECT_EQ(monday.figures.closure_rate(), 0.5);
  // Today (Tuesday) whatever the period.
  EXPECT_EQ(monday.created_today, 1);
  EXPECT_EQ(monday.closed_today, 1);
  // A period is widened to whole local days.
  auto widened = Overview(
      leader_, {.from = kMondayStart + kHour, .to = kMondayStart + 2 * kHour});
  EXPECT_EQ(widened.period.from, kMondayStart);
  EXPECT_EQ(widened.period.to, kMondayStart + kDay);
  EXPECT_EQ(widened.figures.created, 2);
}

TEST_F(StatsServiceTest, RatesOpenAndOverdueFollowTheLoopAndTheDeadlineJob) {
  const int64_t fast = Report(grid1_);
  const int64_t late = Report(grid1_);
  const int64_t voided = Report(grid1_);
  const int64_t waiting = Report(grid1_);
  Close(fast);  // at 08:00: every step within its limit
  Do(voided, CaseAction::kVoid, {.note = "重复"});
  auto o = Overview(leader_);
  EXPECT_EQ(o.figures.created, 4);
  EXPECT_EQ(o.figures.voided, 1);
  EXPECT_EQ(o.figures.due_to_close(), 3);
  EXPECT_EQ(o.figures.closed, 1);
  EXPECT_EQ(o.figures.open, 2);
  EXPECT_EQ(o.figures.overdue, 0);
  // 11:00: the accept steps (due 10:30) of `late` and `waiting` ran late.
  clock_.Set(kMonday0800 + 3 * kHour);
  o = Overview(leader_);
  EXPECT_EQ(o.figures.overdue, 2);  // before any deadline job
  Close(late);                      // accepted late: closed, not on time
  const int64_t fresh = Report(grid1_);
  o = Overview(leader_);
  EXPECT_EQ(o.figures.created, 5);
  EXPECT_EQ(o.figures.due_to_close(), 4);
  EXPECT_EQ(o.figures.closed, 2);
  EXPECT_EQ(o.figures.closed_on_time, 1);
  EXPECT_EQ(o.figures.due_closed, 2);
  EXPECT_EQ(o.figures.due_closed_on_time, 1);
  EXPECT_EQ(o.figures.closure_rate(), 0.5);
  EXPECT_EQ(o.figures.on_time_rate(), 0.25);
  EXPECT_EQ(o.figures.open, 2);  // waiting, fresh
  EXPECT_EQ(o.figures.overdue, 1);
  EXPECT_EQ(o.created_today, 5);
  EXPECT_EQ(o.closed_today, 2);
  // The job escalates `waiting` to the street with a fresh step: its light
  // is green again, so it is not overdue now.
  ASSERT_TRUE(cases_->RunDeadlines("t", 100));
  EXPECT_EQ(Overview(leader_).figures.overdue, 0);
  // Past the street's deadline too: red, and the street is the top of the
  // ladder, so it stays red after the job.
  clock_.Set(kMonday0800 + 9 * kHour);              // 17:00
  EXPECT_EQ(Overview(leader_).figures.overdue, 2);  // waiting and fresh
  ASSERT_TRUE(cases_->RunDeadlines("t", 100));
  auto w = cases_->Get(Actor::Cli(), waiting);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->row.alert, "red");
  EXPECT_EQ(w->light, "red");
  o = Overview(leader_);
  EXPECT_EQ(o.figures.overdue, 1);  // fresh went up to the street afresh
  EXPECT_EQ(o.figures.open, 2);
  // Closing the red one takes it out of open and overdue.
  Close(waiting);
  o = Overview(leader_);
  EXPECT_EQ(o.figures.open, 1);
  EXPECT_EQ(o.figures.overdue, 0);
  EXPECT_EQ(o.figures.due_closed, 3);
  EXPECT_EQ(o.figures.due_closed_on_time, 1);
  (void)fresh;
}

TEST_F(StatsServiceTest, ReopenedCasesLeaveTheirOldClosingDay) {
  const int64_t id = Report(grid1_);
  Close(id);
  clock_.Set(kMondayStart + kDay + 9 * kHour);  // Tuesday 09:00
  Do(id, CaseAction::kReopen, {.note = "复发"});
  const StatsQuery both{.from = kMondayStart, .to = kMondayStart + 2 * kDay};
  auto days = Items(leader_, StatsGroupBy::kDay, both);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].figures.closed, 0);
  EXPECT_EQ(days[1].figures.closed, 0);
  EXPECT_EQ(Overview(leader_, both).figures.open, 1);
  Do(id, CaseAction::kFeedback, {.note = "再处理"});
  Do(id, CaseAction::kVerifyPass);
  days = Items(leader_, StatsGroupBy::kDay, both);
  EXPECT_EQ(days[0].figures.closed, 0);
  EXPECT_EQ(days[1].figures.closed, 1);
  EXPECT_EQ(days[0].figures.due_closed, 1);
}

TEST_F(StatsServiceTest, ScopeIdleGridsAndAreas) {
  Report(grid1_);
  Report(grid1_);
  Report(grid2_);
  EXPECT_EQ(Overview(g1_).figures.created, 2);
  EXPECT_EQ(Overview(g2_).figures.created, 1);
  EXPECT_EQ(Overview(leader_).figures.created, 3);
  EXPECT_EQ(Overview(street_).figures.created, 3);
  EXPECT_EQ(Overview(admin_).figures.created, 3);
  // Grid staff see their grid only, also per grid.
  auto mine = Items(g1_, StatsGroupBy::kGrid);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].key, kGrid1);
  EXPECT_EQ(mine[0].name, "第一网格");
  EXPECT_EQ(*mine[0].id, grid1_);
  // area_id narrows within the scope; outside it is refused.
  EXPECT_EQ(Overview(street_, {.area_id = grid2_}).figures.created, 1);
  auto outside = stats_->Overview(g1_, {.area_id = grid2_});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, ErrorCode::kPermissionDenied);
  auto missing = stats_->Overview(leader_, {.area_id = 999999});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().field, "area_id");
  // Idle grids are listed with zeros.
  auto grids =
      Items(leader_, StatsGroupBy::kGrid, {.area_id = AreaId("320115003012")});
  ASSERT_EQ(grids.size(), 2u);
  EXPECT_EQ(grids[0].key, kGrid1);
  EXPECT_EQ(grids[0].figures.created, 2);
  EXPECT_EQ(grids[0].figures.open, 2);
  EXPECT_EQ(grids[1].key, kGrid2);
  EXPECT_EQ(grids[1].figures.created, 1);
  const int64_t idle = Report(grid2_);
  Do(idle, CaseAction::kVoid, {.note = "误报"});
  clock_.Set(kMonday0800 + 40 * kDay);  // both reports fall out of the period
  grids = Items(leader_, StatsGroupBy::kGrid);
  ASSERT_EQ(grids.size(), 2u);
  EXPECT_EQ(grids[1].figures.created, 0);
  EXPECT_EQ(grids[1].figures.closure_rate(), std::nullopt);
  EXPECT_EQ(grids[1].figures.open, 1);  // a "now" figure
}

TEST_F(StatsServiceTest, CategoriesSourcesAndStates) {
  const int64_t a = Report(grid1_, "C0201", "hotline");
  Report(grid1_, "C0201", "visit");
  const int64_t c = Report(grid2_, "S0104", "hotline");
  const int64_t d = Report(grid2_, "S0104", "hotline");
  Close(a);
  Do(c, CaseAction::kVoid, {.note = "重复"});
  Do(d, CaseAction::kAccept);
  Do(d, CaseAction::kShelve, {.note = "待改造", .review_on = "2027-03-01"});

  auto cats = Items(leader_, StatsGroupBy::kCategory);
  EXPECT_EQ(cats.size(), 32u);  // every active 小类, idle ones too
  const StatsItem* disputes = Find(cats, "C0201");
  ASSERT_NE(disputes, nullptr);
  EXPECT_EQ(disputes->name, "邻里纠纷");
  EXPECT_EQ(disputes->parent_code, "C02");
  EXPECT_EQ(disputes->parent_name, "矛盾纠纷");
  EXPECT_EQ(disputes->figures.created, 2);
  EXPECT_EQ(disputes->figures.closed, 1);
  EXPECT_EQ(disputes->figures.open, 1);
  EXPECT_EQ(disputes->figures.closure_rate(), 0.5);
  const StatsItem* piles = Find(cats, "S0104");
  ASSERT_NE(piles, nullptr);
  EXPECT_EQ(piles->figures.created, 2);
  EXPECT_EQ(piles->figures.voided, 1);
  EXPECT_EQ(piles->figures.open, 1);  // shelved counts as open
  EXPECT_EQ(piles->figures.closure_rate(), 0.0);
  EXPECT_EQ(Find(cats, "B0101")->figures.created, 0);

  auto sources = Items(leader_, StatsGroupBy::kSource);
  ASSERT_EQ(sources.size(), 6u);
  EXPECT_EQ(sources[0].key, "grid_staff");
  EXPECT_EQ(Find(sources, "hotline")->figures.created, 3);
  EXPECT_EQ(Find(sources, "visit")->figures.created, 1);
  EXPECT_EQ(Find(sources, "open311")->figures.created, 0);

  auto states = Items(leader_, StatsGroupBy::kState);
  ASSERT_EQ(states.size(), 7u);
  EXPECT_EQ(Find(states, "reported")->count, 1);
  EXPECT_EQ(Find(states, "accepted")->count, 0);
  EXPECT_EQ(Find(states, "closed")->count, 1);
  EXPECT_EQ(Find(states, "closed")->figures.due_closed_on_time, 1);
  EXPECT_EQ(Find(states, "voided")->count, 1);
  EXPECT_EQ(Find(states, "shelved")->count, 1);
  // Grid staff see only their grid's cases by state too.
  EXPECT_EQ(Find(Items(g2_, StatsGroupBy::kState), "reported")->count, 0);
}

TEST_F(StatsServiceTest, PeriodDefaultsAndLimits) {
  // Default: the last 30 local days, today included.
  auto p = ResolveStatsPeriod(std::nullopt, std::nullopt, kMonday0800);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to, kMondayStart + kDay);
  EXPECT_EQ(p->from, kMondayStart - 29 * kDay);
  EXPECT_EQ(p->last_day - p->first_day, 29);
  // `to` is exclusive: a midnight ends the day before it.
  p = ResolveStatsPeriod(kMondayStart - kDay, kMondayStart, kMonday0800);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->first_day, p->last_day);
  EXPECT_EQ(p->from, kMondayStart - kDay);
  auto bad = ResolveStatsPeriod(kMondayStart, kMondayStart, kMonday0800);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "from");
  bad = ResolveStatsPeriod(0, kMondayStart, kMonday0800);
  ASSERT_FALSE(bad);  // more than ten years
  EXPECT_EQ(bad.error().field, "from");
  bad = ResolveStatsPeriod(std::nullopt, -5, kMonday0800);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "to");
  auto days = Items(leader_, StatsGroupBy::kDay);
  ASSERT_EQ(days.size(), 30u);
  EXPECT_EQ(days.front().key, "2026-11-01");
  EXPECT_EQ(days.back().key, "2026-11-30");
  EXPECT_EQ(ParseStatsGroup("category"), StatsGroupBy::kCategory);
  EXPECT_EQ(ParseStatsGroup("month"), std::nullopt);
}

}  // namespace
}  // namespace wangge::service::testing
