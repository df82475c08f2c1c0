// wangge init --demo dongyang: loads the demo community.
#include <iostream>

#include "cli/commands/commands.h"
#include "service/demo/dongyang_cases.h"
#include "service/demo/dongyang_loader.h"

namespace wangge::cli {

void AddInitCommand(CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand(
      "init", "create the database and optionally load a demo community");
  struct Options {
    CommonOptions common;
    std::string demo;
    bool if_empty = false;
    uint64_t seed = 2008;
  };
  auto o = std::make_shared<Options>();
  AddCommonOptions(cmd, o->common);
  cmd->add_option("--demo", o->demo, "demo to load: dongyang (东阳社区)")
      ->check(CLI::IsMember({"dongyang"}));
  cmd->add_flag("--if-empty", o->if_empty,
                "do nothing (exit 0) when the database already holds data");
  cmd->add_option("--seed", o->seed, "random seed of the demo")
      ->capture_default_str();
  cmd->callback([exit_code, o] {
    *exit_code = WithApp(o->common, [&](App& app) {
      if (o->demo.empty()) {
        std::cout << "database ready: " << app.db().description() << "\n";
        return 0;
      }
      auto existing = app.db().Read([](store::Connection& c) {
        return c.QueryInt("SELECT COUNT(*) FROM areas");
      });
      if (!existing) return ReportError(existing.error());
      if (*existing > 0 && o->if_empty) {
        std::cout << "database already holds data; keeping it ("
                  << app.db().description() << ")\n";
        return 0;
      }
      auto loaded =
          demo::LoadDongyang(app.db(), app.clock(), app.areas(), app.registry(),
                             app.auth(), app.geo(), app.audit(), o->seed);
      if (!loaded) return ReportError(loaded.error());
      auto s = *loaded;
      auto history = demo::LoadDongyangCases(
          app.db(), app.clock().Now(), app.cipher(), app.audit(), app.auth(),
          app.locator(), app.attachments(), o->seed);
      if (!history) return ReportError(history.error());
      for (const auto& a : history->accounts) s.accounts.push_back(a);
      std::cout << "东阳社区 demo loaded into " << app.db().description()
                << ":\n"
                << "  grids " << s.grids
                << " (drawn by population from village groups, max deviation "
                << static_cast<int>(s.max_deviation * 1000 + 0.5) / 10.0
                << "%), village groups " << s.village_groups << ", households "
                << s.households << ", residents " << s.residents << "\n"
                << "  units " << s.units << " (outside merchants "
                << s.outside_merchants << "), patrol teams " << s.patrol_teams
                << " (" << s.patrol_members << " members)\n"
                << "  cases " << history->cases << " over 30 days ("
                << history->closed << " closed, " << history->open << " open, "
                << history->supervised
                << " supervised), departments and functional zone "
                << history->org_units << ", responsibility rules "
                << history->rules << "\n\n"
                << "Demo accounts (shown once; change them with `wangge user "
                   "passwd`):\n";
      for (const auto& a : s.accounts)
        std::cout << "  " << a.username
                  << std::string(10 - a.username.size(), ' ') << a.password
                  << "  " << a.role << "  " << a.scope << "\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
