// wangge user add | passwd | list | unlock
#include <iostream>

#include "cli/commands/commands.h"

namespace wangge::cli {

void AddUserCommands(CLI::App& root, int* exit_code) {
  auto* user = root.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);

  struct AddOptions {
    CommonOptions common;
    service::NewUser u;
    std::vector<std::string> grids;
    std::vector<std::string> areas;
  };
  auto add_o = std::make_shared<AddOptions>();
  auto* add = user->add_subcommand("add", "create an account");
  AddCommonOptions(add, add_o->common);
  add->add_option("--username", add_o->u.username, "login name")->required();
  add->add_option("--password", add_o->u.password,
                  "password: 8+ characters, three of lower/upper/digit/symbol")
      ->required();
  add->add_option("--role", add_o->u.role, "one of " + service::RoleNames())
      ->required();
  add->add_option("--display-name", add_o->u.display_name,
                  "name shown in the UI");
  add->add_option("--grid", add_o->grids,
                  "grid code the account works in (grid_staff; repeatable)");
  add->add_option("--area", add_o->areas,
                  "street or community code (street_leader, community_leader)");
  add->callback([exit_code, add_o] {
    *exit_code = WithApp(add_o->common, [&](App& app) {
      service::NewUser u = add_o->u;
      u.area_codes = add_o->grids;
      u.area_codes.insert(u.area_codes.end(), add_o->areas.begin(),
                          add_o->areas.end());
      auto created = app.auth().CreateUser(service::Actor::Cli(), u);
      if (!created) return ReportError(created.error());
      std::cout << "created user " << created->username << " (" << created->role
                << ")\n";
      return 0;
    });
  });

  struct PasswdOptions {
    CommonOptions common;
    std::string username, password;
  };
  auto pw_o = std::make_shared<PasswdOptions>();
  auto* passwd = user->add_subcommand("passwd", "set an account's password");
  AddCommonOptions(passwd, pw_o->common);
  passwd->add_option("--username", pw_o->username, "login name")->required();
  passwd->add_option("--password", pw_o->password, "new password")->required();
  passwd->callback([exit_code, pw_o] {
    *exit_code = WithApp(pw_o->common, [&](App& app) {
      auto done = app.auth().SetPassword(service::Actor::Cli(), pw_o->username,
                                         pw_o->password);
      if (!done) return ReportError(done.error());
      std::cout << "password changed for " << pw_o->username << "\n";
      return 0;
    });
  });

  auto list_o = std::make_shared<CommonOptions>();
  auto* list = user->add_subcommand("list", "list accounts");
  AddCommonOptions(list, *list_o);
  list->callback([exit_code, list_o] {
    *exit_code = WithApp(*list_o, [&](App& app) {
      auto users = app.auth().ListUsers(service::Actor::Cli());
      if (!users) return ReportError(users.error());
      for (const auto& u : *users) {
        std::cout << u.id << "\t" << u.username << "\t" << u.role << "\t";
        for (const auto& s : u.scopes) std::cout << s.code << " ";
        if (u.locked_until > app.clock().Now()) std::cout << "\tLOCKED";
        if (u.disabled) std::cout << "\tDISABLED";
        std::cout << "\n";
      }
      return 0;
    });
  });

  struct UnlockOptions {
    CommonOptions common;
    std::string username;
  };
  auto un_o = std::make_shared<UnlockOptions>();
  auto* unlock = user->add_subcommand("unlock", "lift a login lock");
  AddCommonOptions(unlock, un_o->common);
  unlock->add_option("--username", un_o->username, "login name")->required();
  unlock->callback([exit_code, un_o] {
    *exit_code = WithApp(un_o->common, [&](App& app) {
      auto found = app.db().Read([&](store::Connection& c) {
        return store::UserStore::FindByUsername(c, un_o->username);
      });
      if (!found) return ReportError(found.error());
      if (!*found) {
        std::cerr << "error: no user " << un_o->username << "\n";
        return 1;
      }
      auto done = app.auth().Unlock(service::Actor::Cli(), (*found)->id);
      if (!done) return ReportError(done.error());
      std::cout << "unlocked " << un_o->username << "\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
