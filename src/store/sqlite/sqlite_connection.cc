#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>
#include <unistd.h>

#include "store/sqlite/wal_gathering_vfs.h"

namespace wangge::store {

namespace {
constexpr int kBusyTimeoutMs = 10000;

// Waits for a lock another connection holds (the writer lock, or readers
// leaving the log for a WAL restart). SQLite's own busy timeout sleeps 1,
// 2, 5, 10, 15, 20, 25 ... ms between tries, so a write that waits on a
// 2 ms checkpoint may sleep 8 ms. Here: 100 µs steps for the first 5 ms,
// then 1 ms steps, kBusyTimeoutMs in all.
int WaitBriefly(void*, int tries) {
  constexpr int kFineTries = 50;
  const int64_t waited_us =
      tries < kFineTries
          ? int64_t{tries} * 100
          : kFineTries * 100 + int64_t{tries - kFineTries} * 1000;
  if (waited_us >= int64_t{kBusyTimeoutMs} * 1000) return 0;
  usleep(tries < kFineTries ? 100 : 1000);
  return 1;
}

// Applied to every new connection. WAL lets readers run beside the writer;
// synchronous=FULL makes each commit durable; foreign keys are off by
// default in SQLite and must be switched on per connection.
constexpr std::string_view kPragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-65536;";

// Resets a cached statement when the caller is done with it.
struct StmtReset {
  sqlite3_stmt* stmt;
  ~StmtReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

Row ReadRow(sqlite3_stmt* stmt) {
  const int n = sqlite3_column_count(stmt);
  std::vector<std::optional<std::string>> cells;
  cells.reserve(n);
  for (int i = 0; i < n; ++i) {
    if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
      cells.emplace_back(std::nullopt);
    } else {
      const auto* text =
          reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
    }
  }
  return Row(std::move(cells));
}
}  // namespace

Result<std::unique_ptr<Connection>> SqliteConnection::Open(
    const std::string& path, std::shared_ptr<WalCheckpointer> checkpointer) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
      WalGatheringVfsName());
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Fail(ErrorCode::kUnavailable, "db.connect",
                "cannot open " + path + ": " + msg);
  }
  sqlite3_busy_handler(db, &WaitBriefly, nullptr);
  std::unique_ptr<SqliteConnection> conn(
      new SqliteConnection(db, std::move(checkpointer)));
  WG_TRY(conn->ExecScript(kPragmas));
  if (conn->checkpointer_) conn->checkpointer_->Attach(db);
  return std::unique_ptr<Connection>(std::move(conn));
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Error SqliteConnection::LastError(std::string_view what) const {
  const int code = sqlite3_extended_errcode(db_);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error{ErrorCode::kConflict, "db.unique", msg, ""};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error{ErrorCode::kConflict, "db.foreign_key", msg, ""};
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return Error{ErrorCode::kInvalidArgument, "db.constraint", msg, ""};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Error{ErrorCode::kUnavailable, "db.unavailable", msg, ""};
    default:
      return Error{ErrorCode::kInternal, "db.error", msg, ""};
  }
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(
    std::string_view sql, std::span<const SqlValue> params) {
  sqlite3_stmt* stmt = nullptr;
  if (auto it = cache_.find(sql); it != cache_.end()) {
    stmt = it->second;
  } else {
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      return std::unexpected(LastError("prepare"));
    cache_.emplace(std::string(sql), stmt);
  }
  if (sqlite3_bind_parameter_count(stmt) != static_cast<int>(params.size()))
    return Internal("statement expects " +
                    std::to_string(sqlite3_bind_parameter_count(stmt)) +
                    " parameters, got " + std::to_string(params.size()));
  for (size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    const auto& p = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(p)) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (auto* v = std::get_if<int64_t>(&p)) {
      rc = sqlite3_bind_int64(stmt, idx, *v);
    } else if (auto* d = std::get_if<double>(&p)) {
      rc = sqlite3_bind_double(stmt, idx, *d);
    } else {
      const auto& s = std::get<std::string>(p);
      rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()),
                             SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) {
      sqlite3_reset(stmt);
      return std::unexpected(LastError("bind"));
    }
  }
  return stmt;
}

Status SqliteConnection::QueryEach(
    std::string_view sql, std::span<const SqlValue> params,
    const std::function<bool(const Row&)>& each) {
  WG_ASSIGN(sqlite3_stmt * stmt, Prepare(sql, params));
  StmtReset reset{stmt};
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return std::unexpected(LastError("query"));
    if (!each(ReadRow(stmt))) return {};
  }
}

Result<Rows> SqliteConnection::Query(std::string_view sql,
                                     std::span<const SqlValue> params) {
  Rows rows;
  WG_TRY(QueryEach(sql, params, [&](const Row& r) {
    rows.push_back(r);
    return true;
  }));
  return rows;
}

Result<int64_t> SqliteConnection::Exec(std::string_view sql,
                                       std::span<const SqlValue> params) {
  WG_ASSIGN(sqlite3_stmt * stmt, Prepare(sql, params));
  StmtReset reset{stmt};
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return std::unexpected(LastError("exec"));
  return static_cast<int64_t>(sqlite3_changes(db_));
}

Result<int64_t> SqliteConnection::Insert(std::string_view sql,
                                         std::span<const SqlValue> params) {
  WG_TRY(Exec(sql, params));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    Error e = LastError("script");
    if (err) {
      e.message = std::string("script: ") + err;
      sqlite3_free(err);
    }
    return std::unexpected(e);
  }
  return {};
}

Status SqliteConnection::Begin() { return ExecScript("BEGIN IMMEDIATE"); }

Status SqliteConnection::Commit() { return ExecScript("COMMIT"); }

void SqliteConnection::Rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", 0, 0, 0);
}

Status SqliteConnection::BackupTo(const std::string& dest) {
  sqlite3* out = nullptr;
  if (sqlite3_open(dest.c_str(), &out) != SQLITE_OK) {
    std::string msg = out ? sqlite3_errmsg(out) : "out of memory";
    sqlite3_close(out);
    return Fail(ErrorCode::kUnavailable, "backup.open",
                "cannot create " + dest + ": " + msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(out, "main", db_, "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(out);
    sqlite3_close(out);
    return Fail(ErrorCode::kInternal, "backup.init", msg);
  }
  int rc;
  // Copy in steps so concurrent writers are not blocked for the whole copy.
  while ((rc = sqlite3_backup_step(b, 1024)) == SQLITE_OK ||
         rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (rc != SQLITE_OK) sqlite3_sleep(20);
  }
  sqlite3_backup_finish(b);
  const bool ok = rc == SQLITE_DONE;
  std::string msg = ok ? "" : sqlite3_errmsg(out);
  sqlite3_close(out);
  if (!ok) return Fail(ErrorCode::kInternal, "backup.step", msg);
  return {};
}

}  // namespace wangge::store
