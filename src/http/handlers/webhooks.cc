// Webhooks and the outbox's dead letters (system administrators).
#include "http/api_support.h"
#include "service/webhook_service.h"

namespace wangge::http {

namespace {

boost::json::object WebhookJson(const service::WebhookInfo& w) {
  boost::json::array events;
  for (const auto& e : w.events) events.emplace_back(e);
  return {{"id", w.id},         {"name", w.name},
          {"url", w.url},       {"events", std::move(events)},
          {"active", w.active}, {"created_at", FormatUtc(w.created_at)}};
}

boost::json::object OutboxJson(const store::OutboxRow& o) {
  return {{"id", o.id},
          {"webhook_id", o.webhook_id},
          {"event_type", o.event_type},
          {"payload", o.payload},
          {"created_at", FormatUtc(o.created_at)},
          {"status", o.status},
          {"attempts", o.attempts},
          {"next_attempt_at", FormatUtc(o.next_attempt_at)},
          {"last_error", o.last_error},
          {"delivered_at", o.delivered_at
                               ? boost::json::value(FormatUtc(*o.delivered_at))
                               : boost::json::value(nullptr)}};
}

}  // namespace

void RegisterWebhookRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/webhooks",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto hooks, ctx.webhooks.List(actor));
            boost::json::array items;
            for (const auto& w : hooks) items.push_back(WebhookJson(w));
            return Json(200, boost::json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/webhooks",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto name, body.Str("name", true, 100));
            WG_ASSIGN(auto url, body.Str("url", true, 2000));
            WG_ASSIGN(auto events, body.StrList("events"));
            WG_ASSIGN(auto created,
                      ctx.webhooks.Create(actor, name, url, events));
            auto out = WebhookJson(created.webhook);
            // The only time the secret leaves the server.
            out["secret"] = created.secret;
            return Json(201, std::move(out));
          });
        }));

  r.Add("DELETE", "/api/v1/webhooks/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_TRY(ctx.webhooks.Remove(actor, id));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));

  r.Add("GET", "/api/v1/outbox/dead",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto page, ParsePage(req));
            WG_ASSIGN(auto dead, ctx.webhooks.DeadLetters(actor, page));
            return Json(200, PageJson(dead, page, [](const auto& o) {
                          return OutboxJson(o);
                        }));
          });
        }));

  r.Add("POST", "/api/v1/outbox/{id}/retry",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_TRY(ctx.webhooks.Retry(actor, id));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));
}

}  // namespace wangge::http
