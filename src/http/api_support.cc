#include "http/api_support.h"

#include <spdlog/spdlog.h>

#include <cctype>

namespace wangge::http {

std::string SessionToken(const Request& req) {
  // The auth scheme is case-insensitive (RFC 9110 §11.1).
  const std::string auth = req.Header("Authorization");
  constexpr std::string_view kBearer = "bearer ";
  if (auth.size() > kBearer.size()) {
    bool match = true;
    for (size_t i = 0; i < kBearer.size(); ++i)
      match = match &&
              std::tolower(static_cast<unsigned char>(auth[i])) == kBearer[i];
    if (match) return auth.substr(kBearer.size());
  }
  return req.Cookie(kSessionCookie);
}

Handler Authed(ApiContext& ctx, ActorHandler handler) {
  return [&ctx, handler = std::move(handler)](Request& req) -> Response {
    auto actor = ctx.auth.Authenticate(SessionToken(req), req.remote_addr);
    if (!actor) return Fail(actor.error());
    return handler(req, *actor);
  };
}

Response Fail(const wangge::Error& error) {
  if (error.code == ErrorCode::kInternal ||
      error.code == ErrorCode::kUnavailable)
    spdlog::error("request failed: {} ({})", error.message, error.key);
  return Error(error);
}

Result<store::Page> ParsePage(const Request& req) {
  store::Page p;
  WG_ASSIGN(auto page, QueryInt(req, "page"));
  WG_ASSIGN(auto size, QueryInt(req, "page_size"));
  if (page) {
    if (*page < 1 || *page > 1000000)
      return Invalid("query.range", "page must be 1 or more", "page");
    p.page = *page;
  }
  if (size) {
    if (*size < 1 || *size > 200)
      return Invalid("query.range", "page_size must be 1..200", "page_size");
    p.size = *size;
  }
  return p;
}

Result<service::RegistryQuery> ParseRegistryQuery(const Request& req) {
  service::RegistryQuery q;
  WG_ASSIGN(q.page, ParsePage(req));
  WG_ASSIGN(q.grid_id, QueryInt(req, "grid_id"));
  WG_ASSIGN(q.area_id, QueryInt(req, "area_id"));
  WG_ASSIGN(q.household_id, QueryInt(req, "household_id"));
  WG_ASSIGN(q.is_rental, QueryBool(req, "is_rental"));
  WG_ASSIGN(auto overdue, QueryBool(req, "registration_overdue"));
  q.registration_overdue = overdue.value_or(false);
  q.q = QueryStr(req, "q");
  q.id_card = QueryStr(req, "id_card");
  q.category = QueryStr(req, "category");
  q.tag = QueryStr(req, "tag");
  q.hukou_status = QueryStr(req, "hukou_status");
  q.kind = QueryStr(req, "kind");
  q.use = QueryStr(req, "use");
  q.hidden_danger = QueryStr(req, "hidden_danger");
  return q;
}

}  // namespace wangge::http
