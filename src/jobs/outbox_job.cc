#include "jobs/outbox_job.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace wangge::jobs {

Result<int> RunOutboxOnce(service::WebhookService& webhooks,
                          std::string_view worker) {
  constexpr int kMaxBatches = 10;
  // The scheduler runs jobs one after another: slow receivers must not
  // hold up the others for long.
  constexpr auto kBudget = std::chrono::seconds(30);
  const auto start = std::chrono::steady_clock::now();
  int attempted = 0;
  for (int i = 0; i < kMaxBatches; ++i) {
    WG_ASSIGN(int n, webhooks.DeliverDue(worker, kOutboxBatch));
    attempted += n;
    if (n < kOutboxBatch || std::chrono::steady_clock::now() - start > kBudget)
      break;
  }
  if (attempted > 0)
    spdlog::info("outbox: {} webhook deliveries attempted", attempted);
  return attempted;
}

}  // namespace wangge::jobs
