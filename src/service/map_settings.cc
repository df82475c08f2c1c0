#include "service/map_settings.h"

#include <boost/json.hpp>

#include "store/settings_store.h"

namespace wangge::service {

namespace {
constexpr std::string_view kTileUrl = "map_tile_url";
constexpr std::string_view kAttribution = "map_attribution";
constexpr std::string_view kMaxZoom = "map_max_zoom";

bool ValidTileUrl(const std::string& url) {
  if (url.empty()) return true;
  if (!url.starts_with("http://") && !url.starts_with("https://") &&
      !url.starts_with("/"))
    return false;
  // Quotes and angle brackets have no place in a URL template and would
  // only serve to break out of an attribute.
  if (url.find_first_of("\"'<> ") != std::string::npos) return false;
  return url.find("{z}") != std::string::npos &&
         url.find("{x}") != std::string::npos &&
         url.find("{y}") != std::string::npos;
}
}  // namespace

Result<MapSettings> MapSettingsService::Get() const {
  return db_.Read([](store::Connection& c) -> Result<MapSettings> {
    MapSettings s;
    WG_ASSIGN(auto url, store::SettingsStore::Get(c, std::string(kTileUrl)));
    WG_ASSIGN(auto attribution,
              store::SettingsStore::Get(c, std::string(kAttribution)));
    WG_ASSIGN(int64_t zoom,
              store::SettingsStore::GetInt(c, std::string(kMaxZoom), 19));
    s.tile_url = url.value_or("");
    s.attribution = attribution.value_or("");
    s.max_zoom = static_cast<int>(zoom);
    return s;
  });
}

Result<MapSettings> MapSettingsService::Put(const Actor& actor,
                                            const MapSettings& in) const {
  const AuditTarget target{"settings", "map"};
  if (actor.role != Role::kSystemAdmin) {
    auto denied = Denied("only the system administrator sets the map");
    audit_.RecordRefusal(actor, "settings.map", target, denied.error());
    return std::unexpected(denied.error());
  }
  if (!ValidTileUrl(in.tile_url))
    return Invalid("settings.tile_url",
                   "the tile URL must be http(s) with {z}, {x} and {y}",
                   "tile_url");
  if (in.max_zoom < 1 || in.max_zoom > 22)
    return Invalid("settings.max_zoom", "max_zoom must be 1..22", "max_zoom");
  if (in.attribution.size() > 200)
    return Invalid("settings.attribution", "attribution is too long",
                   "attribution");
  const int64_t now = clock_.Now();
  WG_TRY(audit_.Write(
      actor, "settings.map", target, [&](store::Connection& c) -> Status {
        WG_TRY(store::SettingsStore::Set(c, std::string(kTileUrl), in.tile_url,
                                         now));
        WG_TRY(store::SettingsStore::Set(c, std::string(kAttribution),
                                         in.attribution, now));
        WG_TRY(store::SettingsStore::Set(c, std::string(kMaxZoom),
                                         std::to_string(in.max_zoom), now));
        return audit_.Record(c, actor, "settings.map", target,
                             {{"tile_url", in.tile_url}});
      }));
  return in;
}

}  // namespace wangge::service
