// Login, logout and the current user.
#include "http/api_support.h"

namespace wangge::http {

namespace {
std::string SessionCookie(const ApiContext& ctx, const std::string& token,
                          int64_t max_age_s) {
  std::string c = std::string(kSessionCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age_s);
  if (ctx.secure_cookie) c += "; Secure";
  return c;
}
}  // namespace

void RegisterAuthRoutes(Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/auth/login", [&ctx](Request& req) {
    auto body = JsonBody::Parse(req);
    if (!body) return Fail(body.error());
    auto username = body->Str("username", true, 64);
    if (!username) return Fail(username.error());
    auto password = body->Str("password", true, 200);
    if (!password) return Fail(password.error());
    auto login = ctx.auth.Login(*username, *password, req.remote_addr);
    if (!login) return Fail(login.error());
    Response res =
        Json(200, boost::json::object{{"token", login->token},
                                      {"user", ToJson(login->user)}});
    res.headers.emplace_back("Set-Cookie",
                             SessionCookie(ctx, login->token, 12 * 3600));
    return res;
  });

  r.Add("POST", "/api/v1/auth/logout",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          auto done = ctx.auth.Logout(actor, SessionToken(req));
          if (!done) return Fail(done.error());
          Response res = Json(200, boost::json::object{{"ok", true}});
          res.headers.emplace_back("Set-Cookie", SessionCookie(ctx, "", 0));
          return res;
        }));

  r.Add("GET", "/api/v1/auth/me",
        Authed(ctx, [](Request&, const service::Actor& actor) {
          boost::json::array scopes;
          for (const auto& s : actor.scopes)
            scopes.push_back({{"area_id", s.area_id},
                              {"code", s.code},
                              {"name", s.name},
                              {"level", s.level}});
          return Json(200, boost::json::object{
                               {"id", actor.user_id ? *actor.user_id : 0},
                               {"username", actor.username},
                               {"role", service::RoleName(actor.role)},
                               {"locale", actor.locale},
                               {"all_areas", actor.all_areas},
                               {"scopes", std::move(scopes)}});
        }));

  r.Add("PUT", "/api/v1/auth/me/locale",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          auto body = JsonBody::Parse(req);
          if (!body) return Fail(body.error());
          auto locale = body->Str("locale", true, 10);
          if (!locale) return Fail(locale.error());
          auto done = ctx.auth.SetLocale(actor, *locale);
          if (!done) return Fail(done.error());
          return Json(200, boost::json::object{{"locale", *locale}});
        }));

  r.Add("POST", "/api/v1/auth/password",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          auto body = JsonBody::Parse(req);
          if (!body) return Fail(body.error());
          auto username = body->Str("username", false, 64);
          if (!username) return Fail(username.error());
          auto password = body->Str("password", true, 200);
          if (!password) return Fail(password.error());
          auto current = body->Str("current_password", false, 200);
          if (!current) return Fail(current.error());
          auto done = ctx.auth.SetPassword(
              actor, username->empty() ? actor.username : *username, *password,
              *current);
          if (!done) return Fail(done.error());
          return Json(200, boost::json::object{{"ok", true}});
        }));
}

}  // namespace wangge::http
