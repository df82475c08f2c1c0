// The outbox on both backends: claims with leases never hand one row to two
// workers, not even from two pools (processes) at once; outcomes only count
// from the lease holder; dead letters can be retried.
#include "store/outbox_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "store/backend_fixture.h"

namespace wangge::store::testing {
namespace {

constexpr int64_t kNow = 1795996800000;

class OutboxStoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto id = db().Write([](Connection& c) {
      return OutboxStore::InsertWebhook(
          c, {0, "receiver", "http://127.0.0.1:9/", "sealed", "", true, kNow});
    });
    ASSERT_TRUE(id) << id.error().message;
    hook_ = *id;
  }

  std::vector<int64_t> EnqueueRows(int n) {
    std::vector<int64_t> ids;
    auto r = db().Write([&](Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        WG_ASSIGN(int64_t id, OutboxStore::Enqueue(
                                  c, hook_, "case.created",
                                  "{\"n\":" + std::to_string(i) + "}", kNow));
        ids.push_back(id);
      }
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    return ids;
  }

  std::vector<OutboxDelivery> Claim(Database& on, const std::string& owner,
                                    int64_t now, int limit = 10,
                                    int64_t lease_ms = 60000) {
    auto r = on.Write([&](Connection& c) {
      return OutboxStore::ClaimDue(c, owner, now, lease_ms, limit);
    });
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : std::vector<OutboxDelivery>{};
  }

  int64_t hook_ = 0;
};

TEST_P(OutboxStoreTest, ConcurrentClaimersFromTwoPoolsTakeDisjointRows) {
  EnqueueRows(60);
  auto other = OpenAgain();
  ASSERT_TRUE(other);
  std::mutex mu;
  std::multiset<int64_t> claimed;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    Database& pool = t % 2 ? *other : db();
    threads.emplace_back([&, t] {
      for (;;) {
        auto got = Claim(pool, "worker-" + std::to_string(t), kNow, 5);
        if (got.empty()) break;
        std::lock_guard lock(mu);
        for (const auto& d : got) {
          claimed.insert(d.row.id);
          EXPECT_EQ(d.row.lease_owner, "worker-" + std::to_string(t));
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), 60u);
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), 60u)
      << "a row was claimed twice";
}

TEST_P(OutboxStoreTest, LeaseHidesRowsUntilItRunsOut) {
  const auto ids = EnqueueRows(3);
  auto first = Claim(db(), "a", kNow, 10, 1000);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].row.id, ids[0]);
  EXPECT_EQ(first[0].url, "http://127.0.0.1:9/");
  EXPECT_EQ(first[0].secret_sealed, "sealed");
  EXPECT_EQ(first[0].row.payload, "{\"n\":0}");
  EXPECT_TRUE(Claim(db(), "b", kNow + 999).empty());
  // Worker a stalled past its lease: b takes over, and a's late outcome is
  // ignored.
  auto second = Claim(db(), "b", kNow + 1000);
  ASSERT_EQ(second.size(), 3u);
  auto late = db().Write([&](Connection& c) {
    return OutboxStore::MarkDelivered(c, ids[0], "a", kNow + 1500);
  });
  ASSERT_TRUE(late);
  EXPECT_FALSE(*late);
  auto owned = db().Write([&](Connection& c) {
    return OutboxStore::MarkDelivered(c, ids[0], "b", kNow + 1500);
  });
  ASSERT_TRUE(owned);
  EXPECT_TRUE(*owned);
  auto row =
      db().Read([&](Connection& c) { return OutboxStore::Get(c, ids[0]); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->status, "delivered");
  EXPECT_EQ(row->attempts, 1);
  EXPECT_EQ(row->delivered_at, kNow + 1500);
  EXPECT_TRUE(row->lease_owner.empty());
}

TEST_P(OutboxStoreTest, FailedRowsWaitAndDeadRowsCanBeRetried) {
  const auto ids = EnqueueRows(2);
  ASSERT_EQ(Claim(db(), "a", kNow).size(), 2u);
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    WG_ASSIGN(bool failed, OutboxStore::MarkFailed(c, ids[0], "a", 1,
                                                   kNow + 30000, "HTTP 500"));
    WG_ASSIGN(bool dead, OutboxStore::MarkDead(c, ids[1], "a", 8, "HTTP 410"));
    EXPECT_TRUE(failed);
    EXPECT_TRUE(dead);
    return {};
  }));
  EXPECT_TRUE(Claim(db(), "a", kNow + 29999).empty());
  auto due = Claim(db(), "a", kNow + 30000);
  ASSERT_EQ(due.size(), 1u) << "the dead row stays out";
  EXPECT_EQ(due[0].row.id, ids[0]);
  EXPECT_EQ(due[0].row.attempts, 1);
  EXPECT_EQ(due[0].row.last_error, "HTTP 500");

  auto dead = db().Read([](Connection& c) {
    return OutboxStore::ListDead(c, {1, 20});
  });
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->total, 1);
  EXPECT_EQ(dead->items[0].id, ids[1]);
  EXPECT_EQ(dead->items[0].last_error, "HTTP 410");

  ASSERT_TRUE(db().Write([&](Connection& c) {
    return OutboxStore::Retry(c, ids[1], kNow + 40000);
  }));
  auto again = db().Write([&](Connection& c) {
    return OutboxStore::Retry(c, ids[1], kNow + 40000);
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto missing = db().Write([&](Connection& c) {
    return OutboxStore::Retry(c, ids[1] + 1000, kNow);
  });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto revived = Claim(db(), "c", kNow + 40000);
  ASSERT_EQ(revived.size(), 1u);
  EXPECT_EQ(revived[0].row.id, ids[1]);
  EXPECT_EQ(revived[0].row.attempts, 0);
}

TEST_P(OutboxStoreTest, InactiveWebhooksWaitAndDeletedOnesTakeTheirRows) {
  EnqueueRows(2);
  ASSERT_TRUE(db().Write([&](Connection& c) {
    return OutboxStore::SetWebhookActive(c, hook_, false);
  }));
  EXPECT_TRUE(Claim(db(), "a", kNow).empty());
  auto active = db().Read(
      [](Connection& c) { return OutboxStore::ListWebhooks(c, true); });
  ASSERT_TRUE(active);
  EXPECT_TRUE(active->empty());
  ASSERT_TRUE(db().Write([&](Connection& c) {
    return OutboxStore::SetWebhookActive(c, hook_, true);
  }));
  EXPECT_EQ(Claim(db(), "a", kNow).size(), 2u);
  ASSERT_TRUE(db().Write(
      [&](Connection& c) { return OutboxStore::DeleteWebhook(c, hook_); }));
  auto left = db().Read(
      [](Connection& c) { return c.QueryInt("SELECT COUNT(*) FROM outbox"); });
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, 0);
  auto gone = db().Write(
      [&](Connection& c) { return OutboxStore::DeleteWebhook(c, hook_); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxStoreTest,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace wangge::store::testing
