#include "store/database.h"

#include <filesystem>
#include <stdexcept>

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sqlite/sqlite_connection.h"

namespace wangge::store {

namespace {
bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Drops the password from a libpq URL before it reaches a log.
std::string RedactUrl(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}
}  // namespace

Result<std::unique_ptr<Database>> Database::Open(
    const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database());
  db->max_ = std::max(1, options.pool_size);
  const std::string& url = options.url;
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    db->dialect_ = Dialect::kPostgres;
    db->description_ = RedactUrl(url);
    db->connect_ = [url]() { return PgConnection::Open(url); };
  } else {
    std::string path = StartsWith(url, "sqlite:") ? url.substr(7) : "";
    if (!url.empty() && path.empty())
      return Invalid("db.url", "--db must be postgresql://... or sqlite:PATH",
                     "db");
    if (path.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(options.data_dir, ec);
      if (ec)
        return Fail(ErrorCode::kUnavailable, "db.data_dir",
                    "cannot create data directory " + options.data_dir + ": " +
                        ec.message());
      path = (std::filesystem::path(options.data_dir) / "wangge.db").string();
    }
    db->dialect_ = Dialect::kSqlite;
    db->description_ = "sqlite:" + path;
    // One checkpoint thread per database, shared by its connections.
    auto checkpointer = std::make_shared<WalCheckpointer>(path);
    db->connect_ = [path, checkpointer]() {
      return SqliteConnection::Open(path, checkpointer);
    };
  }
  // Open one connection now so that a bad URL fails at start, not later.
  WG_ASSIGN(auto first, db->connect_());
  db->idle_.push_back(std::move(first));
  db->open_ = 1;
  if (options.migrate) WG_TRY(db->Migrate());
  return db;
}

Database::~Database() = default;

Result<int> Database::Migrate() {
  Lease lease(*this);
  return ApplyMigrations(*lease.conn);
}

std::unique_ptr<Connection> Database::Acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    if (open_ < max_) {
      ++open_;
      lock.unlock();
      auto conn = connect_();
      if (conn) return std::move(*conn);
      lock.lock();
      --open_;
      // The database went away; callers see it as an internal failure.
      throw std::runtime_error("cannot open a database connection: " +
                               conn.error().message);
    }
    available_.wait(lock);
  }
}

void Database::Release(std::unique_ptr<Connection> conn) {
  if (!conn) return;
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

}  // namespace wangge::store
