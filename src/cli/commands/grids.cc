// wangge grids import | export | check, and wangge divide.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands/commands.h"
#include "store/area_store.h"

namespace wangge::cli {

namespace {
void PrintCoverage(const service::CoverageResult& r) {
  std::cout << r.community.code << " " << r.community.name << ": "
            << (r.Clean() ? "clean" : "DEFECTS") << "\n";
  if (!r.community_has_boundary)
    std::cout << "  community has no boundary (import one to check coverage)\n";
  for (const auto& code : r.grids_without_boundary)
    std::cout << "  grid " << code << " has no boundary\n";
  for (const auto& d : r.report.areas) {
    std::printf("  %s %.1f m² at %.6f,%.6f", d.kind.c_str(), d.area_m2,
                d.location.lon, d.location.lat);
    for (const auto& code : d.grid_codes) std::printf(" %s", code.c_str());
    std::printf("\n");
  }
  for (const auto& h : r.report.households) {
    std::printf("  household %s (grid id %lld) %s at %.6f,%.6f\n",
                h.household_no.c_str(), static_cast<long long>(h.grid_id),
                h.kind.c_str(), h.point.lon, h.point.lat);
  }
  for (const auto& t : r.teams)
    std::cout << "  grid " << t.grid_code << " " << t.grid_name
              << " team: " << t.problem << "\n";
}
}  // namespace

void AddGridCommands(CLI::App& root, int* exit_code) {
  auto* grids = root.add_subcommand("grids", "grid boundaries and coverage");
  grids->require_subcommand(1);

  struct ImportOptions {
    CommonOptions common;
    std::string file;
  };
  auto io = std::make_shared<ImportOptions>();
  auto* imp = grids->add_subcommand(
      "import",
      "import boundaries from GeoJSON (features with properties code, name, "
      "level); all or nothing");
  AddCommonOptions(imp, io->common);
  imp->add_option("file", io->file, "GeoJSON FeatureCollection")
      ->required()
      ->check(CLI::ExistingFile);
  imp->callback([exit_code, io] {
    *exit_code = WithApp(io->common, [&](App& app) {
      std::ifstream in(io->file, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto sum = app.geo().ImportBoundaries(service::Actor::Cli(), text.str());
      if (!sum) return ReportError(sum.error());
      std::cout << "imported boundaries: " << sum->areas << " areas, "
                << sum->village_groups << " village groups\n";
      return 0;
    });
  });

  struct ExportOptions {
    CommonOptions common;
    std::string out;
    std::string level = "all";
    std::string community;
  };
  auto eo = std::make_shared<ExportOptions>();
  auto* exp = grids->add_subcommand("export", "export boundaries as GeoJSON");
  AddCommonOptions(exp, eo->common);
  exp->add_option("--out", eo->out, "output .geojson file")->required();
  exp->add_option("--level", eo->level,
                  "all, community, grid, village_group, ...")
      ->capture_default_str();
  exp->add_option("--community", eo->community, "only this community (code)");
  exp->callback([exit_code, eo] {
    *exit_code = WithApp(eo->common, [&](App& app) {
      std::optional<int64_t> community;
      if (!eo->community.empty()) {
        auto area = app.db().Read([&](store::Connection& c) {
          return store::AreaStore::GetByCode(c, eo->community);
        });
        if (!area) return ReportError(area.error());
        community = area->id;
      }
      auto text = app.geo().ExportBoundaries(service::Actor::Cli(), eo->level,
                                             community);
      if (!text) return ReportError(text.error());
      std::ofstream out(eo->out, std::ios::binary);
      out << *text;
      if (!out) {
        std::cerr << "error: cannot write " << eo->out << "\n";
        return 1;
      }
      std::cout << "wrote " << eo->out << "\n";
      return 0;
    });
  });

  auto co = std::make_shared<CommonOptions>();
  auto* check = grids->add_subcommand(
      "check",
      "check coverage (gaps, overlaps, area outside the community, misplaced "
      "households, incomplete teams); exit status 1 on any defect");
  AddCommonOptions(check, *co);
  check->callback([exit_code, co] {
    *exit_code = WithApp(*co, [](App& app) {
      auto results = app.geo().CheckAllCoverage(service::Actor::Cli());
      if (!results) return ReportError(results.error());
      bool clean = true;
      for (const auto& r : *results) {
        PrintCoverage(r);
        clean = clean && r.Clean();
      }
      if (results->empty()) std::cout << "no communities\n";
      return clean ? 0 : 1;
    });
  });

  struct DivideOptions {
    CommonOptions common;
    std::string community;
    int grids = 0;
    bool apply = false;
  };
  auto d = std::make_shared<DivideOptions>();
  auto* divide = root.add_subcommand(
      "divide",
      "divide a community into K grids of whole village groups, balanced by "
      "population (以人口为基数、以村组为单位); previews unless --apply");
  AddCommonOptions(divide, d->common);
  divide->add_option("--community", d->community,
                     "community code (may be left out when there is one)");
  divide->add_option("--grids", d->grids, "number of grids")->required();
  divide->add_flag("--apply", d->apply,
                   "change grids and household assignments (one transaction)");
  divide->callback([exit_code, d] {
    *exit_code = WithApp(d->common, [&](App& app) {
      service::DivisionRequest r;
      r.community_code = d->community;
      r.grids = d->grids;
      r.apply = d->apply;
      auto result = app.geo().Divide(service::Actor::Cli(), r);
      if (!result) return ReportError(result.error());
      std::printf(
          "%s %s: %d grids, mean population %.1f, max deviation %.2f%% "
          "(lower bound %.2f%%), %s, %.1f ms\n",
          result->community.code.c_str(), result->community.name.c_str(),
          static_cast<int>(result->grids.size()), result->plan.mean_population,
          100 * result->plan.max_abs_deviation,
          100 * result->plan.deviation_lower_bound,
          result->plan.all_connected ? "all connected" : "NOT connected",
          result->elapsed_ms);
      for (const auto& g : result->grids) {
        std::printf(
            "  %s %s%s population %lld (%+.2f%%) households %lld area "
            "%.2f km² compactness %.2f groups",
            g.code.c_str(), g.name.c_str(), g.new_grid ? " [new]" : "",
            static_cast<long long>(g.grid.population), 100 * g.grid.deviation,
            static_cast<long long>(g.grid.households), g.grid.area_m2 / 1e6,
            g.grid.compactness);
        for (const auto& code : g.village_group_codes)
          std::printf(" %s", code.c_str());
        if (!g.team_complete) std::printf("  [team to assign]");
        std::printf("\n");
      }
      for (const auto& code : result->emptied_grids)
        std::printf("  grid %s would be left without village groups\n",
                    code.c_str());
      std::printf("%zu households %s grid\n", result->moves.size(),
                  result->applied ? "changed" : "would change");
      if (!result->applied) std::printf("preview only: add --apply to apply\n");
      return 0;
    });
  });
}

}  // namespace wangge::cli
