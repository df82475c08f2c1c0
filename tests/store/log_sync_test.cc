// Deferred log syncs: each log file is synced once however many batches
// wait on it, and a file whose sync failed is never reported durable
// again, even when its descriptor would now sync.
#include "store/log_sync.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "store/sqlite_file_fixture.h"

namespace wangge::store {
namespace {

using LogSyncTest = SqliteFileTest;

TEST_F(LogSyncTest, EachFileIsSyncedOnceForEveryBatchWaitingOnIt) {
  auto file = std::make_shared<LogFile>(
      ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  ASSERT_GE(file->fd, 0);
  PendingLogSyncs first, second;
  first.Add(file);
  second.Add(file);
  first.Merge(std::move(second));
  EXPECT_TRUE(second.empty());
  const int64_t before = LogSyncsCompleted();
  ASSERT_TRUE(first.Complete());
  EXPECT_EQ(LogSyncsCompleted() - before, 1);
  EXPECT_TRUE(first.empty());
}

TEST_F(LogSyncTest, AFileWhoseSyncFailedNeverSyncsAgain) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  // fdatasync of a pipe fails (EINVAL): a stand-in for a failed disk.
  auto file = std::make_shared<LogFile>(pipe_fds[0]);
  PendingLogSyncs pending;
  pending.Add(file);
  auto failed = pending.Complete();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().key, "db.sync");
  // The same descriptor now names a regular file, whose sync would succeed;
  // the log stays refused all the same.
  const int regular = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(regular, 0);
  ASSERT_EQ(::dup2(regular, file->fd), file->fd);
  ::close(regular);
  ::close(pipe_fds[1]);
  PendingLogSyncs later;
  later.Add(file);
  EXPECT_FALSE(later.Complete());
  // A healthy file on the same path syncs.
  PendingLogSyncs healthy;
  healthy.Add(
      std::make_shared<LogFile>(::open(path_.c_str(), O_RDWR | O_CLOEXEC)));
  EXPECT_TRUE(healthy.Complete());
}

}  // namespace
}  // namespace wangge::store
