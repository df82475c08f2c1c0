// The PostgreSQL backend of the SQL seam (store/sql.h), over libpq.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "store/sql.h"

// libpq's handle types, declared here so that includers do not need
// libpq-fe.h (or its include directory) to use the class.
struct pg_conn;
struct pg_result;

namespace wangge::store {

// One libpq session. Statements are prepared once per connection and reused,
// keyed by their SQL text; parameters and results travel in text format.
// Session settings: client_encoding UTF8, TimeZone UTC. Not thread-safe, like
// every Connection.
//
// Failures map to ErrorCode as follows: unique violation -> kConflict
// "db.unique"; foreign key violation -> kConflict "db.foreign_key"; check or
// not-null violation -> kInvalidArgument "db.constraint"; lost connection ->
// kUnavailable "db.unavailable"; anything else -> kInternal "db.error".
// Messages never carry the offending values (they may be personal data).
//
// In PostgreSQL a failed statement aborts the surrounding transaction: every
// later statement fails until Rollback(), and Commit() reports an error.
class PgConnection final : public Connection {
 public:
  // Connects to `url` (postgresql://...). On failure returns kUnavailable
  // "db.connect" with libpq's reason; the password never appears in it.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);

  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql,
                     std::span<const SqlValue> params) override;
  // Streams rows one at a time (libpq single-row mode). When `each` returns
  // false the rest of the result is discarded without being held: outside a
  // transaction the server is asked to cancel the statement; inside one the
  // remaining rows are read and dropped, because a cancel would abort the
  // transaction.
  Status QueryEach(std::string_view sql, std::span<const SqlValue> params,
                   const std::function<bool(const Row&)>& each) override;
  // Returns the affected row count reported by the server (PQcmdTuples).
  Result<int64_t> Exec(std::string_view sql,
                       std::span<const SqlValue> params) override;
  // Appends " RETURNING id" unless the statement already has a RETURNING
  // clause, and returns the `id` column (else the first column) of the first
  // returned row. No returned row (e.g. ON CONFLICT DO NOTHING) is kConflict
  // "db.no_row".
  Result<int64_t> Insert(std::string_view sql,
                         std::span<const SqlValue> params) override;
  // One round trip for all of them (libpq pipeline mode), after preparing
  // any not yet prepared; a pending BEGIN travels with them.
  Result<std::vector<Rows>> QueryAll(
      std::span<const Statement> statements) override;
  // Sends the whole text as one simple query; outside a transaction the
  // statements run as one implicit transaction.
  Status ExecScript(std::string_view sql) override;

  // Sends nothing yet: BEGIN goes out with the transaction's first
  // statement (in the same round trip when that is a QueryAll).
  Status Begin() override;
  // Durable with the server's default synchronous_commit=on. Reports an
  // error, not success, when the server rolled the transaction back instead.
  Status Commit() override;
  // Never fails; leaves the connection outside any transaction.
  void Rollback() override;

  using Connection::Exec;
  using Connection::Insert;
  using Connection::Query;

 private:
  struct ResultDeleter {
    void operator()(pg_result* res) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  explicit PgConnection(pg_conn* conn) : conn_(conn) {}

  // Applies the session settings; run after connecting and after a reset.
  Status SetUpSession();
  // Resets a broken connection once, dropping the prepared-statement cache.
  // Fails while a transaction that was open when the connection broke has not
  // been rolled back, so that its later statements cannot run outside it.
  Status EnsureReady();
  // Returns the server-side name of the prepared statement for `sql`,
  // preparing it on first use.
  Result<std::string> Prepared(std::string_view sql);
  // Forgets (and best-effort deallocates) the prepared statement for `sql`.
  void Forget(std::string_view sql);
  // Prepares and executes `sql`; the returned result has succeeded.
  Result<ResultPtr> Run(std::string_view sql, std::span<const SqlValue> params);
  // Builds the Error for a failed result (nullptr: the connection's error).
  Error ErrorFrom(const pg_result* res) const;
  // Asks the server to stop the running statement (used outside
  // transactions only: a cancelled statement aborts its transaction).
  void Cancel();
  // Reads and drops every pending result so the connection can be reused.
  void Drain();
  // Sends the BEGIN that Begin() deferred, if still pending.
  Status FlushBegin();

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> statements_;
  uint64_t next_statement_ = 1;
  // Between Begin() and Commit()/Rollback().
  bool in_transaction_ = false;
  // Begin() was called and BEGIN has not been sent yet.
  bool begin_pending_ = false;
  // The connection broke during the open transaction; see EnsureReady().
  bool transaction_lost_ = false;
};

}  // namespace wangge::store
