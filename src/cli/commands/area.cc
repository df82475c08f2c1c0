// wangge area add | list: the area tree from the command line.
#include <iostream>

#include "cli/commands/commands.h"

namespace wangge::cli {

void AddAreaCommands(CLI::App& root, int* exit_code) {
  auto* area = root.add_subcommand("area",
                                   "manage districts, streets, "
                                   "communities and grids");
  area->require_subcommand(1);
  struct AddOptions {
    CommonOptions common;
    service::NewArea a;
    int64_t seq = 0;
  };
  auto ao = std::make_shared<AddOptions>();
  auto* add = area->add_subcommand("add", "create an area");
  AddCommonOptions(add, ao->common);
  add->add_option("--level", ao->a.level,
                  "district, street, community, grid or micro_grid")
      ->required();
  add->add_option("--parent", ao->a.parent_code, "parent area code");
  add->add_option("--name", ao->a.name, "name")->required();
  add->add_option("--code", ao->a.code,
                  "code (districts: 6-digit GB/T 2260; others: derived)");
  add->add_option("--seq", ao->seq,
                  "sequence under the parent (default: next)");
  add->callback([exit_code, ao] {
    *exit_code = WithApp(ao->common, [&](App& app) {
      service::NewArea a = ao->a;
      if (ao->seq > 0) a.seq = ao->seq;
      auto created = app.areas().CreateArea(service::Actor::Cli(), a);
      if (!created) return ReportError(created.error());
      std::cout << created->code << "\t" << created->name << "\n";
      return 0;
    });
  });

  struct ListOptions {
    CommonOptions common;
    std::string level = "grid";
  };
  auto lo = std::make_shared<ListOptions>();
  auto* list = area->add_subcommand("list", "list areas of one level");
  AddCommonOptions(list, lo->common);
  list->add_option("--level", lo->level, "level")->capture_default_str();
  list->callback([exit_code, lo] {
    *exit_code = WithApp(lo->common, [&](App& app) {
      if (lo->level == "grid") {
        auto grids = app.areas().ListGrids(service::Actor::Cli(), std::nullopt);
        if (!grids) return ReportError(grids.error());
        for (const auto& g : *grids) {
          std::cout << g.summary.grid.code << "\t" << g.summary.grid.name
                    << "\thouseholds " << g.summary.households
                    << "\tpopulation " << g.summary.population << "\tteam";
          for (const auto& m : g.team)
            std::cout << " " << m.role << ":" << m.name;
          std::cout << "\n";
        }
        return 0;
      }
      auto areas = app.areas().ListAreas(service::Actor::Cli(), lo->level);
      if (!areas) return ReportError(areas.error());
      for (const auto& a : *areas)
        std::cout << a.code << "\t" << a.name << "\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
