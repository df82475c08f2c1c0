// Tests of PgConnection against a real server: scripts/with-postgres.sh sets
// WANGGE_TEST_PG_URL. Each test works in a schema of its own and drops it.
#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <string>

namespace wangge::store {
namespace {

std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(dist(rd)));
  return buf;
}

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("WANGGE_TEST_PG_URL");
    if (!url || !*url)
      GTEST_SKIP() << "WANGGE_TEST_PG_URL is not set; run the tests under "
                      "scripts/with-postgres.sh";
    url_ = url;
    conn_ = OpenOrDie();
    schema_ = "t_" + RandomSuffix();
    auto created = conn_->ExecScript("CREATE SCHEMA " + schema_ +
                                     "; SET search_path TO " + schema_);
    ASSERT_TRUE(created) << created.error().message;
  }

  void TearDown() override {
    if (!conn_ || schema_.empty()) return;
    conn_->Rollback();
    auto dropped = conn_->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
    EXPECT_TRUE(dropped) << dropped.error().message;
  }

  std::unique_ptr<Connection> OpenOrDie() {
    auto conn = PgConnection::Open(url_);
    EXPECT_TRUE(conn) << conn.error().message;
    return conn ? std::move(*conn) : nullptr;
  }

  // A second session that sees this test's schema.
  std::unique_ptr<Connection> OpenInSchema() {
    auto conn = OpenOrDie();
    if (conn) {
      auto set = conn->ExecScript("SET search_path TO " + schema_);
      EXPECT_TRUE(set) << set.error().message;
    }
    return conn;
  }

  void CreateItems() {
    auto made = conn_->ExecScript(
        "CREATE TABLE items ("
        " id BIGSERIAL PRIMARY KEY,"
        " name TEXT NOT NULL UNIQUE,"
        " qty BIGINT,"
        " price DOUBLE PRECISION,"
        " note TEXT,"
        " CONSTRAINT items_qty_positive CHECK (qty IS NULL OR qty >= 0))");
    ASSERT_TRUE(made) << made.error().message;
  }

  int64_t CountItems(Connection& conn) {
    auto n = conn.QueryInt("SELECT COUNT(*) FROM items");
    EXPECT_TRUE(n) << n.error().message;
    return n.value_or(-1);
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PgConnectionTest, ReportsPostgresDialectAndUtcUtf8Session) {
  EXPECT_EQ(conn_->dialect(), Dialect::kPostgres);
  auto tz = conn_->QueryOne("SHOW TimeZone", {}, "setting");
  ASSERT_TRUE(tz) << tz.error().message;
  EXPECT_EQ(tz->Text(0), "UTC");
  auto encoding = conn_->QueryOne("SHOW client_encoding", {}, "setting");
  ASSERT_TRUE(encoding) << encoding.error().message;
  EXPECT_EQ(encoding->Text(0), "UTF8");
}

TEST_F(PgConnectionTest, BindsParametersInOrder) {
  auto row = conn_->QueryOne(
      "SELECT ?::bigint - ?::bigint, ?::text || ?",
      {int64_t{10}, int64_t{3}, std::string("a"), std::string("b")}, "row");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->Int(0), 7);
  EXPECT_EQ(row->Text(1), "ab");
}

TEST_F(PgConnectionTest, QuestionMarkInStringLiteralIsNotAParameter) {
  auto row = conn_->QueryOne(
      "SELECT '?', 'a?b''?', ?::bigint, \"?\" FROM "
      "(SELECT 1 AS \"?\") AS q",
      {int64_t{5}}, "row");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->Text(0), "?");
  EXPECT_EQ(row->Text(1), "a?b'?");
  EXPECT_EQ(row->Int(2), 5);
  EXPECT_EQ(row->Int(3), 1);
}

TEST_F(PgConnectionTest, RoundTripsIntegersRealsAndText) {
  CreateItems();
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  auto a = conn_->Insert(
      "INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)",
      {std::string("a"), big, 0.1, std::string("it's \"quoted\"\n")});
  ASSERT_TRUE(a) << a.error().message;
  auto b = conn_->Insert("INSERT INTO items (name, price) VALUES (?, ?)",
                         {std::string("b"), -1.25e300});
  ASSERT_TRUE(b) << b.error().message;

  auto row = conn_->QueryOne(
      "SELECT name, qty, price, note FROM items WHERE id = ?", {*a}, "item");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->Text(0), "a");
  EXPECT_EQ(row->Int(1), big);
  EXPECT_EQ(row->Real(2), 0.1);
  EXPECT_EQ(row->Text(3), "it's \"quoted\"\n");

  auto other =
      conn_->QueryOne("SELECT price FROM items WHERE id = ?", {*b}, "item");
  ASSERT_TRUE(other) << other.error().message;
  EXPECT_EQ(other->Real(0), -1.25e300);

  auto min = conn_->QueryInt("SELECT ?::bigint", {small});
  ASSERT_TRUE(min) << min.error().message;
  EXPECT_EQ(*min, small);
}

TEST_F(PgConnectionTest, NullsTravelBothWays) {
  CreateItems();
  auto id = conn_->Insert(
      "INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)",
      {std::string("n"), std::monostate{}, std::monostate{}, TextOrNull("")});
  ASSERT_TRUE(id) << id.error().message;
  auto row = conn_->QueryOne(
      "SELECT qty, price, note, note IS NULL FROM items WHERE id = ?", {*id},
      "item");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_TRUE(row->IsNull(0));
  EXPECT_TRUE(row->IsNull(1));
  EXPECT_TRUE(row->IsNull(2));
  EXPECT_EQ(row->OptInt(0), std::nullopt);
  EXPECT_EQ(row->Text(2), "");
  EXPECT_EQ(row->Int(3), 1);  // PostgreSQL's boolean 't'.
}

TEST_F(PgConnectionTest, InsertReturnsTheNewId) {
  CreateItems();
  auto first =
      conn_->Insert("INSERT INTO items (name) VALUES (?)", {std::string("x")});
  ASSERT_TRUE(first) << first.error().message;
  auto second = conn_->Insert("INSERT INTO items (name) VALUES (?);\n",
                              {std::string("y")});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_GT(*second, *first);
  // An explicit RETURNING is kept; the `id` column is picked by name.
  auto third =
      conn_->Insert("INSERT INTO items (name) VALUES (?) RETURNING name, id",
                    {std::string("z")});
  ASSERT_TRUE(third) << third.error().message;
  EXPECT_GT(*third, *second);
  auto name =
      conn_->QueryOne("SELECT name FROM items WHERE id = ?", {*third}, "item");
  ASSERT_TRUE(name) << name.error().message;
  EXPECT_EQ(name->Text(0), "z");
  // A value that merely contains the word is not a RETURNING clause.
  auto fourth =
      conn_->Insert("INSERT INTO items (name) VALUES ('returning')", {});
  ASSERT_TRUE(fourth) << fourth.error().message;
  EXPECT_GT(*fourth, *third);
}

TEST_F(PgConnectionTest, ExecReturnsChangedRowCount) {
  CreateItems();
  for (const char* name : {"a", "b", "c"}) {
    auto id = conn_->Insert("INSERT INTO items (name, qty) VALUES (?, ?)",
                            {std::string(name), int64_t{1}});
    ASSERT_TRUE(id) << id.error().message;
  }
  auto changed = conn_->Exec("UPDATE items SET qty = qty + ?", {int64_t{2}});
  ASSERT_TRUE(changed) << changed.error().message;
  EXPECT_EQ(*changed, 3);
  auto none =
      conn_->Exec("DELETE FROM items WHERE name = ?", {std::string("nobody")});
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, 0);
  auto one =
      conn_->Exec("DELETE FROM items WHERE name = ?", {std::string("b")});
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(*one, 1);
}

TEST_F(PgConnectionTest, MapsConstraintViolations) {
  CreateItems();
  ASSERT_TRUE(
      conn_->ExecScript("CREATE TABLE tags (id BIGSERIAL PRIMARY KEY,"
                        " item_id BIGINT NOT NULL REFERENCES items (id))"));
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("dup")}));

  auto dup = conn_->Insert("INSERT INTO items (name) VALUES (?)",
                           {std::string("dup")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().key, "db.unique");
  EXPECT_NE(dup.error().message.find("items_name_key"), std::string::npos)
      << dup.error().message;
  // The offending value (DETAIL) stays out of the message.
  EXPECT_EQ(dup.error().message.find("(dup)"), std::string::npos)
      << dup.error().message;

  auto fk =
      conn_->Insert("INSERT INTO tags (item_id) VALUES (?)", {int64_t{999}});
  ASSERT_FALSE(fk);
  EXPECT_EQ(fk.error().code, ErrorCode::kConflict);
  EXPECT_EQ(fk.error().key, "db.foreign_key");

  auto not_null =
      conn_->Insert("INSERT INTO items (name) VALUES (?)", {std::monostate{}});
  ASSERT_FALSE(not_null);
  EXPECT_EQ(not_null.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(not_null.error().key, "db.constraint");
  EXPECT_EQ(not_null.error().field, "name");

  auto check = conn_->Insert("INSERT INTO items (name, qty) VALUES (?, ?)",
                             {std::string("neg"), int64_t{-1}});
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(check.error().key, "db.constraint");

  auto syntax = conn_->Query("SELEC nothing", {});
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
  EXPECT_EQ(syntax.error().key, "db.error");

  // Outside a transaction each failure is isolated.
  EXPECT_EQ(CountItems(*conn_), 1);
}

TEST_F(PgConnectionTest, RejectsTextWithNulByte) {
  auto r = conn_->Query("SELECT ?::text", {std::string("a\0b", 3)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(PgConnectionTest, RollbackLeavesNothing) {
  CreateItems();
  ASSERT_TRUE(conn_->Begin());
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("gone")}));
  ASSERT_TRUE(conn_->Exec("UPDATE items SET qty = 5", {}));
  EXPECT_EQ(CountItems(*conn_), 1);
  conn_->Rollback();
  EXPECT_EQ(CountItems(*conn_), 0);
}

TEST_F(PgConnectionTest, CommitIsVisibleToOtherSessions) {
  CreateItems();
  auto other = OpenInSchema();
  ASSERT_TRUE(other);
  ASSERT_TRUE(conn_->Begin());
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("kept")}));
  EXPECT_EQ(CountItems(*other), 0);
  auto committed = conn_->Commit();
  ASSERT_TRUE(committed) << committed.error().message;
  EXPECT_EQ(CountItems(*other), 1);
}

TEST_F(PgConnectionTest, CommitAfterFailedStatementReportsError) {
  CreateItems();
  ASSERT_TRUE(conn_->Begin());
  ASSERT_TRUE(
      conn_->Insert("INSERT INTO items (name) VALUES (?)", {std::string("a")}));
  ASSERT_FALSE(
      conn_->Insert("INSERT INTO items (name) VALUES (?)", {std::string("a")}));
  // The server aborted the transaction; COMMIT would silently roll back.
  auto committed = conn_->Commit();
  ASSERT_FALSE(committed);
  conn_->Rollback();
  EXPECT_EQ(CountItems(*conn_), 0);
}

TEST_F(PgConnectionTest, QueryEachVisitsEveryRow) {
  int64_t sum = 0;
  int rows = 0;
  auto done = conn_->QueryEach(
      "SELECT g, 'r' || g FROM generate_series(1, ?::int) AS g",
      std::initializer_list<SqlValue>{int64_t{1000}}, [&](const Row& row) {
        sum += row.Int(0);
        EXPECT_EQ(row.Text(1), "r" + row.Text(0));
        ++rows;
        return true;
      });
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(rows, 1000);
  EXPECT_EQ(sum, 500500);

  int none = 0;
  auto empty = conn_->QueryEach("SELECT 1 WHERE false", {},
                                [&](const Row&) { return ++none, true; });
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(none, 0);
}

TEST_F(PgConnectionTest, QueryEachStopsEarlyAndConnectionStaysUsable) {
  int seen = 0;
  // Large enough that reading it all would take seconds; the early stop
  // cancels it. (In the select list the series streams; in FROM it would be
  // materialised before the first row.)
  auto stopped = conn_->QueryEach("SELECT generate_series(1, 50000000)", {},
                                  [&](const Row& row) {
                                    EXPECT_EQ(row.Int(0), seen + 1);
                                    return ++seen < 10;
                                  });
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_EQ(seen, 10);
  auto after = conn_->QueryInt("SELECT ?::bigint + 1", {int64_t{41}});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, 42);
}

TEST_F(PgConnectionTest, QueryEachEarlyStopInsideTransactionKeepsIt) {
  CreateItems();
  ASSERT_TRUE(conn_->Begin());
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("before")}));
  int seen = 0;
  auto stopped =
      conn_->QueryEach("SELECT g FROM generate_series(1, 100000) AS g", {},
                       [&](const Row&) { return ++seen < 3; });
  ASSERT_TRUE(stopped) << stopped.error().message;
  EXPECT_EQ(seen, 3);
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("after")}));
  auto committed = conn_->Commit();
  ASSERT_TRUE(committed) << committed.error().message;
  EXPECT_EQ(CountItems(*conn_), 2);
}

TEST_F(PgConnectionTest, QueryEachReportsErrorsAndRecovers) {
  int seen = 0;
  auto failed =
      conn_->QueryEach("SELECT 10 / (3 - g) FROM generate_series(1, 5) AS g",
                       {}, [&](const Row&) { return ++seen, true; });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().key, "db.error");
  auto after = conn_->QueryInt("SELECT 7");
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(*after, 7);
}

TEST_F(PgConnectionTest, RoundTripsChineseText) {
  CreateItems();
  const std::string name = "东阳社区";
  const std::string note = "第3网格·楼栋12号 🏠";
  auto id = conn_->Insert("INSERT INTO items (name, note) VALUES (?, ?)",
                          {name, note});
  ASSERT_TRUE(id) << id.error().message;
  auto row = conn_->QueryOne(
      "SELECT name, note, char_length(name) FROM items WHERE name = ?", {name},
      "item");
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_EQ(row->Text(0), name);
  EXPECT_EQ(row->Text(1), note);
  EXPECT_EQ(row->Int(2), 4);
  auto like = conn_->QueryInt("SELECT COUNT(*) FROM items WHERE name LIKE ?",
                              {std::string("东阳%")});
  ASSERT_TRUE(like) << like.error().message;
  EXPECT_EQ(*like, 1);
}

TEST_F(PgConnectionTest, ReusesPreparedStatements) {
  const std::string sql = "SELECT ?::bigint * 2";
  for (int64_t i = 0; i < 3; ++i) {
    auto v = conn_->QueryInt(sql, {i});
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(*v, 2 * i);
  }
  auto prepared = conn_->QueryInt(
      "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = ?",
      {ToNumberedParameters(sql)});
  ASSERT_TRUE(prepared) << prepared.error().message;
  EXPECT_EQ(*prepared, 1);
}

TEST_F(PgConnectionTest, RepreparesWhenTableShapeChanges) {
  CreateItems();
  ASSERT_TRUE(
      conn_->Insert("INSERT INTO items (name) VALUES (?)", {std::string("a")}));
  auto before = conn_->Query("SELECT * FROM items", {});
  ASSERT_TRUE(before) << before.error().message;
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ(before->front().size(), 5u);
  ASSERT_TRUE(conn_->ExecScript("ALTER TABLE items ADD COLUMN extra TEXT"));
  auto after = conn_->Query("SELECT * FROM items", {});
  ASSERT_TRUE(after) << after.error().message;
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->front().size(), 6u);
}

// Kills this test's session from another one, as a server restart would.
void TerminateSession(Connection& victim, Connection& killer) {
  auto pid = victim.QueryInt("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid) << pid.error().message;
  auto killed =
      killer.QueryInt("SELECT pg_terminate_backend(?::int, 5000)::int", {*pid});
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_EQ(*killed, 1);
}

TEST_F(PgConnectionTest, ReconnectsAfterConnectionLoss) {
  auto killer = OpenOrDie();
  ASSERT_TRUE(killer);
  const std::string sql = "SELECT ?::bigint + 1";
  ASSERT_TRUE(conn_->QueryInt(sql, {int64_t{1}}));  // Now prepared.
  TerminateSession(*conn_, *killer);

  auto lost = conn_->QueryInt(sql, {int64_t{1}});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(lost.error().key, "db.unavailable");

  // The next statement resets the session: prepared statements are made
  // again and the session settings are back.
  auto again = conn_->QueryInt(sql, {int64_t{1}});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 2);
  auto tz = conn_->QueryOne("SHOW TimeZone", {}, "setting");
  ASSERT_TRUE(tz) << tz.error().message;
  EXPECT_EQ(tz->Text(0), "UTC");
}

TEST_F(PgConnectionTest, ConnectionLostInTransactionFailsUntilRollback) {
  CreateItems();
  auto killer = OpenInSchema();
  ASSERT_TRUE(killer);
  ASSERT_TRUE(conn_->Begin());
  ASSERT_TRUE(conn_->Insert("INSERT INTO items (name) VALUES (?)",
                            {std::string("lost")}));
  TerminateSession(*conn_, *killer);

  auto lost = conn_->Exec("SELECT 1", {});
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable);
  // Even though the session is back, nothing may run outside the lost
  // transaction as if it were still inside it.
  auto still = conn_->Exec("SELECT 1", {});
  ASSERT_FALSE(still);
  EXPECT_EQ(still.error().code, ErrorCode::kUnavailable);
  auto committed = conn_->Commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code, ErrorCode::kUnavailable);

  conn_->Rollback();
  ASSERT_TRUE(conn_->ExecScript("SET search_path TO " + schema_));
  EXPECT_EQ(CountItems(*conn_), 0);
  EXPECT_EQ(CountItems(*killer), 0);
}

TEST_F(PgConnectionTest, ConnectFailureIsUnavailableWithoutPassword) {
  // Port 1 on loopback refuses connections at once.
  auto refused = PgConnection::Open(
      "postgresql://someone:s3cr3t-pw@127.0.0.1:1/wangge_test");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().key, "db.connect");
  EXPECT_EQ(refused.error().message.find("s3cr3t-pw"), std::string::npos)
      << refused.error().message;

  auto malformed = PgConnection::Open(
      "postgresql://someone:s3cr3t-pw@127.0.0.1:notaport/x?password=s3cr3t-pw");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(malformed.error().message.find("s3cr3t-pw"), std::string::npos)
      << malformed.error().message;
}

}  // namespace
}  // namespace wangge::store
