// Each subcommand registers itself on the root CLI11 app. Every command
// takes --data and --db (see AddCommonOptions).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/app.h"

namespace wangge::cli {

// Adds --data DIR and --db URL to `cmd`.
void AddCommonOptions(CLI::App* cmd, CommonOptions& options);

// Runs `body` with an opened App; prints errors; returns the exit code.
int WithApp(const CommonOptions& options,
            const std::function<int(App& app)>& body, int pool_size = 8);

// Sets *exit_code from each command's callback.
void AddServeCommand(CLI::App& root, int* exit_code);
void AddInitCommand(CLI::App& root, int* exit_code);
void AddUserCommands(CLI::App& root, int* exit_code);
void AddImportExportCommands(CLI::App& root, int* exit_code);
void AddMaintenanceCommands(CLI::App& root, int* exit_code);
void AddSynthCommand(CLI::App& root, int* exit_code);
void AddAreaCommands(CLI::App& root, int* exit_code);
void AddGridCommands(CLI::App& root, int* exit_code);
void AddOpen311Commands(CLI::App& root, int* exit_code);
void AddJobCommands(CLI::App& root, int* exit_code);

}  // namespace wangge::cli
