// wangge migrate | backup | audit verify
#include <filesystem>
#include <iostream>

#include "cli/commands/commands.h"
#include "store/audit_store.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

namespace wangge::cli {

void AddMaintenanceCommands(CLI::App& root, int* exit_code) {
  auto mo = std::make_shared<CommonOptions>();
  auto* migrate = root.add_subcommand(
      "migrate", "apply pending schema migrations (also done at start)");
  AddCommonOptions(migrate, *mo);
  migrate->callback([exit_code, mo] {
    // App::Open migrates; report the version reached.
    *exit_code = WithApp(*mo, [](App& app) {
      auto version = app.db().Read(
          [](store::Connection& c) { return store::SchemaVersion(c); });
      if (!version) return ReportError(version.error());
      std::cout << "schema at version " << *version << " ("
                << app.db().description() << ")\n";
      return 0;
    });
  });

  struct BackupOptions {
    CommonOptions common;
    std::string out;
  };
  auto bo = std::make_shared<BackupOptions>();
  auto* backup = root.add_subcommand(
      "backup",
      "copy the SQLite database while it serves (for PostgreSQL, prints the "
      "pg_dump command to use)");
  AddCommonOptions(backup, bo->common);
  backup->add_option("--out", bo->out,
                     "backup file (default: DATA/backup-<time>.db)");
  backup->callback([exit_code, bo] {
    if (bo->common.db_url.rfind("postgres", 0) == 0) {
      std::cout << "For PostgreSQL use pg_dump, which takes a consistent "
                   "snapshot while the servers run:\n  pg_dump --format=custom "
                   "--file=wangge-$(date +%Y%m%d-%H%M%S).dump '"
                << bo->common.db_url
                << "'\nKeep the data key (DATA/secret.key or $WANGGE_DATA_KEY) "
                   "with it: without it the encrypted fields cannot be read.\n";
      *exit_code = 0;
      return;
    }
    *exit_code = WithApp(bo->common, [&](App& app) {
      std::string out = bo->out;
      if (out.empty())
        out = (std::filesystem::path(bo->common.data_dir) /
               ("backup-" + std::to_string(app.clock().Now() / 1000) + ".db"))
                  .string();
      if (std::filesystem::exists(out)) {
        std::cerr << "error: " << out << " already exists\n";
        return 1;
      }
      auto done = app.db().Read([&](store::Connection& c) -> Status {
        return static_cast<store::SqliteConnection&>(c).BackupTo(out);
      });
      if (!done) return ReportError(done.error());
      std::cout << "backed up " << app.db().description() << " to " << out
                << "\nKeep the data key (secret.key) with it.\n";
      return 0;
    });
  });

  auto vo = std::make_shared<CommonOptions>();
  auto* audit = root.add_subcommand("audit", "audit log tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "check that the audit log's hash chain is intact");
  AddCommonOptions(verify, *vo);
  verify->callback([exit_code, vo] {
    *exit_code = WithApp(*vo, [](App& app) {
      auto v = app.db().Read(
          [](store::Connection& c) { return store::AuditStore::Verify(c); });
      if (!v) return ReportError(v.error());
      if (v->first_bad_id) {
        std::cerr << "audit chain BROKEN at record " << *v->first_bad_id
                  << " (after " << v->checked - 1 << " good records)\n";
        return 1;
      }
      std::cout << "audit chain intact: " << v->checked << " records\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
