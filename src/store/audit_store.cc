#include "store/audit_store.h"

#include <algorithm>

#include "core/crypto.h"
#include "store/values_rows.h"

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

std::vector<Statement> AuditStore::LockStatements(Dialect d) {
  static constexpr std::string_view kLock =
      "SELECT pg_advisory_xact_lock(770212)";
  if (d == Dialect::kPostgres) return {{kLock, {}}};
  return {};
}

std::vector<Statement> AuditStore::HeadStatements(Dialect d) {
  static constexpr std::string_view kHead =
      "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
  // The lock is its own statement: the head is read with a snapshot taken
  // after it is held. SQLite's write transaction is exclusive already.
  std::vector<Statement> out = LockStatements(d);
  out.push_back({kHead, {}});
  return out;
}

std::string AuditStore::HeadHash(const Rows& head) {
  return head.empty() ? DigestHex(kGenesis) : head.front().Text(0);
}

void AuditStore::Chain(std::span<AuditEntry> entries, std::string prev) {
  for (auto& e : entries) {
    e.prev_hash = std::move(prev);
    e.hash = ComputeHash(e);
    prev = e.hash;
  }
}

std::vector<Statement> AuditStore::InsertStatements(
    Dialect d, std::span<const AuditEntry> entries) {
  // Rows take their ids in the order listed, so in chain order.
  static const ChunkedValuesSql kInsert(
      "INSERT INTO audit_log (at, user_id, username, action, target_type, "
      "target_id, detail, result, remote_addr, prev_hash, hash)",
      11);
  std::vector<Statement> out;
  kInsert.Append(
      entries,
      [](const AuditEntry& e, std::vector<SqlValue>& params) {
        params.insert(params.end(),
                      {e.at, IntOrNull(e.user_id), e.username, e.action,
                       e.target_type, e.target_id, e.detail, e.result,
                       e.remote_addr, e.prev_hash, e.hash});
      },
      out, InsertRowsPerStatement(d));
  return out;
}

Status AuditStore::AppendMany(Connection& c, std::span<AuditEntry> entries) {
  if (entries.empty()) return {};
  const auto head = HeadStatements(c.dialect());
  WG_ASSIGN(auto results, c.QueryAll(head));
  Chain(entries, HeadHash(results.back()));
  const auto inserts = InsertStatements(c.dialect(), entries);
  WG_TRY(c.QueryAll(inserts));
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
