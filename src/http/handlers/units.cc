// Units (实有单位): shops, companies, outside merchant households.
#include "http/api_support.h"
#include "http/handlers/registry_input.h"

namespace wangge::http {

void RegisterUnitRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/units",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto q, ParseRegistryQuery(req));
            WG_ASSIGN(auto page, ctx.registry.ListUnits(actor, q));
            return Json(200, PageJson(page, q.page));
          });
        }));

  r.Add("POST", "/api/v1/units",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseUnit(body));
            WG_ASSIGN(auto created, ctx.registry.CreateUnit(actor, in));
            return Json(201, ToJson(created));
          });
        }));

  r.Add("GET", "/api/v1/units/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto unit, ctx.registry.GetUnit(actor, id));
            return Json(200, ToJson(unit));
          });
        }));
}

}  // namespace wangge::http
