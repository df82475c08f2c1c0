// wangge open311 key add | list | revoke: the API keys of Open311 clients.
#include <iostream>

#include "cli/commands/commands.h"
#include "service/open311_service.h"

namespace wangge::cli {

namespace {

service::Open311Service Open311(App& app) {
  return service::Open311Service(app.db(), app.clock(), app.audit(),
                                 app.catalog(),
                                 TrackingCodec::ForCases(app.cipher()));
}

}  // namespace

void AddOpen311Commands(CLI::App& root, int* exit_code) {
  auto* open311 =
      root.add_subcommand("open311", "Open311 GeoReport v2 client keys");
  open311->require_subcommand(1);
  auto* key = open311->add_subcommand("key", "manage Open311 API keys");
  key->require_subcommand(1);

  struct AddOptions {
    CommonOptions common;
    std::string name;
  };
  auto add_o = std::make_shared<AddOptions>();
  auto* add = key->add_subcommand(
      "add", "create a key for a client; prints the key, shown only once");
  AddCommonOptions(add, add_o->common);
  add->add_option("--name", add_o->name,
                  "client name, recorded on every request it files")
      ->required();
  add->callback([exit_code, add_o] {
    *exit_code = WithApp(add_o->common, [&](App& app) {
      auto created = Open311(app).CreateKey(service::Actor::Cli(), add_o->name);
      if (!created) return ReportError(created.error());
      // Only the key on stdout, so that scripts can capture it.
      std::cout << created->secret << "\n";
      std::cerr << "created Open311 key " << created->key.id << " for "
                << created->key.name
                << "; it is shown only now: store it safely\n";
      return 0;
    });
  });

  auto list_o = std::make_shared<CommonOptions>();
  auto* list = key->add_subcommand("list", "list keys (never the keys)");
  AddCommonOptions(list, *list_o);
  list->callback([exit_code, list_o] {
    *exit_code = WithApp(*list_o, [&](App& app) {
      auto keys = Open311(app).ListKeys(service::Actor::Cli());
      if (!keys) return ReportError(keys.error());
      for (const auto& k : *keys) {
        std::cout << k.id << "\t" << k.name << "\t" << FormatUtc(k.created_at);
        if (k.revoked_at) std::cout << "\tREVOKED " << FormatUtc(*k.revoked_at);
        std::cout << "\n";
      }
      return 0;
    });
  });

  struct RevokeOptions {
    CommonOptions common;
    int64_t id = 0;
  };
  auto rv_o = std::make_shared<RevokeOptions>();
  auto* revoke = key->add_subcommand("revoke", "revoke a key by its id");
  AddCommonOptions(revoke, rv_o->common);
  revoke->add_option("--id", rv_o->id, "key id (see open311 key list)")
      ->required();
  revoke->callback([exit_code, rv_o] {
    *exit_code = WithApp(rv_o->common, [&](App& app) {
      auto done = Open311(app).RevokeKey(service::Actor::Cli(), rv_o->id);
      if (!done) return ReportError(done.error());
      std::cout << "revoked Open311 key " << rv_o->id << "\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
