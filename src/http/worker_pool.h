// Threads for handlers that block (database reads, imports, exports), so
// that the server's few I/O threads never wait on them.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wangge::http {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Stop(): runs what is queued, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; after Stop() it runs on the caller's thread instead.
  void Post(std::function<void()> task);
  // Runs every queued task, then joins the threads. Idempotent.
  void Stop();

 private:
  void Loop();
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace wangge::http
