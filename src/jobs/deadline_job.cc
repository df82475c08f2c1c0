#include "jobs/deadline_job.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

namespace wangge::jobs {

Result<service::DeadlineRun> RunDeadlinesOnce(service::CaseService& cases,
                                              const std::string& worker,
                                              int batch, int max_rounds) {
  service::DeadlineRun total;
  for (int round = 0; round < max_rounds; ++round) {
    WG_ASSIGN(auto run, cases.RunDeadlines(worker, batch));
    total.scanned += run.scanned;
    total.yellow += run.yellow;
    total.red += run.red;
    total.escalated += run.escalated;
    if (run.scanned < batch) break;
  }
  if (total.yellow + total.red > 0)
    spdlog::info("deadlines: {} yellow, {} red, {} escalated ({})",
                 total.yellow, total.red, total.escalated, worker);
  return total;
}

std::string WorkerName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid());
}

}  // namespace wangge::jobs
