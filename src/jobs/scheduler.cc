#include "jobs/scheduler.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace wangge::jobs {

void Scheduler::Add(std::string name, std::chrono::milliseconds every,
                    std::function<void()> run) {
  jobs_.push_back({std::move(name), every, std::move(run),
                   std::chrono::steady_clock::now() + every});
}

void Scheduler::Start() {
  if (jobs_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto next = jobs_.front().next;
    for (const auto& job : jobs_) next = std::min(next, job.next);
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) break;
    const auto now = std::chrono::steady_clock::now();
    for (auto& job : jobs_) {
      if (job.next > now) continue;
      lock.unlock();
      try {
        job.run();
      } catch (const std::exception& e) {
        // A job must never take the server down; it tries again next time.
        spdlog::error("job {} failed: {}", job.name, e.what());
      }
      lock.lock();
      job.next = std::chrono::steady_clock::now() + job.every;
      if (stopping_) break;
    }
  }
}

}  // namespace wangge::jobs
