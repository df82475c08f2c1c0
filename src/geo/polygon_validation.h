// Polygon validity (OGC simple features, via Boost.Geometry) with messages
// that name the defect and where it is, and the RFC 7946 orientation.
#pragma once

#include <string>

#include "core/error.h"
#include "geo/geometry.h"

namespace wangge::geo {

// Checks one polygon: every ring has at least 4 positions, 3 of them
// distinct, is closed, has finite coordinates with lon in [-180, 180] and
// lat in [-90, 90] and a non-zero area; rings neither cross nor touch
// themselves, holes lie inside the shell, are not nested and do not cut the
// interior apart (OGC simple-feature validity, via Boost.Geometry). Either
// orientation is accepted. Rings are numbered 0 for the shell, then holes in
// order from 1. On failure returns kInvalidArgument, key
// "geo.invalid_polygon", message "<where>: <defect>", e.g.
// "feature 2: ring 0 is self-intersecting near (120.1000000, 29.2000000)".
Status ValidatePolygon(const Polygon& polygon, const std::string& where);

// ValidatePolygon for every part (named "<where>, polygon k" when there are
// several), then checks that no two parts overlap or share an edge; parts
// may touch at single points. An empty shape is invalid.
Status ValidateMultiPolygon(const MultiPolygon& shape,
                            const std::string& where);

// Reverses rings as needed so that the shell is counter-clockwise and the
// holes clockwise (the right-hand rule of RFC 7946), judged by signed area
// in the lon/lat plane.
void NormaliseOrientation(Polygon& polygon);

}  // namespace wangge::geo
