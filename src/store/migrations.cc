#include "store/migrations.h"

#include "store/sql.h"

namespace wangge::store {

namespace {
constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT "
    "NULL)";
constexpr std::string_view kMaxVersion =
    "SELECT COALESCE(MAX(number), 0) FROM schema_migrations";
constexpr std::string_view kRecordVersion =
    "INSERT INTO schema_migrations (number, name, applied_at) VALUES (?, ?, "
    "?)";
constexpr std::string_view kPostgresMigrationLock =
    "SELECT pg_advisory_xact_lock(770211)";
}  // namespace

Result<int> SchemaVersion(Connection& conn) {
  WG_TRY(conn.ExecScript(kCreateVersionTable));
  WG_ASSIGN(int64_t v, conn.QueryInt(kMaxVersion));
  return static_cast<int>(v);
}

Result<int> ApplyMigrations(Connection& conn) {
  const auto& all = conn.dialect() == Dialect::kSqlite ? SqliteMigrations()
                                                       : PostgresMigrations();
  WG_TRY(conn.ExecScript(kCreateVersionTable));
  int ran = 0;
  for (const auto& m : all) {
    WG_TRY(conn.Begin());
    if (conn.dialect() == Dialect::kPostgres) {
      // Serialises migration among server processes sharing one database.
      if (auto locked = conn.Query(kPostgresMigrationLock); !locked) {
        conn.Rollback();
        return std::unexpected(locked.error());
      }
    }
    // Re-read inside the transaction: another process may have migrated.
    auto current = conn.QueryInt(kMaxVersion);
    if (!current) {
      conn.Rollback();
      return std::unexpected(current.error());
    }
    if (m.number <= *current) {
      conn.Rollback();
      continue;
    }
    Status applied = conn.ExecScript(m.sql);
    if (applied) {
      auto recorded =
          conn.Exec(kRecordVersion, {int64_t{m.number}, m.name, int64_t{0}});
      if (!recorded) applied = std::unexpected(recorded.error());
    }
    if (!applied) {
      conn.Rollback();
      return Fail(
          ErrorCode::kInternal, "migration.failed",
          "migration " + m.name + " failed: " + applied.error().message);
    }
    WG_TRY(conn.Commit());
    ++ran;
  }
  return ran;
}

}  // namespace wangge::store
