// The WAL-gathering VFS on real SQLite files: every commit is whole and in
// the file when COMMIT returns (another connection sees it at once, and a
// process that dies right after loses nothing), transactions larger than
// the buffer and spilled to the log mid-way commit or roll back whole, and
// the database passes SQLite's integrity check.
#include "store/sqlite/wal_gathering_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/log_sync.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite_file_fixture.h"

namespace wangge::store {
namespace {

class WalGatheringVfsTest : public SqliteFileTest {
 protected:
  // A raw connection: through the gathering VFS, or SQLite's default one.
  sqlite3* OpenRaw(bool gathering) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              gathering ? WalGatheringVfsName() : nullptr),
              SQLITE_OK);
    return db;
  }
  static void Exec(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "");
  }
  static int64_t Int(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    int64_t v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  }
  static std::string Text(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    std::string v;
    if (sqlite3_step(st) == SQLITE_ROW)
      v = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
  }
};

TEST_F(WalGatheringVfsTest, IsRegisteredBesideTheDefaultAndNamesBothLayers) {
  const char* name = WalGatheringVfsName();
  ASSERT_NE(name, nullptr);
  EXPECT_STREQ(name, "wangge-wal-gathering");
  // Registered, not made the default.
  EXPECT_STRNE(sqlite3_vfs_find(nullptr)->zName, name);
  sqlite3* db = OpenRaw(true);
  char* vfs = nullptr;
  ASSERT_EQ(sqlite3_file_control(db, "main", SQLITE_FCNTL_VFSNAME, &vfs),
            SQLITE_OK);
  ASSERT_NE(vfs, nullptr);
  EXPECT_EQ(std::string(vfs).rfind("wangge-wal-gathering/", 0), 0u) << vfs;
  sqlite3_free(vfs);
  sqlite3_close(db);
}

TEST_F(WalGatheringVfsTest, EachCommitIsVisibleToAnotherConnectionAtOnce) {
  sqlite3* writer = OpenRaw(true);
  Exec(writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  Exec(writer,
       "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT, v TEXT);"
       "CREATE INDEX t_k ON t(k);");
  sqlite3* reader = OpenRaw(false);
  const std::string pad(3000, 'p');
  for (int i = 1; i <= 300; ++i) {
    // Several pages per commit (a large row, a scattered index key), so
    // that each commit is several gathered frames.
    Exec(writer, "BEGIN IMMEDIATE; INSERT INTO t (k, v) VALUES (" +
                     std::to_string((i * 7919) % 997) + ", '" + pad +
                     "'); COMMIT;");
    ASSERT_EQ(Int(reader, "SELECT COUNT(*) FROM t"), i) << "after commit " << i;
  }
  sqlite3_close(reader);
  sqlite3_close(writer);
}

TEST_F(WalGatheringVfsTest, TransactionsLargerThanTheBufferCommitOrRollBack) {
  sqlite3* db = OpenRaw(true);
  // A tiny page cache makes the pager spill frames to the log in the
  // middle of the transaction.
  Exec(db,
       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
       "PRAGMA cache_size=16;");
  Exec(db,
       "CREATE TABLE t (id INTEGER PRIMARY KEY, k INT, v TEXT);"
       "CREATE INDEX t_k ON t(k);");
  const std::string insert_many =
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
      "WHERE i < 3000) INSERT INTO t (k, v) SELECT (i * 7919) % 2003, "
      "printf('%.1000c', 'x') FROM n;";
  // About 4 MB of pages: thirty buffers and more.
  Exec(db, "BEGIN IMMEDIATE;" + insert_many + "COMMIT;");
  Exec(db, "BEGIN IMMEDIATE;" + insert_many + "ROLLBACK;");
  Exec(db,
       "BEGIN IMMEDIATE; UPDATE t SET k = k + 1 WHERE id % 3 = 0;"
       "COMMIT;");
  sqlite3_close(db);
  sqlite3* check = OpenRaw(false);
  EXPECT_EQ(Int(check, "SELECT COUNT(*) FROM t"), 3000);
  EXPECT_EQ(Int(check, "SELECT SUM(k) FROM t"),
            Int(check,
                "SELECT SUM((id * 7919) % 2003) + "
                "(SELECT COUNT(*) FROM t WHERE id % 3 = 0) FROM t"));
  EXPECT_EQ(Text(check, "PRAGMA integrity_check"), "ok");
  sqlite3_close(check);
}

TEST_F(WalGatheringVfsTest, CommittedRowsSurviveTheProcessDyingRightAfter) {
  constexpr int kCommits = 200;
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The server's own connection, which opens through this VFS. The
    // process then ends without closing anything: no destructor, no
    // flush, as if killed. Only what reached the file remains.
    auto opened = SqliteConnection::Open(path_);
    if (!opened) _exit(2);
    Connection& c = **opened;
    if (!c.ExecScript("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
      _exit(3);
    const std::string pad(5000, 'd');
    for (int i = 0; i < kCommits; ++i) {
      if (!c.Begin() ||
          !c.Exec("INSERT INTO t (v) VALUES (?)", {pad + std::to_string(i)}) ||
          !c.Commit())
        _exit(4);
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  sqlite3* check = OpenRaw(false);
  EXPECT_EQ(Int(check, "SELECT COUNT(*) FROM t"), kCommits);
  EXPECT_EQ(Text(check, "SELECT substr(v, 5001) FROM t ORDER BY id DESC"),
            std::to_string(kCommits - 1));
  EXPECT_EQ(Text(check, "PRAGMA integrity_check"), "ok");
  sqlite3_close(check);
}

TEST_F(WalGatheringVfsTest,
       ADeferredCommitSyncWaitsButHeadersAndCheckpointsDoNot) {
  sqlite3* db = OpenRaw(true);
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  Exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  const std::string insert = "INSERT INTO t (v) VALUES ('row')";
  // Without a scope every commit syncs the log itself.
  int64_t before = WalSyncsMade();
  Exec(db, insert);
  EXPECT_EQ(WalSyncsMade() - before, 1);
  {
    // In a scope a commit on an existing log leaves its sync pending.
    DeferredLogSync defer;
    before = WalSyncsMade();
    Exec(db, insert);
    EXPECT_EQ(WalSyncsMade() - before, 0);
    PendingLogSyncs pending = defer.Take();
    EXPECT_FALSE(pending.empty());
    EXPECT_TRUE(pending.Complete());
    EXPECT_TRUE(defer.Take().empty()) << "taken syncs stay with the taker";

    // A checkpoint's syncs are made even in a scope: frames must be on
    // disk before they are copied into the database file.
    before = WalSyncsMade();
    Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    EXPECT_GE(WalSyncsMade() - before, 1);
    EXPECT_TRUE(defer.Take().empty());

    // The log now starts over: the new header is synced at once, before
    // any frame follows it; the commit's own sync is still left pending.
    before = WalSyncsMade();
    Exec(db, insert);
    EXPECT_EQ(WalSyncsMade() - before, 1);
    pending = defer.Take();
    EXPECT_FALSE(pending.empty());
    EXPECT_TRUE(pending.Complete());
  }
  sqlite3* reader = OpenRaw(false);
  EXPECT_EQ(Int(reader, "SELECT COUNT(*) FROM t"), 3);
  sqlite3_close(reader);
  sqlite3_close(db);
}

}  // namespace
}  // namespace wangge::store
