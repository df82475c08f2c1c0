// The resident self-report (居民随手拍) without an account: the form's
// categories, the report with a tracking number, the status lookup that
// shows no personal data, and the satisfaction rating.
#include "http/api_support.h"
#include "http/handlers/case_input.h"
#include "http/handlers/case_json.h"

namespace wangge::http {

namespace json = boost::json;

void RegisterPublicReportRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/public/categories", [&ctx](Request&) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(auto snap, ctx.taxonomy.Catalog());
      json::array items;
      for (const auto& [id, c] : snap->categories) {
        if (!c.row.active) continue;
        json::object o{
            {"id", c.row.id},
            {"parent_id", c.row.parent_id ? json::value(*c.row.parent_id)
                                          : json::value(nullptr)},
            {"code", c.row.code},
            {"name", c.row.name},
            {"name_en", c.row.name_en}};
        if (c.policy) o["photo_required"] = c.policy->photos_before;
        items.push_back(std::move(o));
      }
      return Json(200, json::object{{"items", std::move(items)}});
    });
  });

  r.Add("POST", "/api/v1/public/reports", [&ctx](Request& req) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(auto body, JsonBody::Parse(req));
      WG_ASSIGN(auto in, ParseNewCase(body));
      in.level = "ordinary";
      in.grid_id.reset();  // residents give a place, the locator finds the grid
      WG_ASSIGN(auto receipt,
                ctx.cases.ReportPublic(
                    std::move(in), ctx.cases.OriginDigest(req.remote_addr)));
      return Json(201, json::object{{"tracking", receipt.tracking},
                                    {"state", receipt.state},
                                    {"created_at", receipt.created_at},
                                    {"status_url", "/api/v1/public/reports/" +
                                                       receipt.tracking}});
    });
  });

  r.Add("GET", "/api/v1/public/reports/{tracking}", [&ctx](Request& req) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(auto status,
                ctx.cases.PublicLookup(req.path_params.at("tracking")));
      return Json(200, PublicStatusJson(status));
    });
  });

  r.Add("POST", "/api/v1/public/reports/{tracking}/evaluation",
        [&ctx](Request& req) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            if (!body.Has("satisfied"))
              return Invalid("request.missing", "satisfied is required",
                             "satisfied");
            WG_ASSIGN(bool satisfied, body.Bool("satisfied"));
            WG_ASSIGN(auto comment, body.Str("comment", false, 1000));
            WG_ASSIGN(auto status,
                      ctx.cases.PublicEvaluate(req.path_params.at("tracking"),
                                               satisfied, comment));
            return Json(200, PublicStatusJson(status));
          });
        });
}

}  // namespace wangge::http
