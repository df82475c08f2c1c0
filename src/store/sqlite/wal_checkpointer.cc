#include "store/sqlite/wal_checkpointer.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

namespace wangge::store {

WalCheckpointer::WalCheckpointer(std::string path) : path_(std::move(path)) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WalCheckpointer::Attach(sqlite3* db) {
  // Replaces the hook that sqlite3_wal_autocheckpoint installs.
  sqlite3_wal_hook(db, &WalCheckpointer::OnCommit, this);
}

int WalCheckpointer::background_runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

int WalCheckpointer::background_copied_frames() const {
  std::lock_guard lock(mu_);
  return copied_frames_;
}

int WalCheckpointer::OnCommit(void* self, sqlite3* db, const char* schema,
                              int frames) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (frames >= kRestartFrames) {
    // Not while the thread copies: this would wait for its whole pass.
    // Past the restart point the thread is not woken again, so its pass
    // ends soon and a later commit gets here. That commit copies only what
    // was committed during the pass, waits for readers to leave the log,
    // and the next write starts over. (The result only says whether the
    // log could start over; if not, the next commit tries again.)
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_RESTART, nullptr,
                              nullptr);
  } else if (frames >= kWakeFrames) {
    // Near the restart point passes follow each other at once, so that the
    // restarting commit finds little left to copy.
    checkpointer->Wake(frames >= kRestartFrames * 3 / 4);
  }
  return SQLITE_OK;
}

void WalCheckpointer::Wake(bool urgent) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    pending_ = true;
    urgent_ = urgent_ || urgent;
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
  }
  wake_.notify_one();
}

void WalCheckpointer::Loop() {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path_.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    // Without its own connection the thread cannot help; commits past
    // kRestartFrames still checkpoint (and restart the log) inline.
    sqlite3_close(db);
    return;
  }
  // A connection that has read nothing does not know the database is in
  // WAL mode, and its checkpoints would do nothing (and report -1 frames).
  sqlite3_exec(db, "PRAGMA journal_mode", nullptr, nullptr, nullptr);
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return pending_ || stopping_; });
    if (stopping_) break;
    pending_ = false;
    copying_ = true;
    lock.unlock();
    int copied = 0;
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                              &copied);
    copying_ = false;
    lock.lock();
    ++runs_;
    copied_frames_ = std::max(copied_frames_, copied);
    // Each pass ends with an fsync of the database file and copies every
    // page changed since the last one: spacing passes lets one copy (and
    // one fsync) serve many commits that touch the same pages, instead of
    // a pass per commit competing with the log's own fsyncs.
    wake_.wait_for(lock, kMinPassInterval,
                   [this] { return stopping_ || urgent_; });
    urgent_ = false;
  }
  lock.unlock();
  sqlite3_close(db);
}

}  // namespace wangge::store
