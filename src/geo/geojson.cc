// GeoJSON in and out: parsing FeatureCollections into validated features,
// and writing features and geometries back out.
#include "geo/geojson.h"

#include <algorithm>
#include <boost/json.hpp>
#include <string>
#include <unordered_map>
#include <utility>

#include "geo/geojson_internal.h"
#include "geo/polygon_validation.h"

namespace wangge::geo {
namespace {

namespace json = boost::json;
using internal::FormatCoord;
using internal::RingName;
using internal::SignedArea2;

constexpr std::string_view kKey = "geojson.invalid";

// Where a feature is in the input, for messages and Error::field.
struct Place {
  std::string label;  // "feature 3 (code 3201...)"
  std::string field;  // "features[3]"
};

std::unexpected<Error> Bad(const Place& place, const std::string& defect) {
  return Invalid(std::string(kKey), place.label + ": " + defect, place.field);
}

Result<LonLat> ParsePosition(const json::value& v, const std::string& where) {
  const json::array* a = v.if_array();
  if (a == nullptr || a->size() < 2 || !(*a)[0].is_number() ||
      !(*a)[1].is_number()) {
    return Invalid(std::string(kKey), where + " is not a [lon, lat] position");
  }
  return LonLat{(*a)[0].to_number<double>(), (*a)[1].to_number<double>()};
}

Result<Ring> ParseRing(const json::value& v, const std::string& where) {
  const json::array* a = v.if_array();
  if (a == nullptr) {
    return Invalid(std::string(kKey), where + " is not an array of positions");
  }
  Ring ring;
  ring.reserve(a->size());
  for (size_t i = 0; i < a->size(); ++i) {
    WG_ASSIGN(LonLat p,
              ParsePosition((*a)[i], where + " point " + std::to_string(i)));
    ring.push_back(p);
  }
  return ring;
}

// `prefix` is "" for a Polygon geometry, "polygon k " for a part of a
// MultiPolygon.
Result<Polygon> ParsePolygon(const json::value& v, const std::string& prefix) {
  const json::array* a = v.if_array();
  if (a == nullptr || a->empty()) {
    return Invalid(
        std::string(kKey),
        (prefix.empty() ? "polygon" : prefix.substr(0, prefix.size() - 1)) +
            " has no rings");
  }
  Polygon polygon;
  for (size_t k = 0; k < a->size(); ++k) {
    WG_ASSIGN(Ring ring, ParseRing((*a)[k], prefix + RingName(k)));
    if (k == 0) {
      polygon.outer = std::move(ring);
    } else {
      polygon.holes.push_back(std::move(ring));
    }
  }
  return polygon;
}

Result<MultiPolygon> ParseShape(const json::value* geometry) {
  const json::object* g = geometry ? geometry->if_object() : nullptr;
  if (g == nullptr) {
    return Invalid(std::string(kKey), "has no geometry");
  }
  const json::value* type = g->if_contains("type");
  const json::value* coords = g->if_contains("coordinates");
  std::string type_name =
      type && type->is_string() ? std::string(type->get_string()) : "";
  if (type_name != "Polygon" && type_name != "MultiPolygon") {
    return Invalid(std::string(kKey),
                   "geometry type \"" + type_name +
                       "\" is not supported (only Polygon and MultiPolygon)");
  }
  if (coords == nullptr) {
    return Invalid(std::string(kKey), "geometry has no coordinates");
  }
  MultiPolygon shape;
  if (type_name == "Polygon") {
    WG_ASSIGN(Polygon polygon, ParsePolygon(*coords, ""));
    shape.push_back(std::move(polygon));
    return shape;
  }
  const json::array* parts = coords->if_array();
  if (parts == nullptr || parts->empty()) {
    return Invalid(std::string(kKey), "MultiPolygon has no polygons");
  }
  for (size_t i = 0; i < parts->size(); ++i) {
    WG_ASSIGN(Polygon polygon,
              ParsePolygon((*parts)[i], "polygon " + std::to_string(i) + " "));
    shape.push_back(std::move(polygon));
  }
  return shape;
}

// Reads an optional string property; null counts as absent.
Result<std::string> OptionalString(const json::object& props,
                                   std::string_view key) {
  const json::value* v = props.if_contains(key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) {
    return Invalid(std::string(kKey),
                   "property \"" + std::string(key) + "\" must be a string");
  }
  return std::string(v->get_string());
}

Result<Feature> ParseFeature(const json::value& v, size_t index,
                             std::string field) {
  Place place{"feature " + std::to_string(index), std::move(field)};
  const json::object* f = v.if_object();
  const json::value* type = f ? f->if_contains("type") : nullptr;
  if (type == nullptr || !type->is_string() ||
      type->get_string() != "Feature") {
    return Bad(place, "is not a GeoJSON Feature object");
  }
  Feature feature;
  if (const json::value* props = f->if_contains("properties")) {
    if (props->is_object()) {
      feature.properties = props->get_object();
    } else if (!props->is_null()) {
      return Bad(place, "properties is not an object");
    }
  }
  // Name the feature by its code as soon as it is known, else by its name.
  auto with = [&](std::string_view what, const std::string& value) {
    place.label = "feature " + std::to_string(index) + " (" +
                  std::string(what) + " " + value + ")";
  };
  auto name = OptionalString(feature.properties, "name");
  if (name && !name->empty()) with("name", *name);
  const json::value* code = feature.properties.if_contains("code");
  if (code != nullptr && code->is_string()) {
    feature.code = std::string(code->get_string());
  } else if (code != nullptr && code->is_int64()) {
    feature.code = std::to_string(code->get_int64());
  } else if (code != nullptr && code->is_uint64()) {
    feature.code = std::to_string(code->get_uint64());
  } else if (code == nullptr || code->is_null()) {
    return Bad(place, "property \"code\" is missing");
  } else {
    return Bad(place, "property \"code\" must be a string");
  }
  if (feature.code.empty()) return Bad(place, "property \"code\" is empty");
  with("code", feature.code);
  if (!name) return Bad(place, name.error().message);
  feature.name = std::move(*name);
  auto level = OptionalString(feature.properties, "level");
  if (!level) return Bad(place, level.error().message);
  feature.level = std::move(*level);

  auto shape = ParseShape(f->if_contains("geometry"));
  if (!shape) return Bad(place, shape.error().message);
  if (auto valid = ValidateMultiPolygon(*shape, place.label); !valid) {
    return Invalid(std::string(kKey), valid.error().message, place.field);
  }
  for (Polygon& polygon : *shape) NormaliseOrientation(polygon);
  feature.shape = std::move(*shape);
  return feature;
}

void AppendRing(std::string& out, Ring ring, bool clockwise) {
  if (!ring.empty() && !(ring.front() == ring.back())) {
    ring.push_back(ring.front());
  }
  if ((SignedArea2(ring) < 0) != clockwise) {
    std::reverse(ring.begin(), ring.end());
  }
  out += '[';
  for (size_t i = 0; i < ring.size(); ++i) {
    if (i > 0) out += ',';
    out +=
        '[' + FormatCoord(ring[i].lon) + ',' + FormatCoord(ring[i].lat) + ']';
  }
  out += ']';
}

void AppendPolygon(std::string& out, const Polygon& polygon) {
  out += '[';
  AppendRing(out, polygon.outer, false);
  for (const Ring& hole : polygon.holes) {
    out += ',';
    AppendRing(out, hole, true);
  }
  out += ']';
}

}  // namespace

Result<std::vector<Feature>> ParseFeatureCollection(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  json::parser parser;
  boost::system::error_code ec;
  size_t used = parser.write(text.data(), text.size(), ec);
  if (ec) {
    return Invalid(std::string(kKey), "not valid JSON (" + ec.message() +
                                          " at byte " + std::to_string(used) +
                                          ")");
  }
  json::value root = parser.release();
  const json::object* top = root.if_object();
  const json::value* type = top ? top->if_contains("type") : nullptr;
  std::string type_name =
      type && type->is_string() ? std::string(type->get_string()) : "";
  std::vector<Feature> features;
  if (type_name == "Feature") {
    WG_ASSIGN(Feature feature, ParseFeature(root, 0, "feature"));
    features.push_back(std::move(feature));
    return features;
  }
  if (type_name != "FeatureCollection") {
    return Invalid(std::string(kKey),
                   "expected a GeoJSON FeatureCollection or Feature, got " +
                       (type_name.empty() ? std::string("no type")
                                          : "type \"" + type_name + "\""));
  }
  const json::value* list = top->if_contains("features");
  if (list == nullptr || !list->is_array()) {
    return Invalid(std::string(kKey),
                   "FeatureCollection has no \"features\" array", "features");
  }
  std::unordered_map<std::string, size_t> seen;
  const json::array& items = list->get_array();
  features.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    std::string field = "features[" + std::to_string(i) + "]";
    WG_ASSIGN(Feature feature, ParseFeature(items[i], i, field));
    auto [it, fresh] = seen.emplace(feature.code, i);
    if (!fresh) {
      return Invalid(std::string(kKey),
                     "feature " + std::to_string(i) + " (code " + feature.code +
                         "): duplicate code, also feature " +
                         std::to_string(it->second),
                     field);
    }
    features.push_back(std::move(feature));
  }
  return features;
}

std::string WriteGeoJsonGeometry(const MultiPolygon& shape) {
  std::string out = R"({"type":)";
  if (shape.size() == 1) {
    out += R"("Polygon","coordinates":)";
    AppendPolygon(out, shape.front());
  } else {
    out += R"("MultiPolygon","coordinates":[)";
    for (size_t k = 0; k < shape.size(); ++k) {
      if (k > 0) out += ',';
      AppendPolygon(out, shape[k]);
    }
    out += ']';
  }
  out += '}';
  return out;
}

std::string WriteFeatureCollection(const std::vector<Feature>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) {
    const Feature& f = features[i];
    json::object props;
    props["code"] = f.code;
    if (!f.name.empty() || f.properties.contains("name")) {
      props["name"] = f.name;
    }
    if (!f.level.empty() || f.properties.contains("level")) {
      props["level"] = f.level;
    }
    for (const auto& [key, value] : f.properties) {
      if (key != "code" && key != "name" && key != "level") props[key] = value;
    }
    if (i > 0) out += ',';
    out +=
        "\n"
        R"({"type":"Feature","properties":)";
    out += json::serialize(props);
    out += R"(,"geometry":)";
    out += WriteGeoJsonGeometry(f.shape);
    out += '}';
  }
  out += "\n]}\n";
  return out;
}

}  // namespace wangge::geo
