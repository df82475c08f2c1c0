// Plain WGS84 geometry types shared by every spatial module. Coordinates
// are longitude/latitude in degrees; rings are closed (first == last).
#pragma once

#include <vector>

namespace wangge::geo {

struct LonLat {
  double lon = 0;
  double lat = 0;
  bool operator==(const LonLat&) const = default;
};

// A closed ring: at least 4 points, the last equal to the first.
using Ring = std::vector<LonLat>;

struct Polygon {
  Ring outer;               // counter-clockwise (RFC 7946)
  std::vector<Ring> holes;  // clockwise
  bool operator==(const Polygon&) const = default;
};

using MultiPolygon = std::vector<Polygon>;

}  // namespace wangge::geo

namespace wangge::geo {

// True when the ring has at least 4 points and ends where it starts.
bool IsClosed(const Ring& ring);

}  // namespace wangge::geo
