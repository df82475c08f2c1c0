// Moves SQLite's WAL checkpoints off the committing thread.
//
// By default SQLite checkpoints inline: the connection whose commit pushes
// the write-ahead log past 1,000 frames copies them back into the database
// file (and fsyncs it) before its COMMIT returns, so every few group
// commits one batch of waiting requests also pays for a checkpoint. With a
// WalCheckpointer attached, a connection's WAL hook only wakes this
// object's thread, which checkpoints on a connection of its own.
//
// The thread's checkpoints are PASSIVE: they block neither readers nor the
// writer. But SQLite starts the log again from its top only when a write
// transaction begins with every frame copied back, which a busy writer
// seldom meets while the thread copies beside it. So once the log passes
// kRestartFrames, the thread is no longer woken, and the first commit
// after its pass ends runs one RESTART checkpoint: it copies the frames
// committed during that pass, waits for readers to leave the log, and the
// next write starts over. Durability is unchanged: every
// commit still fsyncs the WAL (synchronous=FULL).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace wangge::store {

class WalCheckpointer {
 public:
  // Frames in the WAL after a commit that wake the checkpoint thread.
  static constexpr int kWakeFrames = 4000;
  // Frames (64 MB) after which the committing connection restarts the log.
  static constexpr int kRestartFrames = 16000;
  // Least time from the end of one background pass to the next.
  static constexpr std::chrono::milliseconds kMinPassInterval{100};

  explicit WalCheckpointer(std::string path);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Replaces `db`'s automatic checkpoints with this object's.
  void Attach(sqlite3* db);

  // Checkpoints run by the thread so far, and the most frames one of them
  // found copied into the database file (for tests).
  int background_runs() const;
  int background_copied_frames() const;

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int frames);
  // `urgent` cuts short the pause between passes.
  void Wake(bool urgent);
  void Loop();

  const std::string path_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool pending_ = false;
  bool urgent_ = false;
  bool stopping_ = false;
  int runs_ = 0;
  int copied_frames_ = 0;
  // True while the thread runs a checkpoint.
  std::atomic<bool> copying_{false};
  // Started on the first wake, so short-lived commands that never fill
  // the log start no thread.
  std::thread thread_;
};

}  // namespace wangge::store
