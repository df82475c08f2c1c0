#include "store/outbox_store.h"

#include <algorithm>

namespace wangge::store {

namespace {
constexpr std::string_view kWebhookSelect =
    "SELECT id, name, url, secret_sealed, events, active, created_at "
    "FROM webhooks";

constexpr std::string_view kOutboxColumns =
    "o.id, o.webhook_id, o.event_type, o.payload, o.created_at, o.status, "
    "o.attempts, o.next_attempt_at, o.last_error, o.lease_owner, "
    "o.lease_until, o.delivered_at";
constexpr size_t kOutboxColumnCount = 12;

Webhook ReadWebhook(const Row& r) {
  Webhook w;
  w.id = r.Int(0);
  w.name = r.Text(1);
  w.url = r.Text(2);
  w.secret_sealed = r.Text(3);
  w.events = r.Text(4);
  w.active = r.Int(5) != 0;
  w.created_at = r.Int(6);
  return w;
}

OutboxRow ReadOutbox(const Row& r) {
  OutboxRow o;
  o.id = r.Int(0);
  o.webhook_id = r.Int(1);
  o.event_type = r.Text(2);
  o.payload = r.Text(3);
  o.created_at = r.Int(4);
  o.status = r.Text(5);
  o.attempts = r.Int(6);
  o.next_attempt_at = r.Int(7);
  o.last_error = r.Text(8);
  o.lease_owner = r.Text(9);
  o.lease_until = r.Int(10);
  o.delivered_at = r.OptInt(11);
  return o;
}

// "?, ?, ?" for `n` markers.
std::string Markers(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

Result<bool> ChangedOne(Result<int64_t> changed) {
  if (!changed) return std::unexpected(std::move(changed.error()));
  return *changed > 0;
}
}  // namespace

Result<int64_t> OutboxStore::InsertWebhook(Connection& c, const Webhook& w) {
  return c.Insert(
      "INSERT INTO webhooks (name, url, secret_sealed, events, active, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {w.name, w.url, w.secret_sealed, w.events, int64_t{w.active ? 1 : 0},
       w.created_at});
}

Result<std::vector<Webhook>> OutboxStore::ListWebhooks(Connection& c,
                                                       bool active_only) {
  WG_ASSIGN(Rows rows,
            c.Query(std::string(kWebhookSelect) +
                    (active_only ? " WHERE active = 1" : "") + " ORDER BY id"));
  std::vector<Webhook> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ReadWebhook(r));
  return out;
}

Result<Webhook> OutboxStore::GetWebhook(Connection& c, int64_t id) {
  WG_ASSIGN(Row r, c.QueryOne(std::string(kWebhookSelect) + " WHERE id = ?",
                              {id}, "webhook"));
  return ReadWebhook(r);
}

Status OutboxStore::DeleteWebhook(Connection& c, int64_t id) {
  WG_ASSIGN(int64_t n, c.Exec("DELETE FROM webhooks WHERE id = ?", {id}));
  if (n == 0) return NotFound("webhook.not_found", "webhook not found");
  return {};
}

Status OutboxStore::SetWebhookActive(Connection& c, int64_t id, bool active) {
  WG_ASSIGN(int64_t n, c.Exec("UPDATE webhooks SET active = ? WHERE id = ?",
                              {int64_t{active ? 1 : 0}, id}));
  if (n == 0) return NotFound("webhook.not_found", "webhook not found");
  return {};
}

Result<int64_t> OutboxStore::Enqueue(Connection& c, int64_t webhook_id,
                                     std::string_view event_type,
                                     std::string_view payload, int64_t now) {
  return c.Insert(
      "INSERT INTO outbox (webhook_id, event_type, payload, created_at, "
      "status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)",
      {webhook_id, std::string(event_type), std::string(payload), now, now});
}

Result<std::vector<OutboxDelivery>> OutboxStore::ClaimDue(
    Connection& c, std::string_view owner, int64_t now, int64_t lease_ms,
    int limit) {
  limit = std::clamp(limit, 1, 1000);
  // Served by the outbox_due (status, next_attempt_at) index.
  std::string pick =
      "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? "
      "AND lease_until <= ? AND webhook_id IN "
      "(SELECT id FROM webhooks WHERE active = 1) "
      "ORDER BY next_attempt_at, id LIMIT " +
      std::to_string(limit);
  // Rows another transaction is claiming are skipped, not waited for; a row
  // whose lease was taken after this statement's snapshot is re-checked by
  // PostgreSQL against the lease condition when locked.
  if (c.dialect() == Dialect::kPostgres) pick += " FOR UPDATE SKIP LOCKED";
  WG_ASSIGN(Rows picked, c.Query(pick, {now, now}));
  std::vector<OutboxDelivery> out;
  if (picked.empty()) return out;

  std::vector<SqlValue> params = {std::string(owner), now + lease_ms};
  std::vector<SqlValue> ids;
  for (const auto& r : picked) ids.emplace_back(r.Int(0));
  params.insert(params.end(), ids.begin(), ids.end());
  WG_TRY(
      c.Exec("UPDATE outbox SET lease_owner = ?, lease_until = ? "
             "WHERE id IN (" +
                 Markers(ids.size()) + ")",
             params));

  WG_ASSIGN(Rows rows, c.Query("SELECT " + std::string(kOutboxColumns) +
                                   ", w.url, w.secret_sealed FROM outbox o "
                                   "JOIN webhooks w ON w.id = o.webhook_id "
                                   "WHERE o.id IN (" +
                                   Markers(ids.size()) +
                                   ") ORDER BY o.next_attempt_at, o.id",
                               ids));
  out.reserve(rows.size());
  for (const auto& r : rows) {
    OutboxDelivery d;
    d.row = ReadOutbox(r);
    d.url = r.Text(kOutboxColumnCount);
    d.secret_sealed = r.Text(kOutboxColumnCount + 1);
    out.push_back(std::move(d));
  }
  return out;
}

Result<bool> OutboxStore::MarkDelivered(Connection& c, int64_t id,
                                        std::string_view owner, int64_t now) {
  return ChangedOne(
      c.Exec("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, "
             "delivered_at = ?, last_error = '', lease_owner = '', "
             "lease_until = 0 WHERE id = ? AND lease_owner = ? AND "
             "status = 'pending'",
             {now, id, std::string(owner)}));
}

Result<bool> OutboxStore::MarkFailed(Connection& c, int64_t id,
                                     std::string_view owner, int64_t attempts,
                                     int64_t next_attempt_at,
                                     std::string_view error) {
  return ChangedOne(c.Exec(
      "UPDATE outbox SET attempts = ?, next_attempt_at = ?, "
      "last_error = ?, lease_owner = '', lease_until = 0 "
      "WHERE id = ? AND lease_owner = ? AND status = 'pending'",
      {attempts, next_attempt_at, std::string(error), id, std::string(owner)}));
}

Result<bool> OutboxStore::MarkDead(Connection& c, int64_t id,
                                   std::string_view owner, int64_t attempts,
                                   std::string_view error) {
  return ChangedOne(
      c.Exec("UPDATE outbox SET status = 'dead', attempts = ?, "
             "last_error = ?, lease_owner = '', lease_until = 0 "
             "WHERE id = ? AND lease_owner = ? AND status = 'pending'",
             {attempts, std::string(error), id, std::string(owner)}));
}

Result<OutboxRow> OutboxStore::Get(Connection& c, int64_t id) {
  WG_ASSIGN(Row r, c.QueryOne("SELECT " + std::string(kOutboxColumns) +
                                  " FROM outbox o WHERE o.id = ?",
                              {id}, "outbox"));
  return ReadOutbox(r);
}

Result<PageOf<OutboxRow>> OutboxStore::ListDead(Connection& c, Page page) {
  PageOf<OutboxRow> out;
  WG_ASSIGN(out.total,
            c.QueryInt("SELECT COUNT(*) FROM outbox WHERE status = 'dead'"));
  WG_ASSIGN(Rows rows, c.Query("SELECT " + std::string(kOutboxColumns) +
                               " FROM outbox o WHERE o.status = 'dead' "
                               "ORDER BY o.id DESC" +
                               page.Sql()));
  for (const auto& r : rows) out.items.push_back(ReadOutbox(r));
  return out;
}

Status OutboxStore::Retry(Connection& c, int64_t id, int64_t now) {
  WG_ASSIGN(int64_t n,
            c.Exec("UPDATE outbox SET status = 'pending', attempts = 0, "
                   "next_attempt_at = ?, lease_owner = '', lease_until = 0 "
                   "WHERE id = ? AND status = 'dead'",
                   {now, id}));
  if (n > 0) return {};
  WG_ASSIGN(OutboxRow row, Get(c, id));
  return Conflict("outbox.not_dead", "outbox row " + std::to_string(id) +
                                         " is " + row.status + ", not dead");
}

}  // namespace wangge::store
