// Polygon validation: cheap ring checks first, then Boost.Geometry's
// validity test, with the defect located (crossing, spike, stray hole) for
// the message.
#include "geo/polygon_validation.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

// Boost 1.81's envelope of a polygon with holes trips a false
// -Wmaybe-uninitialized in GCC 12.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/geometry.hpp>
#pragma GCC diagnostic pop

#include "geo/geojson_internal.h"

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
using internal::FormatCoord;
using internal::RingName;
using internal::SignedArea2;

using BPoint = bg::model::d2::point_xy<double>;
using BRing = bg::model::ring<BPoint, false, true>;
using BPolygon = bg::model::polygon<BPoint, false, true>;
using BMulti = bg::model::multi_polygon<BPolygon>;

std::string FormatPoint(LonLat p) {
  return "(" + FormatCoord(p.lon) + ", " + FormatCoord(p.lat) + ")";
}

Ring WithoutRepeats(const Ring& ring) {
  Ring out;
  for (const LonLat& p : ring) {
    if (out.empty() || !(out.back() == p)) out.push_back(p);
  }
  return out;
}

double Orient(LonLat p, LonLat q, LonLat r) {
  return (q.lon - p.lon) * (r.lat - p.lat) - (q.lat - p.lat) * (r.lon - p.lon);
}

// Checks that do not need topology, in the order a person would fix them.
std::optional<std::string> RingDefect(const Ring& ring, size_t k) {
  if (ring.size() < 4) {
    return RingName(k) + " has too few points (" + std::to_string(ring.size()) +
           "; a ring needs at least 4, the last equal to the first)";
  }
  for (size_t i = 0; i < ring.size(); ++i) {
    const LonLat& p = ring[i];
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || p.lon < -180 ||
        p.lon > 180 || p.lat < -90 || p.lat > 90) {
      return RingName(k) + " point " + std::to_string(i) +
             " has coordinates out of range (lon " + FormatCoord(p.lon) +
             ", lat " + FormatCoord(p.lat) +
             "; lon must be in [-180, 180], lat in [-90, 90])";
    }
  }
  if (!(ring.front() == ring.back())) {
    return RingName(k) + " is not closed (first point " +
           FormatPoint(ring.front()) + ", last " + FormatPoint(ring.back()) +
           ")";
  }
  Ring distinct = WithoutRepeats(ring);
  if (distinct.size() < 4) {
    return RingName(k) + " has too few points (" +
           std::to_string(distinct.size() - 1) +
           " distinct; a ring needs at least 3)";
  }
  if (std::all_of(distinct.begin() + 2, distinct.end(), [&](LonLat p) {
        return Orient(distinct[0], distinct[1], p) == 0;
      })) {
    return RingName(k) + " is degenerate (all points on one line)";
  }
  return std::nullopt;
}

bool OnSegment(LonLat a, LonLat b, LonLat p) {
  return std::min(a.lon, b.lon) <= p.lon && p.lon <= std::max(a.lon, b.lon) &&
         std::min(a.lat, b.lat) <= p.lat && p.lat <= std::max(a.lat, b.lat);
}

struct Contact {
  LonLat at;
  bool proper_or_overlap;  // crossing, or collinear along a stretch
};

std::optional<Contact> SegmentContact(LonLat a, LonLat b, LonLat c, LonLat d) {
  double d1 = Orient(c, d, a), d2 = Orient(c, d, b);
  double d3 = Orient(a, b, c), d4 = Orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) &&
      ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    double t = d1 / (d1 - d2);
    return Contact{{a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)},
                   true};
  }
  std::optional<LonLat> at;
  if (d1 == 0 && OnSegment(c, d, a)) at = a;
  if (d2 == 0 && OnSegment(c, d, b)) at = b;
  if (d3 == 0 && OnSegment(a, b, c)) at = c;
  if (d4 == 0 && OnSegment(a, b, d)) at = d;
  if (!at) return std::nullopt;
  bool overlap = false;
  if (d1 == 0 && d2 == 0) {
    // Collinear: they share a stretch only if their spans along the main
    // axis overlap by more than a point.
    bool by_lon = std::abs(b.lon - a.lon) >= std::abs(b.lat - a.lat);
    auto lo = [&](LonLat p, LonLat q) {
      return by_lon ? std::min(p.lon, q.lon) : std::min(p.lat, q.lat);
    };
    auto hi = [&](LonLat p, LonLat q) {
      return by_lon ? std::max(p.lon, q.lon) : std::max(p.lat, q.lat);
    };
    overlap = std::min(hi(a, b), hi(c, d)) > std::max(lo(a, b), lo(c, d));
  }
  return Contact{*at, overlap};
}

// Where two edges meet that should not: within one ring, any contact of
// non-adjacent edges; between rings, only a crossing or a shared stretch,
// because OGC lets a hole touch the shell at a point.
struct Crossing {
  size_t ring_a, ring_b;  // ring_a <= ring_b; equal for a self-intersection
  LonLat at;
};

// Sweeps edges sorted by west end, so typical boundaries cost n log n.
std::optional<Crossing> FindCrossing(const std::vector<Ring>& rings) {
  struct Seg {
    LonLat a, b;
    size_t ring, index, count;
    double west, east;
  };
  std::vector<Seg> segs;
  for (size_t r = 0; r < rings.size(); ++r) {
    size_t count = rings[r].size() - 1;
    for (size_t i = 0; i < count; ++i) {
      LonLat a = rings[r][i], b = rings[r][i + 1];
      segs.push_back(
          {a, b, r, i, count, std::min(a.lon, b.lon), std::max(a.lon, b.lon)});
    }
  }
  std::sort(segs.begin(), segs.end(),
            [](const Seg& x, const Seg& y) { return x.west < y.west; });
  for (size_t i = 0; i < segs.size(); ++i) {
    const Seg& s = segs[i];
    for (size_t j = i + 1; j < segs.size() && segs[j].west <= s.east; ++j) {
      const Seg& t = segs[j];
      if (std::max(s.a.lat, s.b.lat) < std::min(t.a.lat, t.b.lat) ||
          std::max(t.a.lat, t.b.lat) < std::min(s.a.lat, s.b.lat)) {
        continue;
      }
      bool same = s.ring == t.ring;
      if (same) {
        size_t lo = std::min(s.index, t.index), hi = std::max(s.index, t.index);
        if (hi - lo == 1 || (lo == 0 && hi == s.count - 1)) continue;
      }
      auto contact = SegmentContact(s.a, s.b, t.a, t.b);
      if (!contact || (!same && !contact->proper_or_overlap)) continue;
      return Crossing{std::min(s.ring, t.ring), std::max(s.ring, t.ring),
                      contact->at};
    }
  }
  return std::nullopt;
}

std::optional<std::string> LocateIntersection(const std::vector<Ring>& rings) {
  auto c = FindCrossing(rings);
  if (!c) return std::nullopt;
  if (c->ring_a == c->ring_b) {
    return RingName(c->ring_a) + " is self-intersecting near " +
           FormatPoint(c->at);
  }
  return RingName(c->ring_a) + " and " + RingName(c->ring_b) +
         " intersect near " + FormatPoint(c->at) +
         " (self-intersecting polygon)";
}

std::optional<std::string> LocateSpike(const std::vector<Ring>& rings) {
  for (size_t r = 0; r < rings.size(); ++r) {
    const Ring& ring = rings[r];
    size_t n = ring.size() - 1;  // distinct positions of a closed ring
    for (size_t i = 0; i < n; ++i) {
      LonLat prev = ring[(i + n - 1) % n], at = ring[i], next = ring[i + 1];
      double dot = (prev.lon - at.lon) * (next.lon - at.lon) +
                   (prev.lat - at.lat) * (next.lat - at.lat);
      if (Orient(prev, at, next) == 0 && dot > 0) {
        return RingName(r) + " has a spike (an edge doubling back) at " +
               FormatPoint(at);
      }
    }
  }
  return std::nullopt;
}

BRing ToBoostRing(const Ring& ring) {
  BRing out;
  for (const LonLat& p : ring) out.emplace_back(p.lon, p.lat);
  return out;
}

BPolygon ToBoost(const Polygon& polygon) {
  BPolygon out;
  out.outer() = ToBoostRing(polygon.outer);
  for (const Ring& hole : polygon.holes) {
    out.inners().push_back(ToBoostRing(hole));
  }
  return out;
}

BPolygon AsPolygon(const Ring& ring) {
  Polygon p{ring, {}};
  NormaliseOrientation(p);
  return ToBoost(p);
}

// Names the topological defect Boost.Geometry found, with the ring involved
// where that can be told.
std::string DescribeFailure(bg::validity_failure_type failure,
                            const Polygon& polygon,
                            const std::vector<Ring>& rings) {
  if (auto spike = LocateSpike(rings)) return *spike;
  if (auto cross = LocateIntersection(rings)) return *cross;
  switch (failure) {
    case bg::failure_interior_rings_outside:
      for (size_t k = 0; k < polygon.holes.size(); ++k) {
        if (!bg::covered_by(AsPolygon(polygon.holes[k]),
                            AsPolygon(polygon.outer))) {
          return RingName(k + 1) + " is a hole outside its shell";
        }
      }
      return "a hole lies outside its shell";
    case bg::failure_nested_interior_rings:
      return "holes are nested inside one another";
    case bg::failure_disconnected_interior:
      return "holes cut the interior into separate pieces";
    case bg::failure_spikes:
      return "a ring has a spike (an edge doubling back)";
    case bg::failure_few_points:
    case bg::failure_wrong_topological_dimension:
      return "a ring is degenerate (zero area)";
    case bg::failure_self_intersections:
      return "rings are self-intersecting";
    default:
      return "invalid polygon (Boost.Geometry failure " +
             std::to_string(static_cast<int>(failure)) + ")";
  }
}

}  // namespace

void NormaliseOrientation(Polygon& polygon) {
  if (SignedArea2(polygon.outer) < 0) {
    std::reverse(polygon.outer.begin(), polygon.outer.end());
  }
  for (Ring& hole : polygon.holes) {
    if (SignedArea2(hole) > 0) std::reverse(hole.begin(), hole.end());
  }
}

Status ValidatePolygon(const Polygon& polygon, const std::string& where) {
  auto fail = [&](const std::string& defect) {
    return Invalid("geo.invalid_polygon", where + ": " + defect);
  };
  std::vector<Ring> rings;
  rings.push_back(polygon.outer);
  rings.insert(rings.end(), polygon.holes.begin(), polygon.holes.end());
  for (size_t k = 0; k < rings.size(); ++k) {
    if (auto defect = RingDefect(rings[k], k)) return fail(*defect);
  }
  Polygon normal = polygon;
  NormaliseOrientation(normal);
  bg::validity_failure_type failure = bg::no_failure;
  if (!bg::is_valid(ToBoost(normal), failure)) {
    std::vector<Ring> distinct;
    for (const Ring& ring : rings) distinct.push_back(WithoutRepeats(ring));
    return fail(DescribeFailure(failure, polygon, distinct));
  }
  for (size_t k = 0; k < rings.size(); ++k) {
    if (SignedArea2(rings[k]) == 0) {
      return fail(RingName(k) + " is degenerate (zero area)");
    }
  }
  return {};
}

Status ValidateMultiPolygon(const MultiPolygon& shape,
                            const std::string& where) {
  if (shape.empty()) {
    return Invalid("geo.invalid_polygon", where + ": has no polygons");
  }
  for (size_t i = 0; i < shape.size(); ++i) {
    WG_TRY(ValidatePolygon(
        shape[i],
        shape.size() == 1 ? where : where + ", polygon " + std::to_string(i)));
  }
  if (shape.size() == 1) return {};
  BMulti multi;
  for (Polygon polygon : shape) {
    NormaliseOrientation(polygon);
    multi.push_back(ToBoost(polygon));
  }
  bg::validity_failure_type failure = bg::no_failure;
  if (bg::is_valid(multi, failure)) return {};
  for (size_t i = 0; i < multi.size(); ++i) {
    for (size_t j = i + 1; j < multi.size(); ++j) {
      if (!bg::intersects(multi[i], multi[j])) continue;
      std::string pair = where + ": polygons " + std::to_string(i) + " and " +
                         std::to_string(j);
      if (!bg::touches(multi[i], multi[j])) {
        return Invalid("geo.invalid_polygon", pair + " overlap");
      }
      // Touching is allowed at points only; find a shared stretch.
      std::vector<Ring> rings{shape[i].outer};
      rings.insert(rings.end(), shape[i].holes.begin(), shape[i].holes.end());
      size_t first_of_j = rings.size();
      rings.push_back(shape[j].outer);
      rings.insert(rings.end(), shape[j].holes.begin(), shape[j].holes.end());
      for (Ring& ring : rings) ring = WithoutRepeats(ring);
      auto c = FindCrossing(rings);
      if (c && c->ring_a < first_of_j && c->ring_b >= first_of_j) {
        return Invalid("geo.invalid_polygon",
                       pair + " share an edge near " + FormatPoint(c->at) +
                           " (merge them into one polygon)");
      }
    }
  }
  return Invalid("geo.invalid_polygon",
                 where +
                     ": polygons overlap or share an edge (merge them "
                     "into one polygon)");
}

}  // namespace wangge::geo
