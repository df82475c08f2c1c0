// Bulk import of the residents sheet (raw CSV or .xlsx body) and export.
#include "http/api_support.h"
#include "service/tabular/csv.h"
#include "service/tabular/xlsx_writer.h"

namespace wangge::http {

void RegisterImportRoutes(Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/imports/residents",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto skip, QueryBool(req, "skip_invalid"));
            WG_ASSIGN(auto dry, QueryBool(req, "dry_run"));
            if (req.body.empty())
              return Invalid("import.empty",
                             "send the CSV or .xlsx file as the request body",
                             "body");
            WG_ASSIGN(auto report,
                      ctx.imports.ImportResidents(
                          actor, req.body,
                          skip.value_or(false) ? service::SkipInvalid::kYes
                                               : service::SkipInvalid::kNo,
                          dry.value_or(false) ? service::DryRun::kYes
                                              : service::DryRun::kNo));
            // 422 when rows were refused and nothing was imported, so that
            // a client cannot mistake a refused file for a done import.
            const bool refused =
                !report.errors.empty() && report.imported_rows == 0;
            return Json(refused ? 422 : 200, ToJson(report));
          });
        }));

  r.Add(
      "GET", "/api/v1/exports/residents",
      Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
        return Respond([&]() -> Result<Response> {
          service::ExportOptions options;
          WG_ASSIGN(options.query, ParseRegistryQuery(req));
          const std::string format = QueryStr(req, "format");
          if (!format.empty() && format != "csv" && format != "xlsx")
            return Invalid("query.format", "format must be csv or xlsx",
                           "format");
          WG_ASSIGN(auto table, ctx.imports.ExportResidents(actor, options));
          Response res;
          if (format == "xlsx") {
            WG_ASSIGN(res.body, tabular::WriteXlsxBytes(table, "实有人口"));
            res.content_type =
                "application/"
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            res.headers.emplace_back("Content-Disposition",
                                     "attachment; filename=\"residents.xlsx\"");
          } else {
            res.body = tabular::WriteCsv(table);
            res.content_type = "text/csv; charset=utf-8";
            res.headers.emplace_back("Content-Disposition",
                                     "attachment; filename=\"residents.csv\"");
          }
          return res;
        });
      }));
}

}  // namespace wangge::http
