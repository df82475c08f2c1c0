// Grids in space: boundaries as GeoJSON, coverage, point location, and
// division plans.
#include <boost/json/parse.hpp>
#include <charconv>

#include "http/api_support.h"

namespace wangge::http {

namespace {
constexpr std::string_view kGeoJson = "application/geo+json; charset=utf-8";

boost::json::object PlaceJson(const service::GridPlace& p) {
  auto label = [](const service::AreaLabel& a) {
    return boost::json::object{
        {"id", a.id}, {"code", a.code}, {"name", a.name}};
  };
  return {{"grid", label(p.grid)},
          {"community", label(p.community)},
          {"street", label(p.street)},
          {"district", label(p.district)}};
}

boost::json::object LonLatJson(const geo::LonLat& p) {
  return {{"lon", p.lon}, {"lat", p.lat}};
}

boost::json::object CoverageJson(const service::CoverageResult& r) {
  boost::json::array gaps, overlaps, outside, households, teams, no_boundary;
  for (const auto& d : r.report.areas) {
    boost::json::array codes;
    for (const auto& code : d.grid_codes) codes.emplace_back(code);
    boost::json::object o{{"area_m2", d.area_m2},
                          {"location", LonLatJson(d.location)},
                          {"grids", std::move(codes)}};
    if (d.kind == "gap")
      gaps.push_back(std::move(o));
    else if (d.kind == "overlap")
      overlaps.push_back(std::move(o));
    else
      outside.push_back(std::move(o));
  }
  for (const auto& h : r.report.households) {
    boost::json::object o{{"kind", h.kind},
                          {"household_id", h.household_id},
                          {"household_no", h.household_no},
                          {"grid_id", h.grid_id},
                          {"location", LonLatJson(h.point)}};
    if (h.found_grid_id) o["found_grid_id"] = *h.found_grid_id;
    households.push_back(std::move(o));
  }
  for (const auto& t : r.teams)
    teams.push_back({{"grid_id", t.grid_id},
                     {"grid_code", t.grid_code},
                     {"grid_name", t.grid_name},
                     {"problem", t.problem}});
  for (const auto& code : r.grids_without_boundary)
    no_boundary.emplace_back(code);
  return {{"community",
           {{"id", r.community.id},
            {"code", r.community.code},
            {"name", r.community.name}}},
          {"clean", r.Clean()},
          {"community_has_boundary", r.community_has_boundary},
          {"gaps", std::move(gaps)},
          {"overlaps", std::move(overlaps)},
          {"outside_community", std::move(outside)},
          {"households", std::move(households)},
          {"teams", std::move(teams)},
          {"grids_without_boundary", std::move(no_boundary)}};
}

Result<double> QueryDouble(const Request& req, std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty())
    return Invalid("query.required", std::string(name) + " is required",
                   std::string(name));
  double out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    return Invalid("query.type", std::string(name) + " must be a number",
                   std::string(name));
  return out;
}

boost::json::object DivisionJson(const service::DivisionResult& r) {
  boost::json::array grids, moves, emptied;
  for (const auto& g : r.grids) {
    boost::json::array groups;
    for (const auto& code : g.village_group_codes) groups.emplace_back(code);
    grids.push_back({{"code", g.code},
                     {"name", g.name},
                     {"new_grid", g.new_grid},
                     {"team_complete", g.team_complete},
                     {"population", g.grid.population},
                     {"households", g.grid.households},
                     {"deviation", g.grid.deviation},
                     {"area_m2", g.grid.area_m2},
                     {"compactness", g.grid.compactness},
                     {"connected", g.grid.connected},
                     {"village_groups", std::move(groups)}});
  }
  for (const auto& m : r.moves)
    moves.push_back({{"household_id", m.household_id},
                     {"household_no", m.household_no},
                     {"from_grid", m.from_grid_code},
                     {"to_grid", m.to_grid_code}});
  for (const auto& code : r.emptied_grids) emptied.emplace_back(code);
  boost::system::error_code ec;
  boost::json::value preview =
      boost::json::parse(service::GridGeoService::PlanGeoJson(r), ec);
  return {{"community",
           {{"id", r.community.id},
            {"code", r.community.code},
            {"name", r.community.name}}},
          {"applied", r.applied},
          {"mean_population", r.plan.mean_population},
          {"max_abs_deviation", r.plan.max_abs_deviation},
          {"deviation_lower_bound", r.plan.deviation_lower_bound},
          {"all_connected", r.plan.all_connected},
          {"elapsed_ms", r.elapsed_ms},
          {"grids", std::move(grids)},
          {"households_changing_grid", std::move(moves)},
          {"emptied_grids", std::move(emptied)},
          {"preview", std::move(preview)}};
}
}  // namespace

void RegisterGeoRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/boundaries",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            std::string level = QueryStr(req, "level");
            if (level.empty()) level = "grid";
            WG_ASSIGN(auto community, QueryInt(req, "community_id"));
            WG_ASSIGN(std::string text,
                      ctx.geo.ExportBoundaries(actor, level, community));
            Response res;
            res.body = std::move(text);
            res.content_type = std::string(kGeoJson);
            return res;
          });
        }));

  r.Add("PUT", "/api/v1/boundaries",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto sum, ctx.geo.ImportBoundaries(actor, req.body));
            return Json(200, boost::json::object{
                                 {"areas", sum.areas},
                                 {"village_groups", sum.village_groups}});
          });
        }));

  r.Add("GET", "/api/v1/communities/{id}/coverage",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto result, ctx.geo.CheckCoverage(actor, id));
            return Json(200, CoverageJson(result));
          });
        }));

  r.Add("GET", "/api/v1/locate",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(double lon, QueryDouble(req, "lon"));
            WG_ASSIGN(double lat, QueryDouble(req, "lat"));
            WG_ASSIGN(auto place, ctx.geo.Locate(actor, {lon, lat}));
            return Json(200, PlaceJson(place));
          });
        }));

  r.Add("POST", "/api/v1/communities/{id}/division-plans",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            service::DivisionRequest d;
            WG_ASSIGN(d.community_id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto grids, body.Int("grids"));
            if (!grids)
              return Invalid("field.required", "grids is required", "grids");
            d.grids = static_cast<int>(*grids);
            WG_ASSIGN(d.apply, body.Bool("apply"));
            WG_ASSIGN(auto result, ctx.geo.Divide(actor, d));
            return Json(200, DivisionJson(result));
          });
        }));
}

}  // namespace wangge::http
