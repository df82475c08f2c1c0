#include "geo/measure.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <cmath>
#include <numbers>
#include <optional>
#include <utility>
#include <vector>

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
using BPoint = bg::model::d2::point_xy<double>;
// Counter-clockwise shells and closed rings: the RFC 7946 convention of Ring.
using BPolygon = bg::model::polygon<BPoint, false, true>;
using BMulti = bg::model::multi_polygon<BPolygon>;

// WGS84.
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257223563;
constexpr double kE2 = kF * (2.0 - kF);
const double kE = std::sqrt(kE2);
constexpr double kRad = std::numbers::pi / 180.0;

// The authalic function q(phi) of the ellipsoid; y = a*q/2 is the northing of
// the cylindrical equal-area projection (Snyder, Map Projections, eq. 3-12).
double AuthalicQ(double lat_deg) {
  double s = std::sin(lat_deg * kRad);
  double es = kE * s;
  return (1.0 - kE2) *
         (s / (1.0 - es * es) - std::log((1.0 - es) / (1.0 + es)) / (2.0 * kE));
}

// Unsigned area of one ring in square metres. Coordinates are taken relative
// to the first vertex so that the shoelace sums small numbers.
double RingAreaM2(const Ring& ring) {
  if (ring.size() < 3) return 0;
  double lon0 = ring.front().lon;
  double q0 = AuthalicQ(ring.front().lat);
  double sum = 0;
  double px = 0, py = 0;
  size_t n = ring.size();
  for (size_t i = 1; i <= n; ++i) {
    const LonLat& p = ring[i % n];
    double x = kA * (p.lon - lon0) * kRad;
    double y = kA * 0.5 * (AuthalicQ(p.lat) - q0);
    sum += px * y - x * py;
    px = x;
    py = y;
  }
  return std::abs(sum) * 0.5;
}

double RingLengthM(const Ring& ring) {
  double total = 0;
  for (size_t i = 1; i < ring.size(); ++i) {
    const LonLat& p = ring[i - 1];
    const LonLat& q = ring[i];
    double mid = (p.lat + q.lat) * 0.5 * kRad;
    double s = std::sin(mid);
    double w = 1.0 - kE2 * s * s;
    double n = kA / std::sqrt(w);                      // prime vertical radius
    double m = kA * (1.0 - kE2) / (w * std::sqrt(w));  // meridian radius
    double dx = n * std::cos(mid) * (q.lon - p.lon) * kRad;
    double dy = m * (q.lat - p.lat) * kRad;
    total += std::hypot(dx, dy);
  }
  // An unclosed ring still has a closing edge.
  if (ring.size() >= 2 && !(ring.front() == ring.back())) {
    total += RingLengthM({ring.back(), ring.front()});
  }
  return total;
}

BMulti ToBoost(const MultiPolygon& shape) {
  BMulti out;
  out.reserve(shape.size());
  for (const Polygon& polygon : shape) {
    BPolygon& b = out.emplace_back();
    for (const LonLat& p : polygon.outer) b.outer().emplace_back(p.lon, p.lat);
    for (const Ring& hole : polygon.holes) {
      auto& ring = b.inners().emplace_back();
      for (const LonLat& p : hole) ring.emplace_back(p.lon, p.lat);
    }
  }
  bg::correct(out);
  return out;
}

Ring FromBoostRing(const bg::model::ring<BPoint, false, true>& ring) {
  Ring out;
  out.reserve(ring.size());
  for (const BPoint& p : ring) {
    LonLat q{p.x(), p.y()};
    if (out.empty() || !(out.back() == q)) out.push_back(q);
  }
  return out;
}

MultiPolygon FromBoost(const BMulti& shape) {
  MultiPolygon out;
  for (const BPolygon& b : shape) {
    Polygon polygon;
    polygon.outer = FromBoostRing(b.outer());
    if (polygon.outer.size() < 4) continue;
    for (const auto& inner : b.inners()) {
      Ring hole = FromBoostRing(inner);
      if (hole.size() >= 4) polygon.holes.push_back(std::move(hole));
    }
    out.push_back(std::move(polygon));
  }
  return out;
}

// Middle of the widest inside interval of a horizontal line through the
// polygon. The line's latitude lies strictly between two vertex latitudes
// (as in GEOS InteriorPointArea), so every crossing is a proper one and the
// crossings pair up as (enter, leave).
std::optional<LonLat> ScanLinePoint(const Polygon& polygon) {
  double min_y = polygon.outer.front().lat, max_y = min_y;
  for (const LonLat& p : polygon.outer) {
    min_y = std::min(min_y, p.lat);
    max_y = std::max(max_y, p.lat);
  }
  double centre = (min_y + max_y) * 0.5;
  double lo = min_y, hi = max_y;
  auto consider = [&](const Ring& ring) {
    for (const LonLat& p : ring) {
      if (p.lat <= centre) {
        lo = std::max(lo, p.lat);
      } else {
        hi = std::min(hi, p.lat);
      }
    }
  };
  consider(polygon.outer);
  for (const Ring& hole : polygon.holes) consider(hole);
  if (!(hi > lo)) return std::nullopt;
  double y = (lo + hi) * 0.5;

  std::vector<double> xs;
  auto cross = [&](const Ring& ring) {
    for (size_t i = 1; i < ring.size(); ++i) {
      const LonLat& a = ring[i - 1];
      const LonLat& b = ring[i];
      if ((a.lat < y) == (b.lat < y)) continue;
      xs.push_back(a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat));
    }
  };
  cross(polygon.outer);
  for (const Ring& hole : polygon.holes) cross(hole);
  std::sort(xs.begin(), xs.end());
  double best_width = -1;
  LonLat best;
  for (size_t i = 0; i + 1 < xs.size(); i += 2) {
    double width = xs[i + 1] - xs[i];
    if (width > best_width) {
      best_width = width;
      best = {(xs[i] + xs[i + 1]) * 0.5, y};
    }
  }
  if (best_width <= 0) return std::nullopt;
  return best;
}

}  // namespace

double AreaM2(const Polygon& polygon) {
  double area = RingAreaM2(polygon.outer);
  for (const Ring& hole : polygon.holes) area -= RingAreaM2(hole);
  return std::max(area, 0.0);
}

double AreaM2(const MultiPolygon& shape) {
  double area = 0;
  for (const Polygon& polygon : shape) area += AreaM2(polygon);
  return area;
}

double PerimeterM(const MultiPolygon& shape) {
  double length = 0;
  for (const Polygon& polygon : shape) {
    length += RingLengthM(polygon.outer);
    for (const Ring& hole : polygon.holes) length += RingLengthM(hole);
  }
  return length;
}

double PolsbyPopper(const MultiPolygon& shape) {
  double perimeter = PerimeterM(shape);
  if (perimeter <= 0) return 0;
  return 4.0 * std::numbers::pi * AreaM2(shape) / (perimeter * perimeter);
}

LonLat RepresentativePoint(const MultiPolygon& shape) {
  const Polygon* largest = nullptr;
  double largest_area = -1;
  for (const Polygon& polygon : shape) {
    if (polygon.outer.empty()) continue;
    double area = AreaM2(polygon);
    if (area > largest_area) {
      largest_area = area;
      largest = &polygon;
    }
  }
  if (largest == nullptr) return {};
  if (auto point = ScanLinePoint(*largest)) return *point;
  return largest->outer.front();
}

bool Contains(const MultiPolygon& shape, LonLat point) {
  return bg::covered_by(BPoint(point.lon, point.lat), ToBoost(shape));
}

MultiPolygon UnionAll(const std::vector<MultiPolygon>& shapes) {
  std::vector<BMulti> level;
  level.reserve(shapes.size());
  for (const MultiPolygon& shape : shapes) {
    if (!shape.empty()) level.push_back(ToBoost(shape));
  }
  if (level.empty()) return {};
  if (level.size() == 1) {
    // Still passed through union_, so that overlapping parts of one shape
    // come out merged like everything else.
    BMulti merged;
    bg::union_(level.front(), BMulti{}, merged);
    return FromBoost(merged);
  }
  // Neighbours in the input are usually neighbours on the map, so merging
  // adjacent pairs keeps each intermediate result compact.
  while (level.size() > 1) {
    std::vector<BMulti> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      BMulti merged;
      bg::union_(level[i], level[i + 1], merged);
      next.push_back(std::move(merged));
    }
    if (level.size() % 2 == 1) next.push_back(std::move(level.back()));
    level = std::move(next);
  }
  return FromBoost(level.front());
}

}  // namespace wangge::geo
