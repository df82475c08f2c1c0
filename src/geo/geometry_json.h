// One geometry (Polygon or MultiPolygon) as GeoJSON text: how boundaries
// are stored in the database.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "geo/geometry.h"

namespace wangge::geo {

// Parses and validates a GeoJSON Polygon or MultiPolygon geometry.
Result<MultiPolygon> ParseGeometry(std::string_view text);
// Writes a Polygon (one part) or MultiPolygon geometry.
std::string WriteGeometry(const MultiPolygon& shape);

}  // namespace wangge::geo
