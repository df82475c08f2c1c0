#include "service/auth_service.h"

#include "service_fixture.h"

namespace wangge::service::testing {
namespace {

class AuthServiceTest : public ServiceTest {};

TEST_F(AuthServiceTest, FiveFailuresLockForTenMinutesThenLoginWorks) {
  MakeUser("grid01", "grid_staff", kGrid1);
  for (int i = 1; i <= 4; ++i) {
    auto r = auth_->Login("grid01", "wrong-Pass-1", "10.0.0.1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << "attempt " << i;
  }
  auto fifth = auth_->Login("grid01", "wrong-Pass-1", "10.0.0.1");
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().code, ErrorCode::kLocked);
  auto right_but_locked = auth_->Login("grid01", kPassword, "10.0.0.1");
  ASSERT_FALSE(right_but_locked);
  EXPECT_EQ(right_but_locked.error().key, "auth.locked");
  clock_.Advance(9 * 60 * 1000);
  EXPECT_FALSE(auth_->Login("grid01", kPassword, "10.0.0.1"));
  clock_.Advance(61 * 1000);
  EXPECT_TRUE(auth_->Login("grid01", kPassword, "10.0.0.1"));
}

TEST_F(AuthServiceTest, UnknownNamesLockLikeRealOnes) {
  for (int i = 1; i <= 4; ++i) {
    auto r = auth_->Login("nobody", "wrong-Pass-1", "");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  auto fifth = auth_->Login("nobody", "wrong-Pass-1", "");
  ASSERT_FALSE(fifth);
  EXPECT_EQ(fifth.error().code, ErrorCode::kLocked);
}

TEST_F(AuthServiceTest, SuccessResetsTheFailureCount) {
  MakeUser("grid01", "grid_staff", kGrid1);
  for (int i = 0; i < 4; ++i) (void)auth_->Login("grid01", "bad-Pass-1", "");
  ASSERT_TRUE(auth_->Login("grid01", kPassword, ""));
  for (int i = 0; i < 4; ++i) (void)auth_->Login("grid01", "bad-Pass-1", "");
  EXPECT_TRUE(auth_->Login("grid01", kPassword, "")) << "count restarted";
}

TEST_F(AuthServiceTest, IdleSessionsExpireAndActiveOnesLive) {
  MakeUser("grid01", "grid_staff", kGrid1);
  auto login = auth_->Login("grid01", kPassword, "");
  ASSERT_TRUE(login);
  // Activity every 20 minutes keeps the session for 2 hours.
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(20 * 60 * 1000);
    ASSERT_TRUE(auth_->Authenticate(login->token, "")) << "step " << i;
  }
  clock_.Advance(30 * 60 * 1000);
  auto idle = auth_->Authenticate(login->token, "");
  ASSERT_FALSE(idle);
  EXPECT_EQ(idle.error().key, "auth.session_expired");
}

TEST_F(AuthServiceTest, SessionsEndAfterTheirLifetimeEvenWhenActive) {
  MakeUser("grid01", "grid_staff", kGrid1);
  auto login = auth_->Login("grid01", kPassword, "");
  ASSERT_TRUE(login);
  for (int i = 0; i < 12 * 3; ++i) {
    clock_.Advance(20 * 60 * 1000);
    (void)auth_->Authenticate(login->token, "");
  }
  EXPECT_FALSE(auth_->Authenticate(login->token, ""));
}

TEST_F(AuthServiceTest, PasswordPolicyAndScopesAreEnforced) {
  EXPECT_FALSE(AuthService::CheckPasswordPolicy("short1A"));
  EXPECT_FALSE(AuthService::CheckPasswordPolicy("alllowercase"));
  EXPECT_TRUE(AuthService::CheckPasswordPolicy("Lower-and-1"));
  auto no_grid =
      auth_->CreateUser(Actor::Cli(), {"g", kPassword, "grid_staff", "", {}});
  ASSERT_FALSE(no_grid);
  auto wrong_level = auth_->CreateUser(
      Actor::Cli(), {"gg1", kPassword, "grid_staff", "", {"320115003012"}});
  ASSERT_FALSE(wrong_level);
  EXPECT_EQ(wrong_level.error().field, "area_codes");
  auto bad_role =
      auth_->CreateUser(Actor::Cli(), {"x12", kPassword, "boss", "", {}});
  ASSERT_FALSE(bad_role);
  EXPECT_EQ(bad_role.error().field, "role");
}

TEST_F(AuthServiceTest, NewPasswordEndsOldSessions) {
  Actor a = MakeUser("grid01", "grid_staff", kGrid1);
  auto login = auth_->Login("grid01", kPassword, "");
  ASSERT_TRUE(login);
  auto no_current = auth_->SetPassword(a, "grid01", "Another-pass-2");
  ASSERT_FALSE(no_current);
  EXPECT_EQ(no_current.error().field, "current_password");
  Actor admin = MakeUser("sysadmin", "system_admin", "");
  EXPECT_FALSE(auth_->SetPassword(admin, "grid01", "Another-pass-2"))
      << "the system admin does not reset others' passwords";
  ASSERT_TRUE(auth_->SetPassword(a, "grid01", "Another-pass-2", kPassword));
  EXPECT_FALSE(auth_->Authenticate(login->token, ""));
  EXPECT_TRUE(auth_->Login("grid01", "Another-pass-2", ""));
}

}  // namespace
}  // namespace wangge::service::testing
