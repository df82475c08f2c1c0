// Connection::QueryAll and the deferred BEGIN behind it, on both backends:
// statements run in order with each one's rows returned, a failure stops
// the rest and the transaction keeps nothing, and a write transaction whose
// first statement is a QueryAll (so BEGIN travels with it on PostgreSQL)
// commits durably. Also the rule that the rows cases refer to are never
// deleted.
#include <gtest/gtest.h>

#include "store/area_store.h"
#include "store/backend_fixture.h"

namespace wangge::store::testing {
namespace {

constexpr int64_t kNow = 1795996800000;

class QueryAllContract : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto made = db().Write([](Connection& c) -> Status {
      WG_TRY(c.Exec("CREATE TABLE qa (k BIGINT PRIMARY KEY, v TEXT NOT NULL)"));
      return {};
    });
    ASSERT_TRUE(made) << made.error().message;
  }

  int64_t Count() {
    auto n = db().Read(
        [](Connection& c) { return c.QueryInt("SELECT COUNT(*) FROM qa"); });
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
};

constexpr std::string_view kInsert = "INSERT INTO qa (k, v) VALUES (?, ?)";
constexpr std::string_view kSelect = "SELECT k, v FROM qa ORDER BY k";
constexpr std::string_view kCount = "SELECT COUNT(*) FROM qa WHERE k >= ?";

TEST_P(QueryAllContract, RunsInOrderAndReturnsEachStatementsRows) {
  auto r = db().Write([](Connection& c) -> Result<std::vector<Rows>> {
    const std::vector<Statement> all = {
        {kInsert, {int64_t{1}, std::string("一")}},
        {kInsert, {int64_t{2}, std::string("二")}},
        {kSelect, {}},
        {kCount, {int64_t{2}}},
    };
    return c.QueryAll(all);
  });
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  EXPECT_TRUE((*r)[0].empty());
  ASSERT_EQ((*r)[2].size(), 2u) << "the SELECT sees both earlier inserts";
  EXPECT_EQ((*r)[2][0].Text(1), "一");
  EXPECT_EQ((*r)[2][1].Text(1), "二");
  EXPECT_EQ((*r)[3][0].Int(0), 1);
  // Committed: another connection of the pool sees the rows.
  EXPECT_EQ(Count(), 2);
}

TEST_P(QueryAllContract, AFailureStopsTheRestAndTheTransactionKeepsNothing) {
  auto r = db().Write([](Connection& c) -> Result<std::vector<Rows>> {
    const std::vector<Statement> all = {
        {kInsert, {int64_t{1}, std::string("a")}},
        {kInsert, {int64_t{1}, std::string("duplicate key")}},
        {kInsert, {int64_t{3}, std::string("never runs")}},
    };
    return c.QueryAll(all);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "db.unique");
  EXPECT_EQ(Count(), 0) << "rolled back as a whole";
  // The connection is usable again afterwards.
  auto again = db().Write([](Connection& c) -> Result<std::vector<Rows>> {
    const std::vector<Statement> one = {
        {kInsert, {int64_t{5}, std::string("x")}}};
    return c.QueryAll(one);
  });
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(Count(), 1);
}

TEST_P(QueryAllContract, TransactionsWithNothingOrPlainStatementsStillWork) {
  // Nothing ran: BEGIN was never sent, and the commit has nothing to do.
  auto empty = db().Write([](Connection&) -> Status { return {}; });
  EXPECT_TRUE(empty);
  // A plain statement first, then a QueryAll, in one transaction.
  auto mixed = db().Write([](Connection& c) -> Result<std::vector<Rows>> {
    WG_TRY(c.Exec(kInsert, {int64_t{7}, std::string("p")}));
    const std::vector<Statement> rest = {{kCount, {int64_t{0}}}};
    return c.QueryAll(rest);
  });
  ASSERT_TRUE(mixed) << mixed.error().message;
  EXPECT_EQ((*mixed)[0][0].Int(0), 1);
  // An error returned by the body rolls back what a QueryAll wrote.
  auto refused = db().Write([](Connection& c) -> Status {
    const std::vector<Statement> one = {
        {kInsert, {int64_t{8}, std::string("q")}}};
    WG_TRY(c.QueryAll(one));
    return Invalid("test.refused", "the caller changed its mind");
  });
  EXPECT_FALSE(refused);
  EXPECT_EQ(Count(), 1);
}

TEST_P(QueryAllContract, RowsThatCasesReferToAreNeverDeleted) {
  auto area = db().Write([](Connection& c) {
    return AreaStore::Insert(
        c, {0, std::nullopt, "district", "320115", "江宁区", "", 1, "basic", 0},
        kNow);
  });
  ASSERT_TRUE(area) << area.error().message;
  auto del = db().Write([&](Connection& c) {
    return c.Exec("DELETE FROM areas WHERE id = ?", {area->id});
  });
  EXPECT_FALSE(del) << "an area was deleted";
  auto n = db().Read([&](Connection& c) {
    return c.QueryInt("SELECT COUNT(*) FROM areas WHERE id = ?", {area->id});
  });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryAllContract,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace wangge::store::testing
