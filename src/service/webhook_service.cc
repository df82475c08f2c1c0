#include "service/webhook_service.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <map>

#include "service/webhook_client.h"

namespace wangge::service {

namespace {

constexpr size_t kMaxNameBytes = 100;
constexpr size_t kMaxEventBytes = 100;
constexpr size_t kMaxEvents = 50;
// Kept of a failure, enough to tell a receiver's complaint.
constexpr size_t kMaxErrorBytes = 300;

// Webhooks carry no area scope: managing where the city's events go is
// system administration (the CLI operator is a system administrator).
Status RequireWebhookAdmin(const Actor& actor) {
  if (actor.role == Role::kSystemAdmin) return {};
  return Denied(std::string("role ") + RoleName(actor.role) +
                " may not manage webhooks");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

// Calls `each` with every non-empty, trimmed item of a comma-separated list.
template <class F>
void ForEachItem(std::string_view list, F&& each) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = Trim(list.substr(0, comma));
    if (!item.empty()) each(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

std::vector<std::string> SplitEvents(std::string_view list) {
  std::vector<std::string> out;
  ForEachItem(list, [&](std::string_view item) { out.emplace_back(item); });
  return out;
}

Status CheckEvent(std::string_view e) {
  auto bad = [&](std::string why) {
    return Invalid("webhook.events", "event \"" + std::string(e) + "\" " + why,
                   "events");
  };
  if (e.empty() || e.size() > kMaxEventBytes) return bad("needs 1..100 bytes");
  for (size_t i = 0; i < e.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(e[i]);
    if (ch == '*' && i + 1 == e.size()) continue;
    if (!std::islower(ch) && !std::isdigit(ch) && ch != '.' && ch != '_' &&
        ch != '-')
      return bad("may hold a-z, 0-9, . _ - and a final * (\"case.*\") only");
  }
  return {};
}

// Failure text safe for a JSON response: printable ASCII, bounded length.
std::string Describe(std::string_view text) {
  std::string out;
  for (unsigned char ch : text.substr(0, kMaxErrorBytes))
    out += (ch >= ' ' && ch < 0x7f) ? static_cast<char>(ch) : '?';
  return out;
}

WebhookInfo ToInfo(const store::Webhook& w) {
  return {w.id, w.name, w.url, SplitEvents(w.events), w.active, w.created_at};
}

}  // namespace

Millis WebhookRetryDelay(int attempts) {
  constexpr Millis kFirst = 30 * 1000;
  constexpr Millis kMax = 60 * 60 * 1000;
  if (attempts < 1) attempts = 1;
  // 30 s << 7 already exceeds the cap; stop shifting before overflow.
  if (attempts > 8) return kMax;
  return std::min(kMax, kFirst << (attempts - 1));
}

std::string WebhookSignature(std::string_view secret,
                             std::string_view timestamp,
                             std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(
      &state, reinterpret_cast<const unsigned char*>(secret.data()),
      secret.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(timestamp.data()),
      timestamp.size());
  crypto_auth_hmacsha256_update(&state,
                                reinterpret_cast<const unsigned char*>("."), 1);
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

bool WebhookEventMatches(std::string_view filter, std::string_view event_type) {
  bool any = false, match = false;
  ForEachItem(filter, [&](std::string_view item) {
    any = true;
    if (item.ends_with('*'))
      match = match || event_type.starts_with(item.substr(0, item.size() - 1));
    else
      match = match || event_type == item;
  });
  return !any || match;
}

Status WebhookService::Enqueue(store::Connection& c,
                               std::string_view event_type,
                               const boost::json::object& payload, Millis now) {
  // Read in the caller's transaction, never cached: a webhook added by
  // another process counts from its commit on.
  WG_ASSIGN(auto hooks, store::OutboxStore::ListWebhooks(c, true));
  std::string body;
  for (const auto& w : hooks) {
    if (!WebhookEventMatches(w.events, event_type)) continue;
    if (body.empty()) body = boost::json::serialize(payload);
    WG_TRY(store::OutboxStore::Enqueue(c, w.id, event_type, body, now));
  }
  return {};
}

Result<CreatedWebhook> WebhookService::Create(
    const Actor& actor, std::string_view name, std::string_view url,
    const std::vector<std::string>& events) {
  const AuditTarget target{"webhook", ""};
  auto refuse = [&](Error e) -> Result<CreatedWebhook> {
    audit_.RecordRefusal(actor, "webhook.create", target, e);
    return std::unexpected(std::move(e));
  };
  if (auto ok = RequireWebhookAdmin(actor); !ok) return refuse(ok.error());
  name = Trim(name);
  if (name.empty() || name.size() > kMaxNameBytes)
    return refuse(
        Invalid("webhook.name", "name needs 1..100 bytes", "name").error());
  if (auto parsed = ParseHttpUrl(url); !parsed) return refuse(parsed.error());
  if (events.size() > kMaxEvents)
    return refuse(
        Invalid("webhook.events", "at most 50 event types", "events").error());
  std::string filter;
  for (const auto& e : events) {
    if (auto ok = CheckEvent(e); !ok) return refuse(ok.error());
    if (!filter.empty()) filter += ',';
    filter += e;
  }

  CreatedWebhook out;
  out.secret = RandomToken();
  store::Webhook w;
  w.name = std::string(name);
  w.url = std::string(url);
  w.secret_sealed = cipher_.Encrypt(out.secret);
  w.events = filter;
  w.active = true;
  w.created_at = clock_.Now();
  boost::json::array event_list;
  for (const auto& e : events) event_list.emplace_back(e);
  auto created = audit_.Write(
      actor, "webhook.create", target,
      [&](store::Connection& c) -> Result<int64_t> {
        WG_ASSIGN(int64_t id, store::OutboxStore::InsertWebhook(c, w));
        WG_TRY(audit_.Record(c, actor, "webhook.create",
                             {"webhook", std::to_string(id)},
                             {{"name", w.name},
                              {"url", w.url},
                              {"events", std::move(event_list)}}));
        return id;
      });
  if (!created) return std::unexpected(std::move(created.error()));
  w.id = *created;
  out.webhook = ToInfo(w);
  return out;
}

Result<std::vector<WebhookInfo>> WebhookService::List(const Actor& actor) {
  if (auto ok = RequireWebhookAdmin(actor); !ok) {
    audit_.RecordRefusal(actor, "webhook.list", {"webhook", ""}, ok.error());
    return std::unexpected(ok.error());
  }
  WG_ASSIGN(auto hooks, db_.Read([](store::Connection& c) {
    return store::OutboxStore::ListWebhooks(c, false);
  }));
  std::vector<WebhookInfo> out;
  out.reserve(hooks.size());
  for (const auto& w : hooks) out.push_back(ToInfo(w));
  return out;
}

Status WebhookService::Remove(const Actor& actor, int64_t id) {
  const AuditTarget target{"webhook", std::to_string(id)};
  if (auto ok = RequireWebhookAdmin(actor); !ok) {
    audit_.RecordRefusal(actor, "webhook.remove", target, ok.error());
    return ok;
  }
  return audit_.Write(
      actor, "webhook.remove", target, [&](store::Connection& c) -> Status {
        WG_ASSIGN(auto w, store::OutboxStore::GetWebhook(c, id));
        WG_TRY(store::OutboxStore::DeleteWebhook(c, id));
        return audit_.Record(c, actor, "webhook.remove", target,
                             {{"name", w.name}, {"url", w.url}});
      });
}

Result<store::PageOf<store::OutboxRow>> WebhookService::DeadLetters(
    const Actor& actor, store::Page page) {
  if (auto ok = RequireWebhookAdmin(actor); !ok) {
    audit_.RecordRefusal(actor, "outbox.dead_letters", {"outbox", ""},
                         ok.error());
    return std::unexpected(ok.error());
  }
  return db_.Read([&](store::Connection& c) {
    return store::OutboxStore::ListDead(c, page);
  });
}

Status WebhookService::Retry(const Actor& actor, int64_t outbox_id) {
  const AuditTarget target{"outbox", std::to_string(outbox_id)};
  if (auto ok = RequireWebhookAdmin(actor); !ok) {
    audit_.RecordRefusal(actor, "outbox.retry", target, ok.error());
    return ok;
  }
  return audit_.Write(
      actor, "outbox.retry", target, [&](store::Connection& c) -> Status {
        WG_TRY(store::OutboxStore::Retry(c, outbox_id, clock_.Now()));
        return audit_.Record(c, actor, "outbox.retry", target);
      });
}

Status WebhookService::Attempt(const store::OutboxDelivery& d) const {
  WG_ASSIGN(HttpUrl url, ParseHttpUrl(d.url));
  auto secret = cipher_.Decrypt(d.secret_sealed);
  if (!secret)
    return Internal("the webhook secret cannot be unsealed with this data key");
  const std::string timestamp = std::to_string(clock_.Now() / 1000);
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "application/json"},
      {"X-Wangge-Event", d.row.event_type},
      {"X-Wangge-Delivery", std::to_string(d.row.id)},
      {"X-Wangge-Timestamp", timestamp},
      {"X-Wangge-Signature",
       WebhookSignature(*secret, timestamp, d.row.payload)},
  };
  WG_ASSIGN(HttpReply reply,
            PostHttp(url, headers, d.row.payload, kDeliveryTimeout));
  if (reply.status >= 200 && reply.status < 300) return {};
  std::string why = "HTTP " + std::to_string(reply.status);
  if (!reply.body.empty()) why += ": " + reply.body;
  return Fail(ErrorCode::kUnavailable, "webhook.rejected", std::move(why));
}

Result<int> WebhookService::DeliverDue(std::string_view worker, int limit) {
  limit = std::clamp(limit, 1, 500);
  // Long enough for the whole batch to time out one POST after another, so
  // that no other worker takes a row this one is still delivering.
  const Millis lease_ms = 60 * 1000 + limit * (kDeliveryTimeout.count() + 1000);
  WG_ASSIGN(auto claimed, db_.Write([&](store::Connection& c) {
    return store::OutboxStore::ClaimDue(c, worker, clock_.Now(), lease_ms,
                                        limit);
  }));
  // Webhooks found unreachable in this batch, with why: their other rows
  // fail at once instead of each waiting out the timeout, which would hold
  // up every other receiver's deliveries behind one that is down.
  std::map<int64_t, std::string> unreachable;
  for (const auto& d : claimed) {
    Status outcome;
    if (auto it = unreachable.find(d.row.webhook_id); it != unreachable.end()) {
      outcome =
          Fail(ErrorCode::kUnavailable, "webhook.unreachable", it->second);
    } else {
      outcome = Attempt(d);
      if (!outcome && outcome.error().key == "webhook.unreachable")
        unreachable[d.row.webhook_id] = outcome.error().message;
    }
    const int attempts = static_cast<int>(d.row.attempts) + 1;
    // One transaction per row: what was delivered stays recorded even if a
    // later row's bookkeeping fails.
    WG_TRY(db_.Write([&](store::Connection& c) -> Status {
      const Millis now = clock_.Now();
      Result<bool> marked;
      if (outcome) {
        marked = store::OutboxStore::MarkDelivered(c, d.row.id, worker, now);
      } else if (attempts >= kWebhookMaxAttempts) {
        marked = store::OutboxStore::MarkDead(
            c, d.row.id, worker, attempts, Describe(outcome.error().message));
      } else {
        marked = store::OutboxStore::MarkFailed(
            c, d.row.id, worker, attempts, now + WebhookRetryDelay(attempts),
            Describe(outcome.error().message));
      }
      // A false `marked` means the lease ran out and another worker owns
      // the row now; its outcome is the one that counts.
      if (!marked) return std::unexpected(std::move(marked.error()));
      return {};
    }));
  }
  return static_cast<int>(claimed.size());
}

}  // namespace wangge::service
