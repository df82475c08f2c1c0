// Runs periodic jobs on a background thread of `wangge serve`. Each job is
// safe to run in several processes at once (leases and row locks); the
// scheduler only decides when to try.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wangge::jobs {

class Scheduler {
 public:
  Scheduler() = default;
  ~Scheduler() { Stop(); }
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a job run every `every`; must be called before Start().
  void Add(std::string name, std::chrono::milliseconds every,
           std::function<void()> run);
  void Start();
  // Wakes the thread and waits for the job in progress to finish.
  void Stop();

 private:
  struct Job {
    std::string name;
    std::chrono::milliseconds every;
    std::function<void()> run;
    std::chrono::steady_clock::time_point next;
  };
  void Loop();
  std::vector<Job> jobs_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wangge::jobs
