// Accounts: list, create, unlock (system and security administrators).
#include "http/api_support.h"

namespace wangge::http {

void RegisterUserRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/users",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto users, ctx.auth.ListUsers(actor));
            boost::json::array items;
            for (const auto& u : users) items.push_back(ToJson(u));
            return Json(200, boost::json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/users",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            service::NewUser u;
            WG_ASSIGN(u.username, body.Str("username", true, 64));
            WG_ASSIGN(u.password, body.Str("password", true, 200));
            WG_ASSIGN(u.role, body.Str("role", true, 40));
            WG_ASSIGN(u.display_name, body.Str("display_name", false, 100));
            WG_ASSIGN(u.area_codes, body.StrList("area_codes"));
            WG_ASSIGN(auto user, ctx.auth.CreateUser(actor, u));
            return Json(201, ToJson(user));
          });
        }));

  r.Add("POST", "/api/v1/users/{id}/unlock",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_TRY(ctx.auth.Unlock(actor, id));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));
}

}  // namespace wangge::http
