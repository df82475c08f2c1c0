// Accounts and sessions: argon2id passwords, lockout after repeated
// failures, idle and absolute session timeouts (等保三级 controls).
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/database.h"
#include "store/user_store.h"

namespace wangge::service {

struct AuthOptions {
  int64_t idle_timeout_ms = 30 * 60 * 1000;
  int64_t session_lifetime_ms = 12 * 60 * 60 * 1000;
  int64_t max_failures = 5;
  int64_t lock_ms = 10 * 60 * 1000;
  // Refresh a session's last-seen time at most this often, so that reads
  // do not each turn into a write.
  int64_t touch_interval_ms = 60 * 1000;
};

struct LoginResult {
  std::string token;
  store::User user;
};

struct NewUser {
  std::string username;
  std::string password;
  std::string role;
  std::string display_name;
  // Codes of the areas the user works in (grids for grid staff, the
  // community for a community leader, the street for a street leader).
  std::vector<std::string> area_codes;
};

class AuthService {
 public:
  AuthService(store::Database& db, const Clock& clock,
              const AuditService& audit, AuthOptions options = {});

  // Reads the timeouts and lockout policy from the settings table.
  static Result<AuthOptions> LoadOptions(store::Database& db);

  // Fails with kUnauthenticated for a wrong name or password (the same
  // message for both), kLocked while the account is locked.
  Result<LoginResult> Login(const std::string& username,
                            const std::string& password,
                            const std::string& remote_addr);
  // Resolves a session token to the acting user; kUnauthenticated when the
  // token is unknown, idle too long or past its lifetime.
  Result<Actor> Authenticate(const std::string& token,
                             const std::string& remote_addr);
  Status Logout(const Actor& actor, const std::string& token);

  Result<store::User> CreateUser(const Actor& actor, const NewUser& u);
  // Own password: needs the current one. Another account's: the security
  // administrator (or the CLI operator) only, as 三员分立 asks.
  Status SetPassword(const Actor& actor, const std::string& username,
                     const std::string& password,
                     const std::string& current_password = "");
  Status Unlock(const Actor& actor, int64_t user_id);
  Result<std::vector<store::User>> ListUsers(const Actor& actor);
  Status SetLocale(const Actor& actor, const std::string& locale);

  // 8+ characters with at least three of: lower case, upper case, digits,
  // symbols. Fails naming the field "password".
  static Status CheckPasswordPolicy(const std::string& password);

 private:
  Result<Actor> ActorFor(const store::User& user,
                         const std::string& remote_addr);

  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  AuthOptions options_;
  std::string dummy_hash_;
  // Failed logins of names that do not exist, so that an unknown name locks
  // exactly like a real one and lockout reveals nothing. Per process and
  // bounded; real accounts keep their count in the database.
  std::mutex phantom_mu_;
  std::unordered_map<std::string, std::pair<int64_t, Millis>> phantom_;

  // Sessions checked against the database within the last
  // kSessionRecheckMs: a busy client (intake at thousands of requests a
  // second) costs no query per request. A logout or account change in this
  // process drops the entry at once; one made by another server process is
  // seen within kSessionRecheckMs.
  static constexpr Millis kSessionRecheckMs = 1000;
  struct CachedSession {
    Actor actor;
    Millis expires_at = 0;
    Millis last_seen_at = 0;
    Millis checked_at = 0;
  };
  void ForgetSessions();
  std::mutex session_mu_;
  std::unordered_map<std::string, CachedSession> sessions_;
};

}  // namespace wangge::service
