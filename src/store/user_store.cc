#include "store/user_store.h"

namespace wangge::store {

namespace {
constexpr std::string_view kUserSelect =
    "SELECT id, username, display_name, password_hash, role, locale, "
    "failed_logins, locked_until, password_changed_at, disabled, created_at "
    "FROM users";

User ReadUser(const Row& r) {
  User u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.password_hash = r.Text(3);
  u.role = r.Text(4);
  u.locale = r.Text(5);
  u.failed_logins = r.Int(6);
  u.locked_until = r.Int(7);
  u.password_changed_at = r.Int(8);
  u.disabled = r.Int(9) != 0;
  u.created_at = r.Int(10);
  return u;
}

Status LoadScopes(Connection& c, User& u) {
  constexpr std::string_view kSql =
      "SELECT a.id, a.code, a.name, a.level, a.path FROM user_scopes s JOIN "
      "areas a ON a.id = s.area_id WHERE s.user_id = ? ORDER BY a.code";
  WG_ASSIGN(Rows rows, c.Query(kSql, {u.id}));
  u.scopes.clear();
  for (const auto& r : rows)
    u.scopes.push_back(
        UserScope{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
  return {};
}

Status ExpectOne(Result<int64_t> changed) {
  if (!changed) return std::unexpected(changed.error());
  if (*changed == 0) return NotFound("user.not_found", "user not found");
  return {};
}
}  // namespace

Result<int64_t> UserStore::Insert(Connection& c, const User& u) {
  constexpr std::string_view kSql =
      "INSERT INTO users (username, display_name, password_hash, role, "
      "locale, password_changed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(kSql, {u.username, u.display_name, u.password_hash, u.role,
                         u.locale, u.password_changed_at, u.created_at});
}

Status UserStore::SetScopes(Connection& c, int64_t user_id,
                            const std::vector<int64_t>& area_ids) {
  WG_TRY(c.Exec("DELETE FROM user_scopes WHERE user_id = ?", {user_id}));
  for (int64_t a : area_ids)
    WG_TRY(c.Exec("INSERT INTO user_scopes (user_id, area_id) VALUES (?, ?)",
                  {user_id, a}));
  return {};
}

Result<User> UserStore::Get(Connection& c, int64_t id) {
  static const std::string kSql = std::string(kUserSelect) + " WHERE id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "user"));
  User u = ReadUser(r);
  WG_TRY(LoadScopes(c, u));
  return u;
}

Result<std::optional<User>> UserStore::FindByUsername(Connection& c,
                                                      const std::string& name) {
  static const std::string kSql =
      std::string(kUserSelect) + " WHERE username = ?";
  WG_ASSIGN(Rows rows, c.Query(kSql, {name}));
  if (rows.empty()) return std::optional<User>();
  User u = ReadUser(rows.front());
  WG_TRY(LoadScopes(c, u));
  return std::optional<User>(std::move(u));
}

Result<std::vector<User>> UserStore::List(Connection& c) {
  static const std::string kSql = std::string(kUserSelect) + " ORDER BY id";
  WG_ASSIGN(Rows rows, c.Query(kSql));
  std::vector<User> out;
  for (const auto& r : rows) {
    out.push_back(ReadUser(r));
    WG_TRY(LoadScopes(c, out.back()));
  }
  return out;
}

Status UserStore::SetPassword(Connection& c, int64_t id,
                              const std::string& hash, int64_t now) {
  return ExpectOne(
      c.Exec("UPDATE users SET password_hash = ?, password_changed_at = ?, "
             "failed_logins = 0, locked_until = 0 WHERE id = ?",
             {hash, now, id}));
}

Status UserStore::SetLoginState(Connection& c, int64_t id, int64_t failed,
                                int64_t locked_until) {
  return ExpectOne(c.Exec(
      "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
      {failed, locked_until, id}));
}

Status UserStore::SetLocale(Connection& c, int64_t id,
                            const std::string& locale) {
  return ExpectOne(
      c.Exec("UPDATE users SET locale = ? WHERE id = ?", {locale, id}));
}

Status UserStore::SetDisabled(Connection& c, int64_t id, bool disabled) {
  return ExpectOne(c.Exec("UPDATE users SET disabled = ? WHERE id = ?",
                          {int64_t{disabled ? 1 : 0}, id}));
}

Status UserStore::InsertSession(Connection& c, const Session& s,
                                const std::string& remote_addr) {
  constexpr std::string_view kSql =
      "INSERT INTO sessions (token_digest, user_id, created_at, last_seen_at, "
      "expires_at, remote_addr) VALUES (?, ?, ?, ?, ?, ?)";
  WG_TRY(c.Exec(kSql, {s.token_digest, s.user_id, s.created_at, s.last_seen_at,
                       s.expires_at, remote_addr}));
  return {};
}

Result<std::optional<Session>> UserStore::FindSession(
    Connection& c, const std::string& digest) {
  constexpr std::string_view kSql =
      "SELECT token_digest, user_id, created_at, last_seen_at, expires_at "
      "FROM sessions WHERE token_digest = ?";
  WG_ASSIGN(Rows rows, c.Query(kSql, {digest}));
  if (rows.empty()) return std::optional<Session>();
  const Row& r = rows.front();
  return std::optional<Session>(
      Session{r.Text(0), r.Int(1), r.Int(2), r.Int(3), r.Int(4)});
}

Status UserStore::TouchSession(Connection& c, const std::string& digest,
                               int64_t now) {
  WG_TRY(c.Exec("UPDATE sessions SET last_seen_at = ? WHERE token_digest = ?",
                {now, digest}));
  return {};
}

Status UserStore::DeleteSession(Connection& c, const std::string& digest) {
  WG_TRY(c.Exec("DELETE FROM sessions WHERE token_digest = ?", {digest}));
  return {};
}

Status UserStore::DeleteSessionsOf(Connection& c, int64_t user_id) {
  WG_TRY(c.Exec("DELETE FROM sessions WHERE user_id = ?", {user_id}));
  return {};
}

}  // namespace wangge::store
