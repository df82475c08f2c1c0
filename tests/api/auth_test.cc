// Health, the OpenAPI document, login, cookies, lockout and logout, as a
// client of the real server sees them.
#include <gtest/gtest.h>

#include <set>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class AuthApiTest : public ApiTest {};

TEST_F(AuthApiTest, HealthAnswersOk) {
  HttpResult r = env().Anonymous().Get("/api/v1/health");
  ASSERT_STATUS(r, 200);
  EXPECT_NE(r.Header("Content-Type").find("application/json"),
            std::string::npos);
  EXPECT_EQ(Str(r.Json(), "status"), "ok");
  EXPECT_EQ(Str(r.Json(), "database"), "sqlite");
}

// Every documented operation exists: without a session, an operation that
// needs one answers 401 auth.required, a public GET answers 200, and no
// documented path is a 404 or 405.
TEST_F(AuthApiTest, OpenApiDocumentsReachableOperations) {
  HttpClient anon = env().Anonymous();
  HttpResult doc = anon.Get("/api/v1/openapi.json");
  ASSERT_STATUS(doc, 200);
  const auto json = doc.Json();
  EXPECT_EQ(Str(json, "openapi").rfind("3.", 0), 0u) << Str(json, "openapi");
  const boost::json::object paths = At(json, "paths").as_object();
  ASSERT_GE(paths.size(), 30u);
  int operations = 0;
  std::set<std::string> public_gets;
  for (const auto& [path_key, item] : paths) {
    std::string path(path_key);
    ASSERT_EQ(path.rfind("/api/v1/", 0), 0u) << path;
    // Fill the path parameters with plausible values.
    for (size_t open = path.find('{'); open != std::string::npos;
         open = path.find('{')) {
      const size_t close = path.find('}', open);
      const std::string name = path.substr(open + 1, close - open - 1);
      path.replace(open, close - open + 1, name == "role" ? "leader" : "1");
    }
    for (const auto& [method_key, op] : item.as_object()) {
      std::string method(method_key);
      for (auto& ch : method) ch = static_cast<char>(std::toupper(ch));
      const bool authed = op.as_object().contains("security");
      const std::string body = method == "POST" || method == "PUT" ? "{}" : "";
      HttpResult r = anon.Send(method, path, body, {});
      ++operations;
      SCOPED_TRACE(method + " " + path);
      // A route exists: any 404 is about the resource, never the route.
      EXPECT_NE(ErrorCode(r), "route.not_found") << Brief(r);
      EXPECT_NE(r.status, 405) << Brief(r);
      if (authed) {
        EXPECT_STATUS(r, 401);
        EXPECT_EQ(ErrorCode(r), "auth.required");
      } else if (method == "GET") {
        public_gets.insert(std::string(path_key));
        // Public reads by tracking number find no report "1".
        if (path.find("/public/reports/") != std::string::npos)
          EXPECT_STATUS(r, 404);
        else
          EXPECT_STATUS(r, 200);
      } else {
        // Login and the resident forms: an empty object is invalid input.
        EXPECT_STATUS(r, 400);
      }
      // Each operation documents its success and error responses.
      EXPECT_TRUE(At(op, "responses").as_object().contains("400"));
    }
  }
  EXPECT_GE(operations, 40);
  // Health, this document, the resident pages (the form's categories, a
  // report's status and its photos) and the map the public pages draw on.
  // A new anonymous read must be added here on purpose.
  const std::set<std::string> expected = {
      "/api/v1/health",
      "/api/v1/openapi.json",
      "/api/v1/public/categories",
      "/api/v1/public/reports/{tracking}",
      "/api/v1/public/reports/{tracking}/attachments/{id}",
      "/api/v1/public/map-settings",
      "/api/v1/public/boundaries"};
  EXPECT_EQ(public_gets, expected);
}

TEST_F(AuthApiTest, UnknownPathIsRouteNotFound) {
  HttpResult r = env().Anonymous().Get("/api/v1/no-such-thing");
  EXPECT_STATUS(r, 404);
  EXPECT_EQ(ErrorCode(r), "route.not_found");
}

TEST_F(AuthApiTest, LoginReturnsTokenUserAndStrictCookie) {
  HttpResult r = env().LoginRequest(kLeader, kPassword);
  ASSERT_STATUS(r, 200);
  const auto json = r.Json();
  const std::string token = Str(json, "token");
  EXPECT_GE(token.size(), 20u);
  EXPECT_EQ(Str(At(json, "user"), "role"), "community_leader");
  EXPECT_EQ(Str(At(json, "user"), "username"), kLeader);
  // The user record never carries the password hash.
  EXPECT_EQ(r.body.find("argon2"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("password"), std::string::npos) << r.body;

  const std::string cookie = r.Header("Set-Cookie");
  EXPECT_NE(cookie.find("wg_session=" + token), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;

  // The cookie alone is a session.
  HttpClient browser = env().Anonymous();
  HttpResult me =
      browser.Get("/api/v1/auth/me", {{"Cookie", "wg_session=" + token}});
  ASSERT_STATUS(me, 200);
  EXPECT_EQ(Str(me.Json(), "username"), kLeader);
  EXPECT_EQ(Str(me.Json(), "role"), "community_leader");
  const auto& scopes = Arr(me.Json(), "scopes");
  ASSERT_EQ(scopes.size(), 1u);
  EXPECT_EQ(Str(scopes[0], "code"), kCommunityCode);

  // So is the bearer token.
  HttpClient api = env().Anonymous();
  api.SetBearer(token);
  EXPECT_STATUS(api.Get("/api/v1/auth/me"), 200);
}

TEST_F(AuthApiTest, WrongPasswordAndUnknownUserLookTheSame) {
  HttpResult wrong = env().LoginRequest(kAuditor, "Wrong-pass-1");
  EXPECT_STATUS(wrong, 401);
  EXPECT_EQ(ErrorCode(wrong), "auth.invalid_credentials");
  EXPECT_TRUE(wrong.Header("Set-Cookie").empty()) << wrong.Header("Set-Cookie");

  HttpResult unknown = env().LoginRequest("no_such_user_x", "Wrong-pass-1");
  EXPECT_STATUS(unknown, 401);
  EXPECT_EQ(ErrorCode(unknown), "auth.invalid_credentials");
  EXPECT_EQ(ErrorMessage(unknown), ErrorMessage(wrong));
  EXPECT_EQ(ErrorField(unknown), ErrorField(wrong));

  // One wrong password is forgotten after a right one.
  EXPECT_STATUS(env().LoginRequest(kAuditor, kPassword), 200);
}

TEST_F(AuthApiTest, LoginInputErrorsNameTheField) {
  HttpClient anon = env().Anonymous();
  HttpResult no_password =
      anon.Post("/api/v1/auth/login", Body({{"username", kLeader}}));
  EXPECT_STATUS(no_password, 400);
  EXPECT_EQ(ErrorField(no_password), "password");

  HttpResult no_username =
      anon.Post("/api/v1/auth/login", Body({{"password", kPassword}}));
  EXPECT_STATUS(no_username, 400);
  EXPECT_EQ(ErrorField(no_username), "username");

  HttpResult wrong_type = anon.Post(
      "/api/v1/auth/login", R"({"username": 42, "password": "Test-pass-1"})");
  EXPECT_STATUS(wrong_type, 400);
  EXPECT_EQ(ErrorField(wrong_type), "username");

  HttpResult malformed =
      anon.Post("/api/v1/auth/login", R"({"username": "t_leader", )");
  EXPECT_STATUS(malformed, 400);
  EXPECT_EQ(ErrorCode(malformed), "request.malformed_json");

  HttpResult not_object = anon.Post("/api/v1/auth/login", R"(["t_leader"])");
  EXPECT_STATUS(not_object, 400);
  EXPECT_EQ(ErrorCode(not_object), "request.malformed_json");
}

TEST_F(AuthApiTest, RequestsWithoutValidSessionAre401) {
  HttpClient anon = env().Anonymous();
  HttpResult none = anon.Get("/api/v1/auth/me");
  EXPECT_STATUS(none, 401);
  EXPECT_EQ(ErrorCode(none), "auth.required");

  anon.SetBearer("not-a-real-token");
  HttpResult bogus = anon.Get("/api/v1/auth/me");
  EXPECT_STATUS(bogus, 401);
  EXPECT_EQ(ErrorCode(bogus), "auth.session_expired");
}

// The auth scheme is case-insensitive (RFC 9110 section 11.1): clients
// that send "bearer" must not be treated as anonymous.
TEST_F(AuthApiTest, BearerSchemeIsCaseInsensitive) {
  const std::string token = env().Login(kGrid02Staff);
  for (const char* scheme : {"Bearer ", "bearer ", "BEARER "}) {
    HttpResult r = env().Anonymous().Get("/api/v1/auth/me",
                                         {{"Authorization", scheme + token}});
    EXPECT_STATUS(r, 200) << "scheme \"" << scheme << "\"";
  }
}

// Five wrong passwords lock the account (423), even for the right
// password, until `wangge user unlock`; every refusal is in the audit log.
TEST_F(AuthApiTest, FiveFailuresLockUntilCliUnlock) {
  for (int i = 1; i <= 4; ++i) {
    HttpResult r =
        env().LoginRequest(kLockVictim, "Wrong-pass-" + std::to_string(i));
    EXPECT_STATUS(r, 401) << "attempt " << i;
    EXPECT_EQ(ErrorCode(r), "auth.invalid_credentials") << "attempt " << i;
  }
  HttpResult fifth = env().LoginRequest(kLockVictim, "Wrong-pass-5");
  EXPECT_STATUS(fifth, 423);
  EXPECT_EQ(ErrorCode(fifth), "auth.locked");

  HttpResult right_but_locked = env().LoginRequest(kLockVictim, kPassword);
  EXPECT_STATUS(right_but_locked, 423);
  EXPECT_EQ(ErrorCode(right_but_locked), "auth.locked");
  EXPECT_TRUE(right_but_locked.Header("Set-Cookie").empty());

  // The operator lifts the lock while the server runs.
  CommandResult unlock =
      env().Cli({"user", "unlock", "--username", kLockVictim});
  ASSERT_EQ(unlock.exit_code, 0) << unlock.Describe();
  EXPECT_NE(unlock.out.find("unlocked"), std::string::npos) << unlock.out;

  HttpResult after = env().LoginRequest(kLockVictim, kPassword);
  EXPECT_STATUS(after, 200);

  // The auditor sees the six refused attempts.
  HttpResult audit = env().As(kAuditor).Get(
      std::string("/api/v1/audit?action=auth.login&page_size=50&username=") +
      kLockVictim);
  ASSERT_STATUS(audit, 200);
  int denied = 0, ok = 0, locked = 0;
  for (const auto& e : Arr(audit.Json(), "items")) {
    EXPECT_EQ(Str(e, "action"), "auth.login");
    EXPECT_EQ(Str(e, "username"), kLockVictim);
    if (Str(e, "result") == "denied") {
      ++denied;
      if (Str(e, "detail").find("auth.locked") != std::string::npos) ++locked;
    }
    if (Str(e, "result") == "ok") ++ok;
    // No password, right or wrong, reaches the log.
    EXPECT_EQ(Str(e, "detail").find("pass"), std::string::npos)
        << Str(e, "detail");
  }
  EXPECT_EQ(denied, 6) << audit.body;
  EXPECT_EQ(locked, 2) << audit.body;
  EXPECT_EQ(ok, 1) << audit.body;

  HttpResult denied_only = env().As(kAuditor).Get(
      std::string("/api/v1/audit?action=auth.login&result=denied&username=") +
      kLockVictim);
  ASSERT_STATUS(denied_only, 200);
  EXPECT_EQ(Int(denied_only.Json(), "total"), 6);

  // The unlock itself is audited too.
  HttpResult unlocks =
      env().As(kAuditor).Get("/api/v1/audit?action=user.unlock");
  ASSERT_STATUS(unlocks, 200);
  EXPECT_GE(Int(unlocks.Json(), "total"), 1);
}

TEST_F(AuthApiTest, UnknownUserLoginIsAuditedAsDenied) {
  EXPECT_STATUS(env().LoginRequest("ghost_user", "Wrong-pass-1"), 401);
  HttpResult audit = env().As(kAuditor).Get(
      "/api/v1/audit?action=auth.login&username=ghost_user");
  ASSERT_STATUS(audit, 200);
  const auto& items = Arr(audit.Json(), "items");
  ASSERT_EQ(items.size(), 1u) << audit.body;
  EXPECT_EQ(Str(items[0], "result"), "denied");
}

TEST_F(AuthApiTest, LogoutEndsTheSession) {
  const std::string token = env().Login(kLogoutUser);
  HttpClient c = env().Anonymous();
  c.SetBearer(token);
  ASSERT_STATUS(c.Get("/api/v1/auth/me"), 200);

  HttpResult out = c.Post("/api/v1/auth/logout", "");
  ASSERT_STATUS(out, 200);
  const std::string cookie = out.Header("Set-Cookie");
  EXPECT_NE(cookie.find("wg_session=;"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;

  HttpResult after = c.Get("/api/v1/auth/me");
  EXPECT_STATUS(after, 401);
  EXPECT_EQ(ErrorCode(after), "auth.session_expired");
  HttpResult by_cookie = env().Anonymous().Get(
      "/api/v1/auth/me", {{"Cookie", "wg_session=" + token}});
  EXPECT_STATUS(by_cookie, 401);
  EXPECT_STATUS(c.Get("/api/v1/residents"), 401);
  EXPECT_STATUS(c.Post("/api/v1/auth/logout", ""), 401);
}

// Roles without the audit right do not read the audit log.
TEST_F(AuthApiTest, OnlyAuditorsReadTheAuditLog) {
  for (const char* user : {kLeader, kAdmin, kGrid01Staff, kPatrol}) {
    HttpResult r = env().As(user).Get("/api/v1/audit");
    EXPECT_STATUS(r, 403) << user;
    EXPECT_EQ(ErrorCode(r), "auth.forbidden") << user;
    EXPECT_STATUS(env().As(user).Get("/api/v1/audit/verify"), 403) << user;
  }
  HttpResult verify = env().As(kAuditor).Get("/api/v1/audit/verify");
  ASSERT_STATUS(verify, 200);
  EXPECT_TRUE(At(verify.Json(), "intact").as_bool()) << verify.body;
}

}  // namespace
}  // namespace wangge::test
