// The webhook delivery job: `wangge serve` runs it every few seconds. Any
// number of processes may run it at once; row leases keep them apart.
#pragma once

#include <string_view>

#include "core/error.h"
#include "service/webhook_service.h"

namespace wangge::jobs {

// Rows one DeliverDue call claims at most.
inline constexpr int kOutboxBatch = 20;

// Delivers what is due: batch after batch while batches come back full (a
// burst drains in one run), at most 10 batches and about 30 s so that one
// run stays bounded.
// Returns how many deliveries were attempted; logs them when any were.
Result<int> RunOutboxOnce(service::WebhookService& webhooks,
                          std::string_view worker);

}  // namespace wangge::jobs
