// Residents (实有人口): masked reads, writes, and the audited reveal.
#include "http/api_support.h"
#include "http/handlers/registry_input.h"

namespace wangge::http {

void RegisterResidentRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/residents",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto q, ParseRegistryQuery(req));
            WG_ASSIGN(auto page, ctx.registry.ListResidents(actor, q));
            return Json(200, PageJson(page, q.page));
          });
        }));

  r.Add("POST", "/api/v1/residents",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseResident(body));
            if (in.household_id == 0)
              return Invalid("field.required", "household_id is required",
                             "household_id");
            WG_ASSIGN(auto created, ctx.registry.CreateResident(actor, in));
            return Json(201, ToJson(created));
          });
        }));

  r.Add("GET", "/api/v1/residents/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto resident, ctx.registry.GetResident(actor, id));
            return Json(200, ToJson(resident));
          });
        }));

  r.Add("PUT", "/api/v1/residents/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseResident(body));
            WG_ASSIGN(auto updated, ctx.registry.UpdateResident(actor, id, in));
            return Json(200, ToJson(updated));
          });
        }));

  r.Add("DELETE", "/api/v1/residents/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            std::string reason = QueryStr(req, "reason");
            WG_TRY(ctx.registry.DeleteResident(actor, id, reason));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));

  r.Add("POST", "/api/v1/residents/{id}/reveal",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(std::string reason, body.Str("reason", true, 500));
            WG_ASSIGN(auto full,
                      ctx.registry.RevealResident(actor, id, reason));
            return Json(200, boost::json::object{{"id", id},
                                                 {"id_card", full.id_card},
                                                 {"phone", full.phone},
                                                 {"passport", full.passport}});
          });
        }));
}

}  // namespace wangge::http
