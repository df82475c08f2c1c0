// Account administration through the API: password policy, scopes,
// duplicates and who may manage accounts.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class UsersApiTest : public ApiTest {
 protected:
  static HttpResult CreateUser(const std::string& as,
                               const boost::json::object& body) {
    return env().As(as).Post("/api/v1/users", Body(body));
  }
};

TEST_F(UsersApiTest, WeakPasswordIsRefused) {
  for (const char* weak :
       {"short1A", "alllowercase", "lowerand123", "ALLUPPER123"}) {
    HttpResult r = CreateUser(kAdmin, {{"username", "weak_pw_user"},
                                       {"password", weak},
                                       {"role", "auditor"}});
    EXPECT_STATUS(r, 400) << weak;
    EXPECT_EQ(ErrorField(r), "password") << weak;
    EXPECT_EQ(ErrorCode(r), "user.password_weak") << weak;
  }
  // Nothing was created: the name is still free.
  HttpResult ok = CreateUser(kAdmin, {{"username", "weak_pw_user"},
                                      {"password", "Strong-pass-9"},
                                      {"role", "auditor"}});
  EXPECT_STATUS(ok, 201);
}

TEST_F(UsersApiTest, ScopedRoleNeedsAnArea) {
  HttpResult no_area = CreateUser(kAdmin, {{"username", "no_area_staff"},
                                           {"password", kPassword},
                                           {"role", "grid_staff"}});
  EXPECT_STATUS(no_area, 400);
  EXPECT_EQ(ErrorCode(no_area), "user.scope");
  // The field named is the one the request carries.
  EXPECT_EQ(ErrorField(no_area), "area_codes");

  // A community code is not a grid.
  HttpResult wrong_level =
      CreateUser(kAdmin, {{"username", "wrong_level_staff"},
                          {"password", kPassword},
                          {"role", "grid_staff"},
                          {"area_codes", boost::json::array{kCommunityCode}}});
  EXPECT_STATUS(wrong_level, 400);
  EXPECT_EQ(ErrorCode(wrong_level), "user.scope");
  EXPECT_EQ(ErrorField(wrong_level), "area_codes");

  HttpResult unknown_area = CreateUser(
      kAdmin, {{"username", "unknown_area_staff"},
               {"password", kPassword},
               {"role", "grid_staff"},
               {"area_codes", boost::json::array{"99999999999999"}}});
  EXPECT_STATUS(unknown_area, 400);
  EXPECT_EQ(ErrorField(unknown_area), "area_codes");

  HttpResult bad_role = CreateUser(kAdmin, {{"username", "bad_role_user"},
                                            {"password", kPassword},
                                            {"role", "superuser"}});
  EXPECT_STATUS(bad_role, 400);
  EXPECT_EQ(ErrorField(bad_role), "role");

  HttpResult bad_name = CreateUser(kAdmin, {{"username", "has space"},
                                            {"password", kPassword},
                                            {"role", "auditor"}});
  EXPECT_STATUS(bad_name, 400);
  EXPECT_EQ(ErrorField(bad_name), "username");
}

TEST_F(UsersApiTest, CreateThenDuplicateAndLogin) {
  const boost::json::object body{{"username", "new_grid_staff"},
                                 {"password", "New-staff-2024"},
                                 {"role", "grid_staff"},
                                 {"display_name", "新网格员"},
                                 {"area_codes", boost::json::array{kGrid02}}};
  HttpResult created = CreateUser(kAdmin, body);
  ASSERT_STATUS(created, 201);
  const auto user = created.Json();
  EXPECT_GT(Int(user, "id"), 0);
  EXPECT_EQ(Str(user, "username"), "new_grid_staff");
  EXPECT_EQ(Str(user, "role"), "grid_staff");
  EXPECT_EQ(Str(user, "display_name"), "新网格员");
  const auto scopes = Arr(user, "scopes");
  ASSERT_EQ(scopes.size(), 1u);
  EXPECT_EQ(Str(scopes[0], "code"), kGrid02);
  EXPECT_EQ(created.body.find("New-staff-2024"), std::string::npos);
  EXPECT_EQ(created.body.find("argon2"), std::string::npos);

  HttpResult duplicate = CreateUser(kAdmin, body);
  EXPECT_STATUS(duplicate, 409);
  EXPECT_EQ(ErrorField(duplicate), "username");
  EXPECT_EQ(ErrorCode(duplicate), "user.exists");

  // The new account works, in its own grid only.
  const std::string token = env().Login("new_grid_staff", "New-staff-2024");
  HttpClient c = env().Anonymous();
  c.SetBearer(token);
  HttpResult grids = c.Get("/api/v1/grids");
  ASSERT_STATUS(grids, 200);
  ASSERT_EQ(Arr(grids.Json(), "items").size(), 1u);
  EXPECT_EQ(Str(Arr(grids.Json(), "items")[0], "code"), kGrid02);

  // It is listed, and its creation audited.
  HttpResult list = env().As(kAdmin).Get("/api/v1/users");
  ASSERT_STATUS(list, 200);
  bool listed = false;
  for (const auto& u : Arr(list.Json(), "items"))
    listed |= Str(u, "username") == "new_grid_staff";
  EXPECT_TRUE(listed);
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);
  HttpResult audit =
      env().As(kAuditor).Get("/api/v1/audit?action=user.create&target_id=" +
                             std::to_string(Int(user, "id")));
  ASSERT_STATUS(audit, 200);
  EXPECT_EQ(Int(audit.Json(), "total"), 1);
}

TEST_F(UsersApiTest, OnlyUserAdministratorsManageAccounts) {
  const boost::json::object body{{"username", "sneaky_admin"},
                                 {"password", kPassword},
                                 {"role", "system_admin"}};
  for (const char* user : {kGrid01Staff, kLeader, kAuditor, kPatrol}) {
    HttpResult r = CreateUser(user, body);
    EXPECT_STATUS(r, 403) << user;
    EXPECT_EQ(ErrorCode(r), "auth.forbidden") << user;
    EXPECT_STATUS(env().As(user).Get("/api/v1/users"), 403) << user;
  }
  // None of the refused attempts created the account.
  HttpResult login = env().LoginRequest("sneaky_admin", kPassword);
  EXPECT_STATUS(login, 401);

  // Nor may grid staff change someone else's password.
  HttpResult other_password =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/auth/password", Body({{"username", kGrid02Staff},
                                               {"password", "Hijack-pass-1"}}));
  EXPECT_STATUS(other_password, 403);
  EXPECT_STATUS(env().LoginRequest(kGrid02Staff, "Hijack-pass-1"), 401);

  // The refusals are audited.
  HttpResult audit =
      env().As(kAuditor).Get("/api/v1/audit?action=user.create&result=denied");
  ASSERT_STATUS(audit, 200);
  EXPECT_GE(Int(audit.Json(), "total"), 4);
}

TEST_F(UsersApiTest, UsersApiNeedsALogin) {
  HttpResult r =
      env().Anonymous().Post("/api/v1/users", Body({{"username", "anon_user"},
                                                    {"password", kPassword},
                                                    {"role", "auditor"}}));
  EXPECT_STATUS(r, 401);
  EXPECT_EQ(ErrorCode(r), "auth.required");
}

}  // namespace
}  // namespace wangge::test
