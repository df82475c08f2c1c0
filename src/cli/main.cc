// wangge: grid-based community governance. One binary: the server and the
// operator's tools.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands/commands.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  CLI::App root{
      "wangge (网格) — grid-based community governance: areas and grid teams, "
      "the registry (一标三实), cases, patrols and assessment"};
  root.require_subcommand(1);
  root.set_version_flag("--version", wangge::cli::kVersion);
  int exit_code = 0;
  wangge::cli::AddServeCommand(root, &exit_code);
  wangge::cli::AddInitCommand(root, &exit_code);
  wangge::cli::AddUserCommands(root, &exit_code);
  wangge::cli::AddImportExportCommands(root, &exit_code);
  wangge::cli::AddMaintenanceCommands(root, &exit_code);
  wangge::cli::AddSynthCommand(root, &exit_code);
  wangge::cli::AddAreaCommands(root, &exit_code);
  wangge::cli::AddGridCommands(root, &exit_code);
  wangge::cli::AddOpen311Commands(root, &exit_code);
  wangge::cli::AddJobCommands(root, &exit_code);
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return root.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
