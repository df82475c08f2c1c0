// Group commit for case intake: requests hand their prepared case to one
// writer thread, which writes everything queued so far in one transaction
// and goes on to the next batch at once; an acknowledging thread makes the
// committed batches durable with one fsync of the log (store/log_sync.h)
// and only then answers each request. Durability is never weakened: no
// request is answered before its case is on disk (synchronous=FULL's own
// fsync, moved off the writer, or PostgreSQL's commit); the cost of a
// commit and of an fsync is shared by everything that waits for it. If that
// fsync fails, its requests and every later one are refused (503, db.sync):
// their cases may be visible but are not known to be on disk. Callers
// do not wait on a thread: each case carries its completion, so the batch
// size is bounded by the requests in flight, not by server threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "service/case_internal.h"
#include "store/database.h"
#include "store/log_sync.h"

namespace wangge::service {

class CaseService;

class IntakeBatcher {
 public:
  IntakeBatcher(CaseService& cases, store::Database& db,
                size_t max_batch = 256);
  // Writes and acknowledges everything queued, then stops.
  ~IntakeBatcher();

  // Queues the case. Its `done` runs exactly once: on the acknowledging
  // thread after the commit, on the writer thread when the write failed, or
  // on the caller's thread when the batcher is stopping.
  void Submit(std::unique_ptr<PreparedCase> prepared);

 private:
  using Batch = std::vector<std::unique_ptr<PreparedCase>>;
  // A batch whose transaction committed, and the log syncs that make it
  // durable (none when the commit itself was).
  struct Committed {
    Batch batch;
    store::PendingLogSyncs syncs;
  };
  void Loop();
  void Acknowledge();
  void WriteOne(PreparedCase& p);
  CaseService& cases_;
  store::Database& db_;
  const size_t max_batch_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<PreparedCase>> queue_;
  bool stopping_ = false;
  // Committed batches, made durable and acknowledged by ack_thread_ so
  // that the writer can begin the next transaction at once instead of
  // waiting for the disk and completing each request between two commits.
  std::mutex ack_mu_;
  std::condition_variable ack_wake_;
  std::deque<Committed> committed_;
  bool ack_stopping_ = false;
  std::thread ack_thread_;
  std::thread thread_;
};

}  // namespace wangge::service
