// wangge import | export: the residents sheet as CSV or .xlsx.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands/commands.h"
#include "service/tabular/csv.h"
#include "service/tabular/xlsx_writer.h"
#include "store/area_store.h"

namespace wangge::cli {

void AddImportExportCommands(CLI::App& root, int* exit_code) {
  struct ImportOptions {
    CommonOptions common;
    std::string file;
    bool skip_invalid = false;
    bool dry_run = false;
  };
  auto io = std::make_shared<ImportOptions>();
  auto* imp = root.add_subcommand(
      "import",
      "import the residents sheet (CSV in UTF-8 with or without BOM, or "
      ".xlsx); a file with a bad row imports nothing unless --skip-invalid");
  AddCommonOptions(imp, io->common);
  imp->add_option("file", io->file, "the .csv or .xlsx file")
      ->required()
      ->check(CLI::ExistingFile);
  imp->add_flag("--skip-invalid", io->skip_invalid,
                "import the good rows and skip the bad ones");
  imp->add_flag("--dry-run", io->dry_run, "check the file, write nothing");
  imp->callback([exit_code, io] {
    *exit_code = WithApp(io->common, [&](App& app) {
      std::ifstream in(io->file, std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      auto report = app.imports().ImportResidents(
          service::Actor::Cli(), bytes.str(),
          io->skip_invalid ? service::SkipInvalid::kYes
                           : service::SkipInvalid::kNo,
          io->dry_run ? service::DryRun::kYes : service::DryRun::kNo);
      if (!report) return ReportError(report.error());
      for (const auto& e : report->errors)
        std::cerr << io->file << ": row " << e.row << ", column " << e.column
                  << ": " << e.message << "\n";
      std::cout << (report->dry_run ? "checked " : "imported ")
                << report->imported_rows << " of " << report->total_rows
                << " rows (" << report->households_created
                << " new households, " << report->skipped_rows << " skipped)\n";
      if (!report->errors.empty() && report->imported_rows == 0) {
        std::cerr << "nothing imported: fix the rows above or use "
                     "--skip-invalid\n";
        return 1;
      }
      return 0;
    });
  });

  struct ExportOptions {
    CommonOptions common;
    std::string out;
    std::string grid;
    std::string format;
    bool reveal = false;
    std::string reason;
  };
  auto eo = std::make_shared<ExportOptions>();
  auto* exp = root.add_subcommand("export", "export residents as CSV or .xlsx");
  AddCommonOptions(exp, eo->common);
  exp->add_option("--out", eo->out, "output file (.csv or .xlsx)")->required();
  exp->add_option("--grid", eo->grid,
                  "only this area (grid or community code)");
  exp->add_option("--format", eo->format, "csv or xlsx (default: by --out)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  exp->add_flag("--reveal", eo->reveal,
                "full ID and phone numbers (audited; needs --reason)");
  exp->add_option("--reason", eo->reason, "why the full numbers are needed");
  exp->callback([exit_code, eo] {
    *exit_code = WithApp(eo->common, [&](App& app) {
      service::ExportOptions options;
      options.reveal = eo->reveal;
      options.reason = eo->reason;
      if (!eo->grid.empty()) {
        auto area = app.db().Read([&](store::Connection& c) {
          return store::AreaStore::GetByCode(c, eo->grid);
        });
        if (!area) return ReportError(area.error());
        options.query.area_id = area->id;
      }
      auto table =
          app.imports().ExportResidents(service::Actor::Cli(), options);
      if (!table) return ReportError(table.error());
      std::string format = eo->format;
      if (format.empty())
        format =
            eo->out.size() > 5 && eo->out.substr(eo->out.size() - 5) == ".xlsx"
                ? "xlsx"
                : "csv";
      if (format == "xlsx") {
        auto written = tabular::WriteXlsx(eo->out, *table, "实有人口");
        if (!written) return ReportError(written.error());
      } else {
        std::ofstream out(eo->out, std::ios::binary);
        out << tabular::WriteCsv(*table);
        if (!out) {
          std::cerr << "error: cannot write " << eo->out << "\n";
          return 1;
        }
      }
      std::cout << "exported " << table->rows.size() << " residents to "
                << eo->out << "\n";
      return 0;
    });
  });
}

}  // namespace wangge::cli
