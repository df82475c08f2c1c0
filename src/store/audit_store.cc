#include "store/audit_store.h"

#include <algorithm>

#include "core/crypto.h"

namespace wangge::store {

namespace {
constexpr std::string_view kSelect =
    "SELECT id, at, user_id, username, action, target_type, target_id, "
    "detail, result, remote_addr, prev_hash, hash FROM audit_log";

AuditEntry ReadEntry(const Row& r) {
  AuditEntry e;
  e.id = r.Int(0);
  e.at = r.Int(1);
  e.user_id = r.OptInt(2);
  e.username = r.Text(3);
  e.action = r.Text(4);
  e.target_type = r.Text(5);
  e.target_id = r.Text(6);
  e.detail = r.Text(7);
  e.result = r.Text(8);
  e.remote_addr = r.Text(9);
  e.prev_hash = r.Text(10);
  e.hash = r.Text(11);
  return e;
}

// Length-prefixed fields, so that moving text between fields changes the hash.
void Field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += '|';
}

constexpr std::string_view kGenesis = "wangge-audit-genesis";
}  // namespace

std::string AuditStore::ComputeHash(const AuditEntry& e) {
  std::string s;
  Field(s, e.prev_hash);
  Field(s, std::to_string(e.at));
  Field(s, e.user_id ? std::to_string(*e.user_id) : "");
  Field(s, e.username);
  Field(s, e.action);
  Field(s, e.target_type);
  Field(s, e.target_id);
  Field(s, e.detail);
  Field(s, e.result);
  Field(s, e.remote_addr);
  return DigestHex(s);
}

Result<int64_t> AuditStore::Append(Connection& c, AuditEntry e) {
  if (c.dialect() == Dialect::kPostgres) {
    // Concurrent transactions must not both chain onto the same record.
    WG_TRY(c.Query("SELECT pg_advisory_xact_lock(770212)"));
  }
  WG_ASSIGN(Rows last,
            c.Query("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  e.prev_hash = last.empty() ? DigestHex(kGenesis) : last.front().Text(0);
  e.hash = ComputeHash(e);
  constexpr std::string_view kInsert =
      "INSERT INTO audit_log (at, user_id, username, action, target_type, "
      "target_id, detail, result, remote_addr, prev_hash, hash) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(kInsert, {e.at, IntOrNull(e.user_id), e.username, e.action,
                            e.target_type, e.target_id, e.detail, e.result,
                            e.remote_addr, e.prev_hash, e.hash});
}

Status AuditStore::AppendMany(Connection& c, std::span<AuditEntry> entries) {
  if (entries.empty()) return {};
  if (c.dialect() == Dialect::kPostgres)
    WG_TRY(c.Query("SELECT pg_advisory_xact_lock(770212)"));
  WG_ASSIGN(Rows last,
            c.Query("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  std::string prev = last.empty() ? DigestHex(kGenesis) : last.front().Text(0);
  for (auto& e : entries) {
    e.prev_hash = prev;
    e.hash = ComputeHash(e);
    prev = e.hash;
  }
  if (c.dialect() == Dialect::kSqlite) {
    // In-process: one cached single-row statement per record, in chain
    // order (ids grow with each insert), costs no round trip and is parsed
    // once per connection rather than once per batch size.
    constexpr std::string_view kInsert =
        "INSERT INTO audit_log (at, user_id, username, action, target_type, "
        "target_id, detail, result, remote_addr, prev_hash, hash) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    for (const auto& e : entries)
      WG_TRY(c.Exec(kInsert, {e.at, IntOrNull(e.user_id), e.username, e.action,
                              e.target_type, e.target_id, e.detail, e.result,
                              e.remote_addr, e.prev_hash, e.hash}));
    return {};
  }
  // PostgreSQL: one statement of fixed text (prepared once per connection)
  // and one round trip for any number of records: each column travels as
  // an array. Rows are inserted in ordinality order, so ids grow in chain
  // order.
  constexpr std::string_view kInsert =
      "INSERT INTO audit_log (at, user_id, username, action, target_type, "
      "target_id, detail, result, remote_addr, prev_hash, hash) "
      "SELECT at, user_id, username, action, target_type, target_id, detail, "
      "result, remote_addr, prev_hash, hash FROM unnest(?::bigint[], "
      "?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], "
      "?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS "
      "u(at, user_id, username, action, target_type, target_id, detail, "
      "result, remote_addr, prev_hash, hash, ord) ORDER BY ord";
  std::vector<std::string> cols(11, "{");
  auto text = [](std::string& s, std::string_view v) {
    s += '"';
    for (char ch : v) {
      if (ch == '"' || ch == '\\') s += '\\';
      s += ch;
    }
    s += '"';
  };
  for (const auto& e : entries) {
    if (cols[0].size() > 1)
      for (auto& col : cols) col += ',';
    cols[0] += std::to_string(e.at);
    cols[1] += e.user_id ? std::to_string(*e.user_id) : "NULL";
    text(cols[2], e.username);
    text(cols[3], e.action);
    text(cols[4], e.target_type);
    text(cols[5], e.target_id);
    text(cols[6], e.detail);
    text(cols[7], e.result);
    text(cols[8], e.remote_addr);
    text(cols[9], e.prev_hash);
    text(cols[10], e.hash);
  }
  std::vector<SqlValue> params;
  params.reserve(cols.size());
  for (auto& col : cols) params.emplace_back(std::move(col += '}'));
  WG_TRY(c.Exec(kInsert, params));
  return {};
}

Result<PageOf<AuditEntry>> AuditStore::List(Connection& c, const AuditFilter& f,
                                            Page page) {
  WhereBuilder w;
  if (f.user_id) w.And("user_id = ?", {*f.user_id});
  if (!f.username.empty()) w.And("username = ?", {f.username});
  if (!f.action_prefix.empty())
    w.And("action LIKE ? ESCAPE '\\'", {LikeEscape(f.action_prefix) + "%"});
  if (!f.target_type.empty()) w.And("target_type = ?", {f.target_type});
  if (!f.target_id.empty()) w.And("target_id = ?", {f.target_id});
  if (!f.result.empty()) w.And("result = ?", {f.result});
  if (f.from) w.And("at >= ?", {*f.from});
  if (f.to) w.And("at < ?", {*f.to});
  PageOf<AuditEntry> out;
  WG_ASSIGN(Rows n,
            c.Query("SELECT COUNT(*) FROM audit_log" + w.Sql(), w.params()));
  out.total = n.empty() ? 0 : n.front().Int(0);
  WG_ASSIGN(Rows rows, c.Query(std::string(kSelect) + w.Sql() +
                                   " ORDER BY id DESC" + page.Sql(),
                               w.params()));
  for (const auto& r : rows) out.items.push_back(ReadEntry(r));
  return out;
}

Result<AuditVerdict> AuditStore::Verify(Connection& c) {
  AuditVerdict v;
  std::string prev = DigestHex(kGenesis);
  WG_TRY(
      c.QueryEach(std::string(kSelect) + " ORDER BY id", {}, [&](const Row& r) {
        AuditEntry e = ReadEntry(r);
        ++v.checked;
        if (e.prev_hash != prev || ComputeHash(e) != e.hash) {
          v.first_bad_id = e.id;
          return false;
        }
        prev = e.hash;
        return true;
      }));
  return v;
}

}  // namespace wangge::store
