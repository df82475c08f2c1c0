// The SQL seam between stores and backends. Stores write portable SQL with
// `?` parameter markers; each backend (sqlite/, postgres/) implements
// Connection. Values travel as text or integers so that both backends treat
// them alike.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.h"

namespace wangge::store {

enum class Dialect { kSqlite, kPostgres };

// A bound parameter: NULL, an integer, a real, or text.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

// Convenience: an empty string binds as NULL.
SqlValue TextOrNull(std::string_view text);
SqlValue IntOrNull(std::optional<int64_t> v);

// One result row. Cells are kept as text (NULL as nullopt) and converted on
// access, which is how both libpq and SQLite can hand them over.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells)
      : cells_(std::move(cells)) {}
  bool IsNull(size_t i) const { return !cells_.at(i).has_value(); }
  // NULL reads as "" / 0 / 0.0.
  const std::string& Text(size_t i) const;
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  size_t size() const { return cells_.size(); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

using Rows = std::vector<Row>;

// A statement to run as part of Connection::QueryAll. `sql` must outlive the
// call (stores pass their named SQL constants).
struct Statement {
  std::string_view sql;
  std::vector<SqlValue> params;
};

// One database session. Not thread-safe: a connection is used by one thread
// at a time, handed out by Database's pool.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs a statement and returns every row it yields.
  virtual Result<Rows> Query(std::string_view sql,
                             std::span<const SqlValue> params) = 0;
  // Runs a statement and calls `each` per row without holding them all;
  // `each` returns false to stop early.
  virtual Status QueryEach(std::string_view sql,
                           std::span<const SqlValue> params,
                           const std::function<bool(const Row&)>& each) = 0;
  // Runs a statement; returns the number of rows changed.
  virtual Result<int64_t> Exec(std::string_view sql,
                               std::span<const SqlValue> params) = 0;
  // Runs an INSERT and returns the new row's integer `id` column.
  virtual Result<int64_t> Insert(std::string_view sql,
                                 std::span<const SqlValue> params) = 0;
  // Runs `statements` in order and returns the rows of each; the first
  // failure fails the call and the rest do not run. PostgreSQL sends them
  // together and waits once (pipeline mode), so statements that do not need
  // each other's results cost one round trip; SQLite runs them one by one.
  // Meant for write transactions: a failure aborts the transaction there.
  virtual Result<std::vector<Rows>> QueryAll(
      std::span<const Statement> statements);
  // Runs several statements without parameters (migrations).
  virtual Status ExecScript(std::string_view sql) = 0;

  // Starts a write transaction (SQLite: BEGIN IMMEDIATE, so writers queue
  // instead of failing at commit).
  virtual Status Begin() = 0;
  // Commits durably: returns only once the commit is on disk.
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Convenience overloads for brace-initialised parameter lists.
  Result<Rows> Query(std::string_view sql,
                     std::initializer_list<SqlValue> params = {}) {
    return Query(sql, std::span<const SqlValue>(params.begin(), params.size()));
  }
  Result<int64_t> Exec(std::string_view sql,
                       std::initializer_list<SqlValue> params = {}) {
    return Exec(sql, std::span<const SqlValue>(params.begin(), params.size()));
  }
  Result<int64_t> Insert(std::string_view sql,
                         std::initializer_list<SqlValue> params) {
    return Insert(sql,
                  std::span<const SqlValue>(params.begin(), params.size()));
  }
  // Returns the first row, or kNotFound with `what` in the message.
  Result<Row> QueryOne(std::string_view sql,
                       std::initializer_list<SqlValue> params,
                       std::string_view what);
  // Returns the first column of the first row as an integer (0 if no row).
  Result<int64_t> QueryInt(std::string_view sql,
                           std::initializer_list<SqlValue> params = {});
};

// Rewrites `?` parameter markers to `$1, $2, ...`, leaving quoted text alone.
std::string ToNumberedParameters(std::string_view sql);

}  // namespace wangge::store
