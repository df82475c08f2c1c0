// The embedded backend: one SQLite file in WAL mode with foreign keys on and
// synchronous=FULL, so that a committed transaction survives power loss.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql.h"
#include "store/sqlite/wal_checkpointer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace wangge::store {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) the database file at `path`, through the
  // VFS that writes each commit's log frames at once (wal_gathering_vfs.h).
  // With a checkpointer, WAL checkpoints run on its thread instead of inside
  // this connection's commits (see wal_checkpointer.h).
  static Result<std::unique_ptr<Connection>> Open(
      const std::string& path,
      std::shared_ptr<WalCheckpointer> checkpointer = nullptr);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  using Connection::Exec;
  using Connection::Insert;
  using Connection::Query;
  Result<Rows> Query(std::string_view sql,
                     std::span<const SqlValue> params) override;
  Status QueryEach(std::string_view sql, std::span<const SqlValue> params,
                   const std::function<bool(const Row&)>& each) override;
  Result<int64_t> Exec(std::string_view sql,
                       std::span<const SqlValue> params) override;
  Result<int64_t> Insert(std::string_view sql,
                         std::span<const SqlValue> params) override;
  Status ExecScript(std::string_view sql) override;
  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

  // Copies the whole database into a new file at `dest` while other
  // connections keep working (the SQLite online backup API).
  Status BackupTo(const std::string& dest);

 private:
  SqliteConnection(sqlite3* db, std::shared_ptr<WalCheckpointer> checkpointer)
      : db_(db), checkpointer_(std::move(checkpointer)) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql,
                                std::span<const SqlValue> params);
  Error LastError(std::string_view what) const;

  sqlite3* db_;
  // Kept alive while this connection's WAL hook may call it.
  std::shared_ptr<WalCheckpointer> checkpointer_;
  // Looked up by the statement's text without copying it (every statement
  // of a busy writer goes through here).
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>>
      cache_;
};

}  // namespace wangge::store
