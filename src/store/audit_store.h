// The append-only, hash-chained audit log (等保三级: every user action kept,
// protected from change). Triggers in the schema refuse UPDATE and DELETE;
// the chain makes any change made around them detectable.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/query_builder.h"
#include "store/sql.h"

namespace wangge::store {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::string username;
  std::string action;  // "resident.reveal", "auth.login", ...
  std::string target_type;
  std::string target_id;
  std::string detail;  // JSON; never a sensitive value in plain text
  std::string result;  // ok | denied | failed
  std::string remote_addr;
  std::string prev_hash;
  std::string hash;
};

struct AuditFilter {
  std::optional<int64_t> user_id;
  std::string username;
  std::string action_prefix;
  std::string target_type;
  std::string target_id;
  std::string result;
  std::optional<int64_t> from;
  std::optional<int64_t> to;
};

struct AuditVerdict {
  int64_t checked = 0;
  std::optional<int64_t> first_bad_id;  // set when the chain is broken
};

class AuditStore {
 public:
  // Appends `e` after the newest record, computing prev_hash and hash. Must
  // run inside the caller's transaction so that the record commits or rolls
  // back with the change it describes.
  static Result<int64_t> Append(Connection& c, AuditEntry e);
  // Appends several records in order (fills in their hashes); inside the
  // caller's transaction.
  static Status AppendMany(Connection& c, std::span<AuditEntry> entries);
  // AppendMany in parts, for a caller that sends them with other statements
  // through Connection::QueryAll (the group commit of case intake): the
  // statements that lock the chain and read its head, the head hash from
  // the last of their results, the chaining of `entries` after it, and the
  // statements that insert the chained entries.
  static std::vector<Statement> HeadStatements(Dialect d);
  // The statement that takes the chain's lock (PostgreSQL; none on SQLite,
  // whose write transaction is exclusive). Held until the transaction
  // ends; taking it again in the same transaction is harmless.
  static std::vector<Statement> LockStatements(Dialect d);
  static std::string HeadHash(const Rows& head);
  static void Chain(std::span<AuditEntry> entries, std::string prev);
  static std::vector<Statement> InsertStatements(
      Dialect d, std::span<const AuditEntry> entries);
  static Result<PageOf<AuditEntry>> List(Connection& c, const AuditFilter& f,
                                         Page page);
  // Recomputes the chain from the first record.
  static Result<AuditVerdict> Verify(Connection& c);
  static std::string ComputeHash(const AuditEntry& e);
};

}  // namespace wangge::store
