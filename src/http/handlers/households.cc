// Households (户) and houses (实有房屋).
#include "http/api_support.h"
#include "http/handlers/registry_input.h"

namespace wangge::http {

void RegisterHouseholdRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/households",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto q, ParseRegistryQuery(req));
            WG_ASSIGN(auto page, ctx.registry.ListHouseholds(actor, q));
            return Json(200, PageJson(page, q.page));
          });
        }));

  r.Add("POST", "/api/v1/households",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseHousehold(body));
            std::optional<service::HouseInput> house;
            if (body.Has("house")) {
              WG_ASSIGN(auto h, body.Obj("house"));
              WG_ASSIGN(house, ParseHouse(h));
            }
            WG_ASSIGN(auto created,
                      ctx.registry.CreateHousehold(actor, in, house));
            return Json(201, ToJson(created));
          });
        }));

  r.Add("GET", "/api/v1/households/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto h, ctx.registry.GetHousehold(actor, id));
            return Json(200, ToJson(h));
          });
        }));

  r.Add("PUT", "/api/v1/households/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseHousehold(body));
            WG_ASSIGN(auto h, ctx.registry.UpdateHousehold(actor, id, in));
            return Json(200, ToJson(h));
          });
        }));
}

void RegisterHouseRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/houses",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto q, ParseRegistryQuery(req));
            WG_ASSIGN(auto page, ctx.registry.ListHouses(actor, q));
            return Json(200, PageJson(page, q.page));
          });
        }));

  r.Add("GET", "/api/v1/houses/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto h, ctx.registry.GetHouse(actor, id));
            return Json(200, ToJson(h));
          });
        }));

  r.Add("PUT", "/api/v1/houses/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto in, ParseHouse(body));
            WG_ASSIGN(auto h, ctx.registry.UpdateHouse(actor, id, in));
            return Json(200, ToJson(h));
          });
        }));
}

}  // namespace wangge::http
