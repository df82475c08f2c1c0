#include "service/auth_service.h"

#include <cctype>

#include "core/crypto.h"
#include "service/permissions.h"
#include "store/area_store.h"
#include "store/settings_store.h"

namespace wangge::service {

namespace {
constexpr int64_t kMinute = 60 * 1000;

std::unexpected<Error> BadCredentials() {
  return Fail(ErrorCode::kUnauthenticated, "auth.invalid_credentials",
              "wrong username or password");
}

// The level of area each role's scope must name.
std::string_view ScopeLevelFor(Role role) {
  switch (role) {
    case Role::kGridStaff:
      return "grid";
    case Role::kCommunityLeader:
      return "community";
    case Role::kStreetLeader:
      return "street";
    default:
      return "";
  }
}

bool SeesAllAreas(Role role) {
  return role == Role::kSystemAdmin || role == Role::kSecurityAdmin ||
         role == Role::kAuditor;
}
}  // namespace

AuthService::AuthService(store::Database& db, const Clock& clock,
                         const AuditService& audit, AuthOptions options)
    : db_(db),
      clock_(clock),
      audit_(audit),
      options_(options),
      // Verifying against a real hash for unknown names keeps login time
      // the same whether or not the name exists.
      dummy_hash_(HashPassword("wangge-no-such-user")) {}

Result<AuthOptions> AuthService::LoadOptions(store::Database& db) {
  return db.Read([](store::Connection& c) -> Result<AuthOptions> {
    using S = store::SettingsStore;
    AuthOptions o;
    WG_ASSIGN(int64_t idle, S::GetInt(c, "session_idle_minutes", 30));
    WG_ASSIGN(int64_t life, S::GetInt(c, "session_max_hours", 12));
    WG_ASSIGN(o.max_failures, S::GetInt(c, "login_max_failures", 5));
    WG_ASSIGN(int64_t lock, S::GetInt(c, "login_lock_minutes", 10));
    o.idle_timeout_ms = idle * kMinute;
    o.session_lifetime_ms = life * 60 * kMinute;
    o.lock_ms = lock * kMinute;
    return o;
  });
}

Status AuthService::CheckPasswordPolicy(const std::string& password) {
  int lower = 0, upper = 0, digit = 0, other = 0;
  for (unsigned char ch : password) {
    if (std::islower(ch))
      lower = 1;
    else if (std::isupper(ch))
      upper = 1;
    else if (std::isdigit(ch))
      digit = 1;
    else
      other = 1;
  }
  if (password.size() < 8 || lower + upper + digit + other < 3)
    return Invalid("user.password_weak",
                   "password needs at least 8 characters and three of: lower "
                   "case, upper case, digits, symbols",
                   "password");
  if (password.size() > 128)
    return Invalid("user.password_long", "password is longer than 128",
                   "password");
  return {};
}

Result<Actor> AuthService::ActorFor(const store::User& user,
                                    const std::string& remote_addr) {
  auto role = ParseRole(user.role);
  if (!role) return Internal("user " + user.username + " has unknown role");
  Actor a;
  a.user_id = user.id;
  a.username = user.username;
  a.role = *role;
  a.scopes = user.scopes;
  a.all_areas = SeesAllAreas(*role);
  a.remote_addr = remote_addr;
  a.locale = user.locale;
  return a;
}

Result<LoginResult> AuthService::Login(const std::string& username,
                                       const std::string& password,
                                       const std::string& remote_addr) {
  const Millis now = clock_.Now();
  WG_ASSIGN(auto found, db_.Read([&](store::Connection& c) {
    return store::UserStore::FindByUsername(c, username);
  }));
  Actor who;
  who.username = username;
  who.remote_addr = remote_addr;
  const AuditTarget target{"user", found ? std::to_string(found->id) : ""};
  if (!found || found->disabled) {
    VerifyPassword(dummy_hash_, password);
    Error err = BadCredentials().error();
    {
      std::lock_guard lock(phantom_mu_);
      constexpr size_t kMaxPhantoms = 100000;
      if (phantom_.size() >= kMaxPhantoms) phantom_.clear();
      auto& [failures, locked_until] = phantom_[username];
      if (locked_until > now) {
        err = Fail(ErrorCode::kLocked, "auth.locked",
                   "account locked after repeated failed logins; try again "
                   "in " +
                       std::to_string((locked_until - now + kMinute - 1) /
                                      kMinute) +
                       " min")
                  .error();
      } else if (++failures >= options_.max_failures) {
        failures = 0;
        locked_until = now + options_.lock_ms;
        err = Fail(ErrorCode::kLocked, "auth.locked",
                   "account locked for " +
                       std::to_string(options_.lock_ms / kMinute) +
                       " min after " + std::to_string(options_.max_failures) +
                       " failed logins")
                  .error();
      }
    }
    audit_.RecordRefusal(who, "auth.login", target, err);
    return std::unexpected(err);
  }
  store::User user = std::move(*found);
  who.user_id = user.id;
  if (user.locked_until > now) {
    const int64_t minutes = (user.locked_until - now + kMinute - 1) / kMinute;
    auto err = Fail(ErrorCode::kLocked, "auth.locked",
                    "account locked after repeated failed logins; try again "
                    "in " +
                        std::to_string(minutes) + " min");
    audit_.RecordRefusal(who, "auth.login", target, err.error());
    return err;
  }
  if (!VerifyPassword(user.password_hash, password)) {
    const int64_t failed = user.failed_logins + 1;
    const bool lock = failed >= options_.max_failures;
    WG_TRY(db_.Write([&](store::Connection& c) {
      return store::UserStore::SetLoginState(c, user.id, lock ? 0 : failed,
                                             lock ? now + options_.lock_ms : 0);
    }));
    auto err =
        lock ? Fail(ErrorCode::kLocked, "auth.locked",
                    "account locked for " +
                        std::to_string(options_.lock_ms / kMinute) +
                        " min after " + std::to_string(options_.max_failures) +
                        " failed logins")
             : BadCredentials();
    audit_.RecordRefusal(who, "auth.login", target, err.error());
    return err;
  }
  LoginResult out;
  out.token = RandomToken();
  store::Session s{DigestHex(out.token), user.id, now, now,
                   now + options_.session_lifetime_ms};
  WG_ASSIGN(Actor actor, ActorFor(user, remote_addr));
  WG_TRY(db_.Write([&](store::Connection& c) -> Status {
    WG_TRY(store::UserStore::SetLoginState(c, user.id, 0, 0));
    WG_TRY(store::UserStore::InsertSession(c, s, remote_addr));
    return audit_.Record(c, actor, "auth.login",
                         {"user", std::to_string(user.id)});
  }));
  user.failed_logins = 0;
  user.locked_until = 0;
  out.user = std::move(user);
  return out;
}

Result<Actor> AuthService::Authenticate(const std::string& token,
                                        const std::string& remote_addr) {
  auto expired = [] {
    return Fail(ErrorCode::kUnauthenticated, "auth.session_expired",
                "session expired or unknown; please log in again");
  };
  if (token.empty())
    return Fail(ErrorCode::kUnauthenticated, "auth.required", "login required");
  const std::string digest = DigestHex(token);
  const Millis now = clock_.Now();
  std::optional<Actor> cached;
  bool touch = false;
  {
    std::lock_guard lock(session_mu_);
    auto it = sessions_.find(digest);
    if (it != sessions_.end()) {
      CachedSession& s = it->second;
      if (now - s.checked_at < kSessionRecheckMs && now >= s.checked_at &&
          s.expires_at > now &&
          s.last_seen_at + options_.idle_timeout_ms > now) {
        cached = s.actor;
        // One request per session touches it; the others go on.
        if (now - s.last_seen_at >= options_.touch_interval_ms) {
          s.last_seen_at = now;
          touch = true;
        }
      } else {
        sessions_.erase(it);
      }
    }
  }
  if (cached) {
    if (touch)
      WG_TRY(db_.Write([&](store::Connection& c) {
        return store::UserStore::TouchSession(c, digest, now);
      }));
    cached->remote_addr = remote_addr;
    return *cached;
  }
  WG_ASSIGN(auto session, db_.Read([&](store::Connection& c) {
    return store::UserStore::FindSession(c, digest);
  }));
  if (!session) return expired();
  if (session->expires_at <= now ||
      session->last_seen_at + options_.idle_timeout_ms <= now) {
    WG_TRY(db_.Write([&](store::Connection& c) {
      return store::UserStore::DeleteSession(c, digest);
    }));
    return expired();
  }
  Millis last_seen = session->last_seen_at;
  if (now - session->last_seen_at >= options_.touch_interval_ms) {
    WG_TRY(db_.Write([&](store::Connection& c) {
      return store::UserStore::TouchSession(c, digest, now);
    }));
    last_seen = now;
  }
  WG_ASSIGN(store::User user, db_.Read([&](store::Connection& c) {
    return store::UserStore::Get(c, session->user_id);
  }));
  if (user.disabled) return expired();
  WG_ASSIGN(Actor actor, ActorFor(user, remote_addr));
  std::lock_guard lock(session_mu_);
  if (sessions_.size() > 100000) sessions_.clear();  // bounded memory
  sessions_[digest] = {actor, session->expires_at, last_seen, now};
  return actor;
}

void AuthService::ForgetSessions() {
  std::lock_guard lock(session_mu_);
  sessions_.clear();
}

Status AuthService::Logout(const Actor& actor, const std::string& token) {
  const std::string digest = DigestHex(token);
  ForgetSessions();
  return db_.Write([&](store::Connection& c) -> Status {
    WG_TRY(store::UserStore::DeleteSession(c, digest));
    return audit_.Record(
        c, actor, "auth.logout",
        {"user", actor.user_id ? std::to_string(*actor.user_id) : ""});
  });
}

Result<store::User> AuthService::CreateUser(const Actor& actor,
                                            const NewUser& u) {
  auto refuse = [&](Error e) -> Result<store::User> {
    audit_.RecordRefusal(actor, "user.create", {"user", u.username}, e);
    return std::unexpected(std::move(e));
  };
  if (auto ok = Require(actor, Capability::kManageUsers); !ok)
    return refuse(ok.error());
  if (u.username.size() < 3 || u.username.size() > 64)
    return refuse(Invalid("user.username", "username needs 3 to 64 characters",
                          "username")
                      .error());
  for (unsigned char ch : u.username)
    if (!std::isalnum(ch) && ch != '_' && ch != '.' && ch != '-')
      return refuse(Invalid("user.username",
                            "username may hold letters, digits, _ . - only",
                            "username")
                        .error());
  auto role = ParseRole(u.role);
  if (!role)
    return refuse(
        Invalid("user.role", "role must be one of " + RoleNames(), "role")
            .error());
  if (auto ok = CheckPasswordPolicy(u.password); !ok) return refuse(ok.error());
  const std::string_view level = ScopeLevelFor(*role);
  if (!level.empty() && u.area_codes.empty())
    return refuse(Invalid("user.scope",
                          std::string("role ") + u.role + " needs a " +
                              std::string(level) + " code",
                          "area_codes")
                      .error());
  const Millis now = clock_.Now();
  store::User user;
  user.username = u.username;
  user.display_name = u.display_name.empty() ? u.username : u.display_name;
  user.password_hash = HashPassword(u.password);
  user.role = u.role;
  user.password_changed_at = now;
  user.created_at = now;
  auto created = db_.Write([&](store::Connection& c) -> Result<store::User> {
    std::vector<int64_t> area_ids;
    for (const auto& code : u.area_codes) {
      auto area = store::AreaStore::GetByCode(c, code);
      if (!area)
        return Invalid("user.scope", "no area with code " + code, "area_codes");
      if (!level.empty() && area->level != level)
        return Invalid("user.scope",
                       "area " + code + " is a " + area->level + ", role " +
                           u.role + " needs a " + std::string(level),
                       "area_codes");
      area_ids.push_back(area->id);
    }
    auto id = store::UserStore::Insert(c, user);
    if (!id && id.error().key == "db.unique")
      return Conflict("user.exists", "username " + u.username + " is taken",
                      "username");
    if (!id) return std::unexpected(id.error());
    WG_TRY(store::UserStore::SetScopes(c, *id, area_ids));
    WG_TRY(audit_.Record(c, actor, "user.create", {"user", std::to_string(*id)},
                         {{"username", u.username}, {"role", u.role}}));
    return store::UserStore::Get(c, *id);
  });
  if (!created) return refuse(created.error());
  return created;
}

Status AuthService::SetPassword(const Actor& actor, const std::string& username,
                                const std::string& password,
                                const std::string& current_password) {
  ForgetSessions();  // the cached actors may be stale now
  const bool cli = !actor.user_id;
  const bool self = actor.user_id && actor.username == username;
  if (!self && !cli && actor.role != Role::kSecurityAdmin)
    return Denied(
        "only the security administrator resets other accounts' "
        "passwords");
  WG_TRY(CheckPasswordPolicy(password));
  const std::string hash = HashPassword(password);
  return audit_.Write(
      actor, "user.password", {"user", username},
      [&](store::Connection& c) -> Status {
        WG_ASSIGN(auto user, store::UserStore::FindByUsername(c, username));
        if (!user) return NotFound("user.not_found", "no user " + username);
        if (self && !VerifyPassword(user->password_hash, current_password))
          return Invalid("user.current_password",
                         "the current password is wrong", "current_password");
        if (self && VerifyPassword(user->password_hash, password))
          return Invalid("user.password_reused",
                         "the new password must differ from the current one",
                         "password");
        WG_TRY(store::UserStore::SetPassword(c, user->id, hash, clock_.Now()));
        // A new password ends every session of the account.
        WG_TRY(store::UserStore::DeleteSessionsOf(c, user->id));
        return audit_.Record(c, actor, "user.password",
                             {"user", std::to_string(user->id)});
      });
}

Status AuthService::Unlock(const Actor& actor, int64_t user_id) {
  WG_TRY(Require(actor, Capability::kManageUsers));
  return db_.Write([&](store::Connection& c) -> Status {
    WG_TRY(store::UserStore::SetLoginState(c, user_id, 0, 0));
    return audit_.Record(c, actor, "user.unlock",
                         {"user", std::to_string(user_id)});
  });
}

Result<std::vector<store::User>> AuthService::ListUsers(const Actor& actor) {
  WG_TRY(Require(actor, Capability::kManageUsers));
  return db_.Read(
      [](store::Connection& c) { return store::UserStore::List(c); });
}

Status AuthService::SetLocale(const Actor& actor, const std::string& locale) {
  ForgetSessions();  // the cached actors may be stale now
  if (locale != "zh-CN" && locale != "en")
    return Invalid("user.locale", "locale must be zh-CN or en", "locale");
  if (!actor.user_id) return Denied("only accounts have a locale");
  return db_.Write([&](store::Connection& c) {
    return store::UserStore::SetLocale(c, *actor.user_id, locale);
  });
}

}  // namespace wangge::service
