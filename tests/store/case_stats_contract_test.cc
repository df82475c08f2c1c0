// The statistics counters on both backends: every insert and update of
// cases keeps them equal to what the case rows say (CaseStatsStore::Rebuild
// recomputes them from scratch to compare), days split at the Shanghai
// midnight, open and overdue cases come from the open cases' index,
// migration 0008 backfills existing cases, 0009 drops the number's unique
// index and keeps the cases and their events, and writers in two "processes"
// at once neither deadlock nor lose a count.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "store/area_store.h"
#include "store/audit_store.h"
#include "store/backend_fixture.h"
#include "store/case_stats_store.h"
#include "store/case_store.h"
#include "store/migrations.h"

namespace wangge::store::testing {
namespace {

constexpr int64_t kHour = 3600000;
constexpr int64_t kNow = 1795996800000;          // 2026-11-30 08:00 +08
constexpr int64_t kMidnight = kNow - 8 * kHour;  // 2026-11-30 00:00 +08

class CaseStatsContract : public BackendTest {
 protected:
  // How many of this backend's migrations come after `number`.
  int MigrationsAfter(int number) {
    const auto& all = GetParam() == Backend::kSqlite ? SqliteMigrations()
                                                     : PostgresMigrations();
    return static_cast<int>(std::ranges::count_if(
        all, [&](const Migration& m) { return m.number > number; }));
  }
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto made = db().Write([&](Connection& c) -> Status {
      auto add = [&](std::optional<int64_t> parent, std::string level,
                     std::string code, int64_t seq = 1) -> Result<int64_t> {
        Area a{.parent_id = parent,
               .level = std::move(level),
               .code = std::move(code),
               .name = "测试",
               .seq = seq};
        WG_ASSIGN(a, AreaStore::Insert(c, a, kNow));
        return a.id;
      };
      WG_ASSIGN(int64_t district, add(std::nullopt, "district", "320115"));
      WG_ASSIGN(int64_t street, add(district, "street", "320115003"));
      WG_ASSIGN(community_, add(street, "community", "320115003012"));
      WG_ASSIGN(grid1_, add(community_, "grid", "32011500301201"));
      WG_ASSIGN(grid2_, add(community_, "grid", "32011500301202", 2));
      WG_ASSIGN(auto cats,
                c.Query("SELECT k.id, p.id FROM case_categories k JOIN "
                        "category_policies p ON p.category_id = k.id WHERE "
                        "k.code IN ('C0201', 'S0104') ORDER BY k.code"));
      if (cats.size() != 2) return Internal("seed categories missing");
      cat1_ = {cats[0].Int(0), cats[0].Int(1)};
      cat2_ = {cats[1].Int(0), cats[1].Int(1)};
      return {};
    });
    ASSERT_TRUE(made) << made.error().message;
  }

  // A case just reported at `at`, its accept step due two hours later.
  CaseRow Reported(int64_t grid, std::pair<int64_t, int64_t> cat,
                   std::string source, int64_t at) {
    CaseRow r;
    r.category_id = cat.first;
    r.policy_id = cat.second;
    r.source = std::move(source);
    r.title = "测试";
    r.grid_id = grid;
    r.community_id = community_;
    r.owner_kind = "community";
    r.owner_area_id = community_;
    r.owner_since = r.created_at = r.updated_at = at;
    r.step = "accept";
    r.step_seq = 1;
    r.step_started_at = at;
    r.step_limit_ms = 2 * kHour;
    r.step_yellow_at = at + 2 * kHour * 8 / 10;
    r.step_deadline_at = at + 2 * kHour;
    return r;
  }
  static CaseRow Closed(CaseRow r, int64_t at, bool on_time) {
    r.state = "closed";
    r.step = "";
    r.step_started_at = r.step_yellow_at = r.step_deadline_at = {};
    r.alert = "";
    r.closed_at = at;
    r.on_time = on_time;
    return r;
  }
  static CaseRow In(CaseRow r, std::string state) {
    r.state = std::move(state);
    if (r.state == "voided" || r.state == "shelved") {
      r.step = "";
      r.step_started_at = r.step_yellow_at = r.step_deadline_at = {};
      r.alert = "";
    }
    return r;
  }

  // Inserts as intake does (ids reserved, the chain's lock first) and
  // returns the rows with their ids.
  std::vector<CaseRow> Insert(Database& on, std::vector<CaseRow> rows) {
    auto done = on.Write([&](Connection& c) -> Status {
      const Dialect d = c.dialect();
      std::vector<Statement> first = AuditStore::LockStatements(d);
      first.push_back(CaseStore::ReserveIdsStatement(
          d, CaseStore::IdTable::kCases, rows.size()));
      WG_ASSIGN(auto answers, c.QueryAll(first));
      WG_ASSIGN(auto ids,
                CaseStore::ReservedIds(d, answers.back(), rows.size()));
      for (size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = ids[i];
        rows[i].number = "N-" + std::to_string(ids[i]);
        rows[i].tracking = "T" + std::to_string(ids[i]);
      }
      WG_TRY(c.QueryAll(CaseStore::InsertStatements(d, rows, {})));
      return {};
    });
    EXPECT_TRUE(done) << done.error().message;
    return rows;
  }
  std::vector<CaseRow> Insert(std::vector<CaseRow> rows) {
    return Insert(db(), std::move(rows));
  }
  void Update(const CaseRow& before, const CaseRow& after) {
    auto done = db().Write(
        [&](Connection& c) { return CaseStore::Update(c, before, after); });
    ASSERT_TRUE(done) << done.error().message;
  }

  // Every non-zero counter row as text, in key order.
  std::vector<std::string> Dump() {
    static const std::string kDaily = [] {
      std::string sql = "SELECT area_id, day, category_id, source";
      for (auto col : kDayColumns) sql += ", " + std::string(col);
      return sql + " FROM case_stats_daily ORDER BY 1, 2, 3, 4";
    }();
    std::vector<std::string> out;
    auto read = db().Read([&](Connection& c) -> Status {
      WG_ASSIGN(auto rows, c.Query(kDaily));
      for (const auto& r : rows) {
        std::string line;
        bool zero = true;
        for (size_t i = 0; i < r.size(); ++i) {
          line += " " + r.Text(i);
          if (i >= 4 && r.Int(i) != 0) zero = false;
        }
        if (!zero) out.push_back(line);
      }
      return {};
    });
    EXPECT_TRUE(read) << read.error().message;
    return out;
  }
  // The live counters equal the ones recomputed from the case rows.
  void ExpectRebuildAgrees(const std::string& when) {
    const auto live = Dump();
    auto rebuilt =
        db().Write([](Connection& c) { return CaseStatsStore::Rebuild(c); });
    ASSERT_TRUE(rebuilt) << rebuilt.error().message;
    EXPECT_EQ(live, Dump()) << when;
  }

  DayCounts Sum(std::vector<int64_t> grids, int64_t first, int64_t last) {
    auto rows = db().Read([&](Connection& c) {
      return CaseStatsStore::SumDays(c, grids, first, last, StatsGroup::kNone);
    });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows && !rows->empty() ? rows->front().counts : DayCounts{};
  }
  NowCounts Now(std::vector<int64_t> grids, int64_t at = kNow) {
    auto rows = db().Read([&](Connection& c) {
      return CaseStatsStore::SumNow(c, grids, at, StatsGroup::kNone);
    });
    EXPECT_TRUE(rows) << rows.error().message;
    return rows && !rows->empty() ? rows->front().counts : NowCounts{};
  }

  int64_t community_ = 0, grid1_ = 0, grid2_ = 0;
  std::pair<int64_t, int64_t> cat1_, cat2_;  // category id, policy id
};

TEST_P(CaseStatsContract, InsertsAndUpdatesKeepTheCountersExact) {
  const int64_t monday = StatsDay(kNow);
  auto rows = Insert({Reported(grid1_, cat1_, "hotline", kNow),
                      Reported(grid1_, cat1_, "hotline", kNow + kHour),
                      Reported(grid1_, cat2_, "visit", kMidnight - 1),
                      Reported(grid2_, cat1_, "hotline", kMidnight),
                      Reported(grid2_, cat2_, "patrol", kNow)});
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(StatsDay(kMidnight - 1), monday - 1);
  DayCounts all = Sum({grid1_, grid2_}, monday - 1, monday);
  EXPECT_EQ(all[kCreated], 5);
  EXPECT_EQ(all[kInReported], 5);
  EXPECT_EQ(Sum({grid1_, grid2_}, monday, monday)[kCreated], 4);
  EXPECT_EQ(Sum({grid1_}, monday - 1, monday)[kCreated], 3);
  EXPECT_EQ(Sum({}, monday - 1, monday)[kCreated], 0);
  // The community's own rows count what its grids' rows do.
  EXPECT_EQ(Sum({community_}, monday - 1, monday), all);
  // Per 小类 and per source, from their own rows.
  auto by = [&](std::vector<int64_t> areas, StatsGroup g) {
    std::map<std::string, int64_t> out;
    auto rows = db().Read([&](Connection& c) {
      return CaseStatsStore::SumDays(c, areas, monday - 1, monday, g);
    });
    EXPECT_TRUE(rows) << rows.error().message;
    if (rows)
      for (const auto& r : *rows) out[r.key] = r.counts[kCreated];
    return out;
  };
  EXPECT_EQ(by({community_}, StatsGroup::kCategory),
            (std::map<std::string, int64_t>{{std::to_string(cat1_.first), 3},
                                            {std::to_string(cat2_.first), 2}}));
  EXPECT_EQ(by({grid1_, grid2_}, StatsGroup::kSource),
            (std::map<std::string, int64_t>{
                {"hotline", 3}, {"patrol", 1}, {"visit", 1}}));
  EXPECT_EQ(by({grid1_, grid2_}, StatsGroup::kGrid),
            (std::map<std::string, int64_t>{{std::to_string(grid1_), 3},
                                            {std::to_string(grid2_), 2}}));
  EXPECT_EQ(Now({grid1_, grid2_}).open, 5);
  ExpectRebuildAgrees("after the inserts");

  // Closed the next day on time; closed late; voided; shelved.
  const CaseRow closed = Closed(rows[0], kNow + 24 * kHour, true);
  Update(rows[0], closed);
  const CaseRow late = Closed(rows[1], kNow + 2 * kHour, false);
  Update(rows[1], late);
  Update(rows[2], In(rows[2], "voided"));
  Update(rows[3], In(rows[3], "shelved"));
  ExpectRebuildAgrees("after closing, voiding, shelving");
  DayCounts m = Sum({grid1_, grid2_}, monday, monday);
  EXPECT_EQ(m[kCreated], 4);
  EXPECT_EQ(m[kClosed], 1);  // `late`; `closed` closed on Tuesday
  EXPECT_EQ(m[kClosedOnTime], 0);
  EXPECT_EQ(m[kInClosed], 2);
  EXPECT_EQ(m[kInClosedOnTime], 1);
  EXPECT_EQ(m[kInShelved], 1);
  EXPECT_EQ(m[kInReported], 1);
  DayCounts tuesday = Sum({grid1_, grid2_}, monday + 1, monday + 1);
  EXPECT_EQ(tuesday[kCreated], 0);
  EXPECT_EQ(tuesday[kClosed], 1);
  EXPECT_EQ(tuesday[kClosedOnTime], 1);
  EXPECT_EQ(Sum({grid1_}, monday - 1, monday - 1)[kInVoided], 1);
  EXPECT_EQ(Now({grid1_, grid2_}).open, 2);  // shelved + reported
  EXPECT_EQ(Sum({community_}, monday, monday + 1),
            Sum({grid1_, grid2_}, monday, monday + 1));

  // Reopened: it leaves Tuesday's closed count until it closes again.
  CaseRow reopened = closed;
  reopened.state = "dispatched";
  reopened.closed_at.reset();
  reopened.step = "handle";
  reopened.step_deadline_at = kNow;
  Update(closed, reopened);
  EXPECT_EQ(Sum({grid1_, grid2_}, monday + 1, monday + 1)[kClosed], 0);
  EXPECT_EQ(Now({grid1_}).open, 1);
  EXPECT_EQ(Now({grid1_}, kNow - 1).overdue, 0);
  EXPECT_EQ(Now({grid1_}, kNow).overdue, 1);  // its handle step ended now
  // A case moved to another category and grid: the counts move with it.
  CaseRow moved = reopened;
  moved.category_id = cat2_.first;
  moved.grid_id = grid2_;
  Update(reopened, moved);
  EXPECT_EQ(Now({grid1_}).open, 0);
  EXPECT_EQ(Now({grid2_}).overdue, 1);
  EXPECT_EQ(Sum({grid2_}, monday, monday)[kCreated], 3);
  ExpectRebuildAgrees("after reopening and the move");
}

// One batch of 100 cases over 50 days: the case rows go in statements of
// 64, 32 and 4 rows, and the ~600 counter rows in chunks of 64 rows.
TEST_P(CaseStatsContract, ABatchLargerThanOneStatementKeepsEveryCase) {
  std::vector<CaseRow> batch;
  for (int i = 0; i < 100; ++i)
    batch.push_back(Reported(i % 2 ? grid1_ : grid2_, i % 3 ? cat1_ : cat2_,
                             i % 5 ? "hotline" : "visit",
                             kNow - (i / 2) * 24 * kHour - i));
  auto rows = Insert(std::move(batch));
  auto stored = db().Read([](Connection& c) {
    return c.Query("SELECT id, number, created_at FROM cases ORDER BY id");
  });
  ASSERT_TRUE(stored) << stored.error().message;
  ASSERT_EQ(stored->size(), 100u);
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ((*stored)[i].Int(0), rows[i].id);
    EXPECT_EQ((*stored)[i].Text(1), rows[i].number);
    EXPECT_EQ((*stored)[i].Int(2), rows[i].created_at);
  }
  EXPECT_EQ(
      Sum({grid1_, grid2_}, StatsDay(kNow) - 60, StatsDay(kNow))[kCreated],
      100);
  ExpectRebuildAgrees("after a batch of 100");
}

TEST_P(CaseStatsContract, OpenAndOverdueComeFromTheOpenCases) {
  auto rows = Insert({Reported(grid1_, cat1_, "hotline", kNow),
                      Reported(grid2_, cat1_, "hotline", kNow),
                      Reported(grid2_, cat2_, "visit", kNow),
                      Reported(grid2_, cat2_, "visit", kNow)});
  Update(rows[2], Closed(rows[2], kNow + kHour, true));
  Update(rows[3], In(rows[3], "shelved"));
  EXPECT_EQ(Now({grid1_, grid2_}).open, 3);  // shelved counts as open
  EXPECT_EQ(Now({grid1_, grid2_}, kNow + kHour).overdue, 0);
  // Overdue once the deadline (two hours on) has come, job or no job.
  EXPECT_EQ(Now({grid1_, grid2_}, kNow + 2 * kHour).overdue, 2);
  EXPECT_EQ(Now({grid1_}, kNow + 3 * kHour).overdue, 1);
  EXPECT_EQ(Now({}, kNow + 3 * kHour).open, 0);
  auto per_source = db().Read([&](Connection& c) {
    return CaseStatsStore::SumNow(c, {grid1_, grid2_}, kNow,
                                  StatsGroup::kSource);
  });
  ASSERT_TRUE(per_source) << per_source.error().message;
  ASSERT_EQ(per_source->size(), 2u);
  std::ranges::sort(*per_source, {}, &CaseStatsStore::NowRow::key);
  EXPECT_EQ((*per_source)[0].key, "hotline");
  EXPECT_EQ((*per_source)[0].counts.open, 2);
  EXPECT_EQ((*per_source)[1].key, "visit");
  EXPECT_EQ((*per_source)[1].counts.open, 1);
}

TEST_P(CaseStatsContract, MigrationBackfillsTheCasesThereAre) {
  auto rows = Insert({Reported(grid1_, cat1_, "hotline", kNow),
                      Reported(grid1_, cat2_, "visit", kMidnight - 5),
                      Reported(grid2_, cat1_, "open311", kNow)});
  Update(rows[0], Closed(rows[0], kNow + 30 * kHour, false));
  Update(rows[1], In(rows[1], "voided"));
  const auto live = Dump();
  ASSERT_FALSE(live.empty());
  // Back to the schema of 0007, cases kept; 0008 and every later one run
  // again.
  auto undone = db().Write([](Connection& c) -> Status {
    WG_TRY(c.ExecScript(
        "DROP TABLE case_stats_daily; DROP INDEX cases_grid_state; "
        "CREATE INDEX cases_grid_state ON cases(grid_id, state); "
        "DELETE FROM schema_migrations WHERE number >= 8"));
    return {};
  });
  ASSERT_TRUE(undone) << undone.error().message;
  auto ran = db().Migrate();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, MigrationsAfter(7));
  EXPECT_EQ(Dump(), live);
}

TEST_P(CaseStatsContract, NumberIndexMigrationKeepsCasesAndTheirEvents) {
  auto rows = Insert({Reported(grid1_, cat1_, "hotline", kNow),
                      Reported(grid2_, cat2_, "visit", kNow + 1)});
  Update(rows[1], Closed(rows[1], kNow + kHour, true));
  static constexpr std::string_view kCases =
      "SELECT id, number, tracking, state, step_check_at, closed_at FROM "
      "cases ORDER BY id";
  auto snapshot = [&] {
    std::vector<std::string> out;
    auto read = db().Read([&](Connection& c) -> Status {
      for (auto sql : {kCases, std::string_view("SELECT case_id, action FROM "
                                                "case_events ORDER BY id")}) {
        WG_ASSIGN(auto got, c.Query(sql));
        for (const auto& r : got) {
          std::string line;
          for (size_t i = 0; i < r.size(); ++i) line += r.Text(i) + "|";
          out.push_back(line);
        }
      }
      return {};
    });
    EXPECT_TRUE(read) << read.error().message;
    return out;
  };
  // Each case gets an event that refers to it, as intake writes them.
  auto evented = db().Write([&](Connection& c) -> Status {
    for (const auto& r : rows)
      WG_TRY(c.Exec(
          "INSERT INTO case_events (case_id, at, action) VALUES (?, ?, ?)",
          {r.id, kNow, std::string("report")}));
    return {};
  });
  ASSERT_TRUE(evented) << evented.error().message;
  const auto before = snapshot();
  ASSERT_EQ(before.size(), 4u);

  // 0009 once more over cases that have events (on SQLite it rebuilds the
  // table under its children).
  auto undone = db().Write([](Connection& c) {
    return c.ExecScript("DELETE FROM schema_migrations WHERE number = 9");
  });
  ASSERT_TRUE(undone) << undone.error().message;
  auto ran = db().Migrate();
  ASSERT_TRUE(ran) << ran.error().message;
  EXPECT_EQ(*ran, 1);
  EXPECT_EQ(snapshot(), before);

  auto checked = db().Read([&](Connection& c) -> Status {
    const bool pg = c.dialect() == Dialect::kPostgres;
    // No unique index on the number is left (asked of this schema's table:
    // the other tests' schemas share the database's catalogue).
    WG_ASSIGN(int64_t unique_number,
              c.QueryInt(pg ? "SELECT COUNT(*) FROM pg_constraint WHERE "
                              "conrelid = 'cases'::regclass AND "
                              "contype = 'u'"
                            : "SELECT COUNT(*) FROM pragma_index_list('cases') "
                              "WHERE \"unique\" AND origin = 'u'"));
    EXPECT_EQ(unique_number, 0);
    if (!pg) {
      WG_ASSIGN(auto dangling, c.Query("PRAGMA foreign_key_check"));
      EXPECT_TRUE(dangling.empty());
    }
    return {};
  });
  ASSERT_TRUE(checked) << checked.error().message;
  // The rebuilt table still refuses an event of a case that is not there.
  auto orphan = db().Write([&](Connection& c) -> Status {
    WG_TRY(
        c.Exec("INSERT INTO case_events (case_id, at, action) VALUES (?, ?, ?)",
               {int64_t{999999}, kNow, std::string("report")}));
    return {};
  });
  EXPECT_FALSE(orphan);
}

TEST_P(CaseStatsContract, TwoProcessesWritingAtOnceLoseNothing) {
  auto other = OpenAgain();
  ASSERT_TRUE(other);
  std::vector<CaseRow> seed;
  for (int i = 0; i < 20; ++i)
    seed.push_back(Reported(grid1_, cat1_, "hotline", kNow + i));
  seed = Insert(seed);
  std::atomic<int> failures{0};
  // One "process" takes reports in batches on the same counter rows that
  // the other one's transitions move.
  std::thread intake([&] {
    for (int b = 0; b < 10; ++b) {
      std::vector<CaseRow> batch;
      for (int i = 0; i < 5; ++i)
        batch.push_back(Reported(grid1_, cat1_, "hotline", kNow + 100 + b));
      if (Insert(*other, batch).front().id == 0) ++failures;
    }
  });
  for (const auto& r : seed) {
    auto done = db().Write([&](Connection& c) {
      return CaseStore::Update(c, r, Closed(r, kNow + kHour, true));
    });
    if (!done) {
      ADD_FAILURE() << done.error().message;
      ++failures;
    }
  }
  intake.join();
  EXPECT_EQ(failures, 0);
  const int64_t monday = StatsDay(kNow);
  DayCounts m = Sum({grid1_}, monday, monday);
  EXPECT_EQ(m[kCreated], 70);
  EXPECT_EQ(m[kClosed], 20);
  EXPECT_EQ(Now({grid1_}).open, 50);
  ExpectRebuildAgrees("after concurrent writers");
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseStatsContract,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace wangge::store::testing
