// The WAL checkpointer on a real SQLite file: checkpoints run on its own
// thread, the log starts over instead of growing without bound while a
// writer commits back to back, and every committed row is there after.
#include "store/sqlite/wal_checkpointer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite_file_fixture.h"

namespace wangge::store {
namespace {

namespace fs = std::filesystem;

using WalCheckpointerTest = SqliteFileTest;

TEST_F(WalCheckpointerTest, CheckpointsOffTheWriterAndKeepsTheLogBounded) {
  auto checkpointer = std::make_shared<WalCheckpointer>(path_);
  auto opened = SqliteConnection::Open(path_, checkpointer);
  ASSERT_TRUE(opened) << opened.error().message;
  Connection& c = **opened;
  ASSERT_TRUE(c.ExecScript(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL, v TEXT);"
      "CREATE INDEX t_k ON t(k);"));
  // Each commit dirties several pages (a 10 KB row, scattered index keys),
  // so the log passes kRestartFrames many times over.
  const std::string pad(10000, 'x');
  const int commits = 8000;
  uintmax_t largest_wal = 0;
  for (int i = 0; i < commits; ++i) {
    ASSERT_TRUE(c.Begin());
    ASSERT_TRUE(c.Exec("INSERT INTO t (k, v) VALUES (?, ?)",
                       {std::to_string((i * 7919) % 1000), pad}));
    ASSERT_TRUE(c.Commit());
    std::error_code ec;
    largest_wal = std::max(largest_wal, fs::file_size(path_ + "-wal", ec));
  }
  EXPECT_GT(checkpointer->background_runs(), 0)
      << "the thread never checkpointed";
  // Its checkpoints must copy frames, not merely run: a connection that
  // has read nothing takes the database for a non-WAL one and copies none.
  EXPECT_GT(checkpointer->background_copied_frames(),
            WalCheckpointer::kWakeFrames / 2)
      << "the thread's checkpoints copied nothing";
  // Without restarts the log would hold every frame written: well over
  // commits * 3 pages.
  const uintmax_t frame = 4096 + 24;
  EXPECT_LT(largest_wal, (WalCheckpointer::kRestartFrames + 2000) * frame)
      << "the log grew past the restart point";
  auto n = c.QueryInt("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, commits);
}

TEST_F(WalCheckpointerTest, AShortSessionStartsNoThreadAndLosesNothing) {
  auto checkpointer = std::make_shared<WalCheckpointer>(path_);
  {
    auto opened = SqliteConnection::Open(path_, checkpointer);
    ASSERT_TRUE(opened);
    Connection& c = **opened;
    ASSERT_TRUE(c.ExecScript("CREATE TABLE t (v TEXT)"));
    for (int i = 0; i < 10; ++i)
      ASSERT_TRUE(c.Exec("INSERT INTO t (v) VALUES (?)", {std::string("row")}));
  }
  EXPECT_EQ(checkpointer->background_runs(), 0);
  auto reopened = SqliteConnection::Open(path_);
  ASSERT_TRUE(reopened);
  auto n = (*reopened)->QueryInt("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 10);
}

}  // namespace
}  // namespace wangge::store
