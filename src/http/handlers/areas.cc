// Areas, grids with their teams, team roles with duty lists, village groups.
#include "http/api_support.h"

namespace wangge::http {

namespace {
template <class T>
boost::json::object ItemsJson(const std::vector<T>& list) {
  boost::json::array items;
  for (const auto& x : list) items.push_back(ToJson(x));
  return {{"items", std::move(items)}};
}
}  // namespace

void RegisterAreaRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/areas",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            std::string level = QueryStr(req, "level");
            if (level.empty()) level = "community";
            WG_ASSIGN(auto areas, ctx.areas.ListAreas(actor, level));
            return Json(200, ItemsJson(areas));
          });
        }));

  r.Add("GET", "/api/v1/areas/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto area, ctx.areas.GetArea(actor, id));
            return Json(200, ToJson(area));
          });
        }));

  r.Add("POST", "/api/v1/areas",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            service::NewArea a;
            WG_ASSIGN(a.level, body.Str("level", true, 20));
            WG_ASSIGN(a.parent_code, body.Str("parent_code", false, 40));
            WG_ASSIGN(a.name, body.Str("name", true, 200));
            WG_ASSIGN(a.code, body.Str("code", false, 40));
            WG_ASSIGN(std::string kind, body.Str("kind", false, 20));
            if (!kind.empty()) a.kind = kind;
            WG_ASSIGN(a.seq, body.Int("seq"));
            WG_ASSIGN(auto area, ctx.areas.CreateArea(actor, a));
            return Json(201, ToJson(area));
          });
        }));

  r.Add("GET", "/api/v1/grids",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto community, QueryInt(req, "community_id"));
            WG_ASSIGN(auto grids, ctx.areas.ListGrids(actor, community));
            boost::json::object out = ItemsJson(grids);
            int64_t households = 0, population = 0;
            for (const auto& g : grids) {
              households += g.summary.households;
              population += g.summary.population;
            }
            out["total"] = static_cast<int64_t>(grids.size());
            out["households"] = households;
            out["population"] = population;
            return Json(200, out);
          });
        }));

  r.Add("GET", "/api/v1/grids/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto grid, ctx.areas.GetGrid(actor, id));
            return Json(200, ToJson(grid));
          });
        }));

  r.Add("POST", "/api/v1/grids/{id}/team",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            service::NewTeamMember m;
            WG_ASSIGN(m.grid_id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(m.role, body.Str("role", true, 40));
            WG_ASSIGN(m.name, body.Str("name", true, 100));
            WG_ASSIGN(m.phone, body.Str("phone", false, 20));
            WG_ASSIGN(m.username, body.Str("username", false, 64));
            WG_ASSIGN(auto member, ctx.areas.AddTeamMember(actor, m));
            return Json(201, ToJson(member));
          });
        }));

  r.Add("DELETE", "/api/v1/team-members/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_TRY(ctx.areas.RemoveTeamMember(actor, id));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));

  r.Add("GET", "/api/v1/team-roles",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto roles, ctx.areas.Roles(actor));
            return Json(200, ItemsJson(roles));
          });
        }));

  r.Add("PUT", "/api/v1/team-roles/{role}/duties",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto duties, body.StrList("duties"));
            WG_TRY(ctx.areas.SetDuties(actor, req.path_params["role"], duties));
            return Json(200, boost::json::object{{"ok", true}});
          });
        }));

  r.Add("GET", "/api/v1/village-groups",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto community, QueryInt(req, "community_id"));
            WG_ASSIGN(auto groups, ctx.areas.VillageGroups(actor, community));
            return Json(200, ItemsJson(groups));
          });
        }));
}

}  // namespace wangge::http
