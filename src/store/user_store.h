// Accounts, their area scopes and login sessions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct UserScope {
  int64_t area_id = 0;
  std::string code;
  std::string name;
  std::string level;
  std::string path;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;
  std::string role;
  std::string locale = "zh-CN";
  int64_t failed_logins = 0;
  int64_t locked_until = 0;
  int64_t password_changed_at = 0;
  bool disabled = false;
  int64_t created_at = 0;
  std::vector<UserScope> scopes;
};

struct Session {
  std::string token_digest;
  int64_t user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
};

class UserStore {
 public:
  // Fails with kConflict (key "db.unique") if the username is taken.
  static Result<int64_t> Insert(Connection& c, const User& u);
  static Status SetScopes(Connection& c, int64_t user_id,
                          const std::vector<int64_t>& area_ids);
  static Result<User> Get(Connection& c, int64_t id);
  static Result<std::optional<User>> FindByUsername(Connection& c,
                                                    const std::string& name);
  static Result<std::vector<User>> List(Connection& c);
  static Status SetPassword(Connection& c, int64_t id, const std::string& hash,
                            int64_t now);
  static Status SetLoginState(Connection& c, int64_t id, int64_t failed,
                              int64_t locked_until);
  static Status SetLocale(Connection& c, int64_t id, const std::string& locale);
  static Status SetDisabled(Connection& c, int64_t id, bool disabled);

  static Status InsertSession(Connection& c, const Session& s,
                              const std::string& remote_addr);
  static Result<std::optional<Session>> FindSession(Connection& c,
                                                    const std::string& digest);
  static Status TouchSession(Connection& c, const std::string& digest,
                             int64_t now);
  static Status DeleteSession(Connection& c, const std::string& digest);
  static Status DeleteSessionsOf(Connection& c, int64_t user_id);
};

}  // namespace wangge::store
