// Internal to GeoJSON reading and writing and polygon validation: the
// coordinate format, ring orientation and ring names both use.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <system_error>

#include "geo/geometry.h"

namespace wangge::geo::internal {

// At most 7 decimals (about 1 cm on the ground), trailing zeros dropped.
inline std::string FormatCoord(double v) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 7);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

// Twice the signed area in the lon/lat plane; positive when counter-clockwise.
inline double SignedArea2(const Ring& ring) {
  double sum = 0;
  for (size_t i = 1; i < ring.size(); ++i) {
    const LonLat& a = ring[i - 1];
    const LonLat& b = ring[i];
    // Relative to the first vertex, to keep the products small.
    sum += (a.lon - ring[0].lon) * (b.lat - ring[0].lat) -
           (b.lon - ring[0].lon) * (a.lat - ring[0].lat);
  }
  return sum;
}

inline std::string RingName(size_t k) { return "ring " + std::to_string(k); }

}  // namespace wangge::geo::internal
