#include "geo/geometry_json.h"

#include "geo/geojson.h"

namespace wangge::geo {

// Parsing goes through the FeatureCollection reader so that validation
// lives in one place.
Result<MultiPolygon> ParseGeometry(std::string_view text) {
  std::string feature =
      R"({"type":"Feature","properties":{"code":"stored"},"geometry":)" +
      std::string(text) + "}";
  WG_ASSIGN(auto features, ParseFeatureCollection(feature));
  if (features.size() != 1)
    return Invalid("geojson.invalid", "not one geometry");
  return std::move(features.front().shape);
}

std::string WriteGeometry(const MultiPolygon& shape) {
  return WriteGeoJsonGeometry(shape);
}

}  // namespace wangge::geo
