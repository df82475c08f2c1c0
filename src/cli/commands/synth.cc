// wangge synth: a city-scale synthetic dataset for benchmarks; wangge
// synth-cases: a case history over its grids.
#include <chrono>
#include <iostream>

#include "cli/commands/commands.h"
#include "service/demo/synthetic_cases.h"
#include "service/demo/synthetic_city.h"

namespace wangge::cli {

namespace {

void AddSynthCasesCommand(CLI::App& root, int* exit_code) {
  struct Options {
    CommonOptions common;
    demo::SynthCasesOptions synth;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = root.add_subcommand(
      "synth-cases",
      "add a synthetic case history over the grids there are (benchmarks)");
  AddCommonOptions(cmd, o->common);
  cmd->add_option("--cases", o->synth.cases, "cases")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1000000000}));
  cmd->add_option("--days", o->synth.days, "days of history, up to now")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{3650}));
  cmd->add_option("--seed", o->synth.seed, "random seed")
      ->capture_default_str();
  cmd->add_option("--batch", o->synth.batch, "cases per insert")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1000000}));
  cmd->callback([exit_code, o] {
    *exit_code = WithApp(o->common, [&](App& app) {
      const auto start = std::chrono::steady_clock::now();
      auto done = demo::MakeSyntheticCases(
          app.db(), app.clock(), app.cipher(), o->synth, [](int64_t n) {
            std::cerr << "\r  " << n << " cases" << std::flush;
          });
      std::cerr << "\n";
      if (!done) return ReportError(done.error());
      const double secs = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      std::cout << "synthetic cases: " << done->cases << " over " << done->grids
                << " grids (" << done->closed << " closed, " << done->voided
                << " voided, " << done->open << " open, " << done->red
                << " of them overdue) in " << secs << " s\n";
      return 0;
    });
  });
}

}  // namespace

void AddSynthCommand(CLI::App& root, int* exit_code) {
  struct Options {
    CommonOptions common;
    demo::SynthOptions synth;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = root.add_subcommand(
      "synth", "make a city-scale synthetic dataset (benchmarks)");
  AddCommonOptions(cmd, o->common);
  cmd->add_option("--households", o->synth.households, "households")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{100000000}));
  cmd->add_option("--grids", o->synth.grids, "grids")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{99000}));
  cmd->add_option("--seed", o->synth.seed, "random seed")
      ->capture_default_str();
  cmd->add_option("--district", o->synth.district_code,
                  "6-digit district code to build under")
      ->capture_default_str();
  cmd->callback([exit_code, o] {
    *exit_code = WithApp(o->common, [&](App& app) {
      const auto start = std::chrono::steady_clock::now();
      auto done = demo::MakeSyntheticCity(
          app.db(), app.clock(), app.cipher(), o->synth, [](int64_t n) {
            std::cerr << "\r  " << n << " households" << std::flush;
          });
      std::cerr << "\n";
      if (!done) return ReportError(done.error());
      const double secs = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - start)
                              .count();
      std::cout << "synthetic city: " << done->streets << " streets, "
                << done->communities << " communities, " << done->grids
                << " grids, " << done->households << " households, "
                << done->residents << " residents in " << secs << " s\n";
      return 0;
    });
  });
  AddSynthCasesCommand(root, exit_code);
}

}  // namespace wangge::cli
