#include <iostream>

#include "cli/commands/commands.h"

namespace wangge::cli {

void AddCommonOptions(CLI::App* cmd, CommonOptions& options) {
  cmd->add_option("--data", options.data_dir,
                  "data directory (database file, data key, attachments)")
      ->capture_default_str();
  cmd->add_option("--db", options.db_url,
                  "database URL: postgresql://user@host:port/db, or "
                  "sqlite:PATH (default: SQLite in the data directory)");
}

int WithApp(const CommonOptions& options,
            const std::function<int(App& app)>& body, int pool_size) {
  auto app = App::Open(options, pool_size);
  if (!app) return ReportError(app.error());
  try {
    return body(**app);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace wangge::cli
