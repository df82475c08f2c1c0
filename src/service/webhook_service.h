// Webhooks: which URLs receive which events, and the delivery of the outbox
// to them. Events enter the outbox inside the transaction that causes them
// (Enqueue), so receivers hear of committed changes only; DeliverDue POSTs
// them later, signed, at least once, retrying with backoff and setting
// aside as dead letters those that keep failing. Receivers deduplicate by
// the X-Wangge-Delivery header and must not rely on order.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/database.h"
#include "store/outbox_store.h"

namespace wangge::service {

// A webhook as administrators see it: never its secret.
struct WebhookInfo {
  int64_t id = 0;
  std::string name;
  std::string url;
  std::vector<std::string> events;  // empty: every event
  bool active = true;
  Millis created_at = 0;
};

struct CreatedWebhook {
  WebhookInfo webhook;
  // The HMAC key, shown this once; only its sealed form is stored.
  std::string secret;
};

// A delivery is attempted at most this many times before it is dead.
inline constexpr int kWebhookMaxAttempts = 8;

// The wait after failed attempt number `attempts` (1-based): 30 s, doubling
// per attempt, at most one hour.
Millis WebhookRetryDelay(int attempts);

// The X-Wangge-Signature value: "sha256=" + lowercase hex of
// HMAC-SHA256(key = the secret's bytes, message = timestamp + "." + body).
std::string WebhookSignature(std::string_view secret,
                             std::string_view timestamp, std::string_view body);

// Whether an event type passes a webhook's filter: a comma-separated list
// of exact types or prefixes ending in '*' ("case.*"); empty passes all.
bool WebhookEventMatches(std::string_view filter, std::string_view event_type);

class WebhookService {
 public:
  WebhookService(store::Database& db, const Clock& clock,
                 const FieldCipher& cipher, const AuditService& audit)
      : db_(db), clock_(clock), cipher_(cipher), audit_(audit) {}

  // Adds one outbox row per active webhook whose filter passes
  // `event_type`. Runs inside the caller's write transaction so the event
  // commits or rolls back with the change it reports. With no webhooks it
  // costs one query on the (small) webhooks table and writes nothing. The
  // payload is stored and sent as it is: it must hold no plain personal
  // data.
  static Status Enqueue(store::Connection& c, std::string_view event_type,
                        const boost::json::object& payload, Millis now);

  // Administration: system administrators and the CLI operator only. Every
  // change is audited with it; every refusal in a record of its own.
  // Fails naming "name", "url" or "events" for bad input.
  Result<CreatedWebhook> Create(const Actor& actor, std::string_view name,
                                std::string_view url,
                                const std::vector<std::string>& events);
  Result<std::vector<WebhookInfo>> List(const Actor& actor);
  // Deletes the webhook and its outbox rows (delivered, pending and dead).
  Status Remove(const Actor& actor, int64_t id);
  Result<store::PageOf<store::OutboxRow>> DeadLetters(const Actor& actor,
                                                      store::Page page);
  // Puts a dead letter back to pending, due now, with its attempts reset.
  Status Retry(const Actor& actor, int64_t outbox_id);

  // Claims up to `limit` due rows for `worker` (a name unique per process)
  // and POSTs each; records delivery, the next attempt (WebhookRetryDelay)
  // or death after kWebhookMaxAttempts. Returns how many rows were
  // attempted. Safe to run in several processes at once.
  Result<int> DeliverDue(std::string_view worker, int limit);

  // How long one POST may take (connect, send and reply).
  static constexpr std::chrono::milliseconds kDeliveryTimeout{5000};

 private:
  // One POST of a claimed row; an error says why it was not delivered.
  Status Attempt(const store::OutboxDelivery& d) const;

  store::Database& db_;
  const Clock& clock_;
  const FieldCipher& cipher_;
  const AuditService& audit_;
};

}  // namespace wangge::service
