// Group commit that does not wait in the commit: the writing thread goes on
// to its next transaction while another thread makes the last one durable,
// and only that thread acknowledges.
//
// While a DeferredLogSync lives on a thread, a SQLite commit made on that
// thread writes its frames to the write-ahead log and publishes them as
// usual (synchronous=FULL stays on) but leaves the log's fsync to
// PendingLogSyncs::Complete. Whoever holds the pending syncs must complete
// them before telling anybody that the commits happened; an acknowledged
// write is therefore exactly as durable as with the fsync in the commit.
// Other connections may read such a commit a moment (one fsync) before it
// is durable; a power cut in that moment loses it along with the
// acknowledgement that never went out.
//
// Syncs SQLite needs for the log's own consistency are never deferred: the
// sync after a new log header (a log started over, which must be durable
// before frames overwrite the old log) and every sync of a checkpoint
// (frames must be durable before they are copied into the database file).
// PostgreSQL commits are durable when COMMIT returns: nothing is deferred.
// See store/sqlite/wal_gathering_vfs.cc for the mechanism.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/error.h"

namespace wangge::store {

// A descriptor of one log file, opened beside SQLite's own and closed with
// the last pending sync that needs it.
struct LogFile {
  explicit LogFile(int descriptor) : fd(descriptor) {}
  ~LogFile();
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  const int fd;
  // A deferred sync of this file failed. Linux may then drop the unwritten
  // pages and let the next fsync succeed, while later commits are chained
  // to the lost frames (a crash would lose them too): from then on every
  // sync of this file fails, and nothing more is acknowledged until the
  // server restarts and SQLite recovers what is durable.
  std::atomic<bool> failed{false};
};

class PendingLogSyncs {
 public:
  bool empty() const { return files_.empty(); }
  // Adds `other`'s files (each log file once).
  void Merge(PendingLogSyncs&& other);
  void Add(std::shared_ptr<LogFile> file);
  // fdatasync of every log file: every commit deferred into these syncs
  // before this call is durable when it returns without error.
  Status Complete();

 private:
  std::vector<std::shared_ptr<LogFile>> files_;
};

// Deferred syncs made by PendingLogSyncs::Complete in this process so far
// (for tests).
std::int64_t LogSyncsCompleted();

class DeferredLogSync {
 public:
  // Defers log syncs of commits on this thread until destroyed.
  DeferredLogSync();
  ~DeferredLogSync();
  DeferredLogSync(const DeferredLogSync&) = delete;
  DeferredLogSync& operator=(const DeferredLogSync&) = delete;

  // The syncs deferred so far (and no longer held here).
  PendingLogSyncs Take();

  // The scope active on this thread, if any (for the SQLite VFS).
  static DeferredLogSync* Current();
  void Defer(std::shared_ptr<LogFile> file) { pending_.Add(std::move(file)); }

 private:
  DeferredLogSync* previous_;
  PendingLogSyncs pending_;
};

}  // namespace wangge::store
