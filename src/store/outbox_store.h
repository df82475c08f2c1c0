// Webhook subscriptions and the transactional outbox that delivers to them.
// Events are written to the outbox inside the transaction that causes them,
// so an event is delivered if and only if its change committed; delivery
// happens later, at least once, by whichever server process claims the row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/query_builder.h"
#include "store/sql.h"

namespace wangge::store {

struct Webhook {
  int64_t id = 0;
  std::string name;
  std::string url;
  std::string secret_sealed;  // FieldCipher output; never the plain secret
  std::string events;         // comma-separated filter; "" means every event
  bool active = true;
  int64_t created_at = 0;
};

struct OutboxRow {
  int64_t id = 0;
  int64_t webhook_id = 0;
  std::string event_type;
  std::string payload;  // JSON text, POSTed as it is
  int64_t created_at = 0;
  std::string status;  // pending | delivered | dead
  int64_t attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
  std::string lease_owner;
  int64_t lease_until = 0;
  std::optional<int64_t> delivered_at;
};

// A claimed row with what its delivery needs from the webhook.
struct OutboxDelivery {
  OutboxRow row;
  std::string url;
  std::string secret_sealed;
};

class OutboxStore {
 public:
  static Result<int64_t> InsertWebhook(Connection& c, const Webhook& w);
  // Oldest first; `active_only` leaves out deactivated webhooks.
  static Result<std::vector<Webhook>> ListWebhooks(Connection& c,
                                                   bool active_only);
  static Result<Webhook> GetWebhook(Connection& c, int64_t id);
  // Deletes the webhook and, by cascade, its outbox rows; kNotFound if none.
  static Status DeleteWebhook(Connection& c, int64_t id);
  // An inactive webhook receives no new rows and its pending rows wait.
  static Status SetWebhookActive(Connection& c, int64_t id, bool active);

  // Adds one pending row due at once.
  static Result<int64_t> Enqueue(Connection& c, int64_t webhook_id,
                                 std::string_view event_type,
                                 std::string_view payload, int64_t now);

  // Claims up to `limit` pending rows that are due and not leased by anyone
  // (or whose lease ran out), leasing them to `owner` until now + lease_ms.
  // Must run inside a write transaction: on PostgreSQL the rows are locked
  // with FOR UPDATE SKIP LOCKED so that concurrent claimers in other
  // processes take disjoint rows; SQLite's write transaction is exclusive.
  static Result<std::vector<OutboxDelivery>> ClaimDue(Connection& c,
                                                      std::string_view owner,
                                                      int64_t now,
                                                      int64_t lease_ms,
                                                      int limit);
  // The outcome of a claimed delivery. Each changes the row only while
  // `owner` still holds its lease (returns false otherwise: the lease ran
  // out and another worker owns the row now) and releases the lease.
  static Result<bool> MarkDelivered(Connection& c, int64_t id,
                                    std::string_view owner, int64_t now);
  static Result<bool> MarkFailed(Connection& c, int64_t id,
                                 std::string_view owner, int64_t attempts,
                                 int64_t next_attempt_at,
                                 std::string_view error);
  static Result<bool> MarkDead(Connection& c, int64_t id,
                               std::string_view owner, int64_t attempts,
                               std::string_view error);

  static Result<OutboxRow> Get(Connection& c, int64_t id);
  // Dead letters, newest first.
  static Result<PageOf<OutboxRow>> ListDead(Connection& c, Page page);
  // Puts a dead row back to pending, due at `now`, with its attempts reset.
  // kNotFound if there is no such row, kConflict if it is not dead.
  static Status Retry(Connection& c, int64_t id, int64_t now);
};

}  // namespace wangge::store
