// A pool of connections to one database (SQLite file or PostgreSQL server)
// and the only way the rest of wangge runs SQL: Read() for queries,
// Write() for transactions that commit durably or change nothing.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct DatabaseOptions {
  // "" or "sqlite:PATH" selects SQLite (PATH defaults to DATA/wangge.db);
  // "postgresql://..." or "postgres://..." selects PostgreSQL.
  std::string url;
  std::string data_dir = "data";
  int pool_size = 8;
  // Apply pending migrations when opening.
  bool migrate = true;
};

class Database {
 public:
  // Opens the pool and, unless told not to, brings the schema up to date.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  Dialect dialect() const { return dialect_; }
  // A description without credentials, for logs ("sqlite:data/wangge.db").
  const std::string& description() const { return description_; }

  // Runs `fn` on a pooled connection outside any explicit transaction.
  template <class F>
  auto Read(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    Lease lease(*this);
    return fn(*lease.conn);
  }

  // Runs `fn` inside a transaction. Commits if `fn` returns a value, rolls
  // back if it returns an error; either way the connection goes back clean.
  template <class F>
  auto Write(F&& fn) -> decltype(fn(std::declval<Connection&>())) {
    Lease lease(*this);
    if (auto begun = lease.conn->Begin(); !begun)
      return std::unexpected(begun.error());
    auto result = fn(*lease.conn);
    if (!result) {
      lease.conn->Rollback();
      return result;
    }
    if (auto committed = lease.conn->Commit(); !committed) {
      lease.conn->Rollback();
      return std::unexpected(committed.error());
    }
    return result;
  }

  // Applies pending migrations; returns how many ran.
  Result<int> Migrate();

 private:
  Database() = default;
  std::unique_ptr<Connection> Acquire();
  void Release(std::unique_ptr<Connection> conn);

  struct Lease {
    explicit Lease(Database& db) : db(db), conn(db.Acquire()) {}
    ~Lease() { db.Release(std::move(conn)); }
    Database& db;
    std::unique_ptr<Connection> conn;
  };

  Dialect dialect_ = Dialect::kSqlite;
  std::string description_;
  std::function<Result<std::unique_ptr<Connection>>()> connect_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  int max_ = 8;
};

}  // namespace wangge::store
