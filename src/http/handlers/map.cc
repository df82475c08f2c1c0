// How maps are drawn (the optional tile server) and the grid outlines that
// the resident pages show; both readable without an account.
#include "http/api_support.h"

namespace wangge::http {

namespace json = boost::json;

namespace {
constexpr std::string_view kGeoJson = "application/geo+json; charset=utf-8";

json::object MapSettingsJson(const service::MapSettings& s) {
  return {{"tile_url", s.tile_url},
          {"attribution", s.attribution},
          {"max_zoom", s.max_zoom}};
}
}  // namespace

void RegisterMapRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/public/map-settings", [&ctx](Request&) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(auto s, ctx.map_settings.Get());
      return Json(200, MapSettingsJson(s));
    });
  });

  r.Add("PUT", "/api/v1/map-settings",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            service::MapSettings in;
            WG_ASSIGN(in.tile_url, body.Str("tile_url", false, 500));
            WG_ASSIGN(in.attribution, body.Str("attribution", false, 200));
            WG_ASSIGN(auto zoom, body.Int("max_zoom"));
            in.max_zoom = static_cast<int>(zoom.value_or(19));
            WG_ASSIGN(auto saved, ctx.map_settings.Put(actor, in));
            return Json(200, MapSettingsJson(saved));
          });
        }));

  r.Add("GET", "/api/v1/public/boundaries", [&ctx](Request&) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(std::string text, ctx.geo.PublicGridOutlines());
      Response res;
      res.body = std::move(text);
      res.content_type = std::string(kGeoJson);
      // Outlines change rarely; a minute of caching spares the phones.
      res.headers.emplace_back("Cache-Control", "public, max-age=60");
      return res;
    });
  });
}

}  // namespace wangge::http
