#include "http/api.h"

#include "http/api_support.h"
#include "http/open311.h"
#include "http/static_files.h"

namespace wangge::http {

Router BuildApiRouter(ApiContext& ctx) {
  Router r;
  RegisterHealthRoutes(r, ctx);
  RegisterOpenApiRoutes(r, ctx);
  RegisterAuthRoutes(r, ctx);
  RegisterUserRoutes(r, ctx);
  RegisterAreaRoutes(r, ctx);
  RegisterHouseholdRoutes(r, ctx);
  RegisterHouseRoutes(r, ctx);
  RegisterResidentRoutes(r, ctx);
  RegisterUnitRoutes(r, ctx);
  RegisterImportRoutes(r, ctx);
  RegisterAuditRoutes(r, ctx);
  RegisterGeoRoutes(r, ctx);
  RegisterCaseRoutes(r, ctx);
  RegisterCaseCatalogRoutes(r, ctx);
  RegisterPublicReportRoutes(r, ctx);
  RegisterMapRoutes(r, ctx);
  RegisterEventStreamRoutes(r, ctx);
  RegisterWebhookRoutes(r, ctx);
  RegisterAttachmentRoutes(r, ctx);
  RegisterEnforcementRoutes(r, ctx);
  RegisterStatsRoutes(r, ctx);
  return r;
}

std::function<Response(Request&)> MakeAppHandler(ApiContext& ctx,
                                                 const Router& router,
                                                 Post post) {
  // Open311 is not under /api (nor in the OpenAPI document): its own router.
  auto own = std::make_shared<Router>(BuildOpen311Router(ctx));
  if (post) own->SetWorker(std::move(post));
  std::shared_ptr<const Router> open311 = std::move(own);
  return [&ctx, &router, open311](Request& req) -> Response {
    if (req.path.rfind("/api/", 0) == 0 || req.path == "/api")
      return router.Dispatch(req);
    if (req.path.rfind("/open311/", 0) == 0)
      return DispatchOpen311(*open311, req);
    if (!ctx.web_root.empty()) {
      if (auto file = ServeStatic(ctx.web_root, req)) return *file;
    }
    if (req.path == "/")
      return Json(200, boost::json::object{{"name", "wangge"},
                                           {"api", "/api/v1/openapi.json"},
                                           {"health", "/api/v1/health"}});
    return JsonError(404, "route.not_found", "no such page");
  };
}

}  // namespace wangge::http
