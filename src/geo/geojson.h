// RFC 7946 GeoJSON in and out for area boundaries (communities, grids,
// village groups). Only areal geometry is accepted: a boundary that is a line
// or a point is a mistake in the source file, not something to skip.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "geo/geometry.h"
#include "geo/polygon_validation.h"

namespace wangge::geo {

// One area read from or written to GeoJSON.
struct Feature {
  std::string code;    // properties.code: the area's code, unique in a file
  std::string name;    // properties.name, "" when absent
  std::string level;   // properties.level ("community", "grid", ...), or ""
  MultiPolygon shape;  // valid, outer rings CCW and holes CW
  // Every property as given in the file, code/name/level included, so that
  // extra attributes survive a read-modify-write cycle.
  boost::json::object properties;
  bool operator==(const Feature&) const = default;
};

// Parses a FeatureCollection (or one bare Feature) whose geometries are
// Polygon or MultiPolygon. properties.code is required: a string, or an
// integer (QGIS stores long digit codes as Integer64), kept as its decimal
// digits. name and level are optional strings (null counts as absent).
// Every shape passes ValidateMultiPolygon and is normalised to RFC 7946
// orientation; a third coordinate (altitude) is ignored. Codes must be
// unique within the input. A UTF-8 byte order mark is skipped.
//
// Any problem fails the whole input with kInvalidArgument, key
// "geojson.invalid", a message naming the feature and the defect
// ("feature 3 (code 32011500301203): ring 0 is not closed") and field
// "features[3]" ("feature" for a bare Feature, "" for file-level problems).
// Features are numbered from 0, as in the features array.
Result<std::vector<Feature>> ParseFeatureCollection(std::string_view text);

// Writes a plain FeatureCollection (no "crs" member; WGS84 is implied) that
// QGIS and GDAL open directly. A shape with one part is written as Polygon,
// otherwise as MultiPolygon; rings follow the right-hand rule and are closed
// if they were not. Coordinates have at most 7 decimals (about 1 cm), so a
// shape written and read back may move by up to 0.5e-7 degrees; equal
// vertices stay equal. properties are code, name and level from the struct
// fields (name and level only when non-empty or already in properties),
// followed by the other entries of Feature::properties. Shapes must have
// finite coordinates.
std::string WriteFeatureCollection(const std::vector<Feature>& features);

// The geometry object alone ({"type":"Polygon","coordinates":...}), written
// exactly as inside WriteFeatureCollection: for storing one boundary.
std::string WriteGeoJsonGeometry(const MultiPolygon& shape);

}  // namespace wangge::geo
