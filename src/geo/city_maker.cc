#include "geo/city_maker.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace wangge::geo {
namespace {

// SplitMix64: tiny, fast, and (unlike the std:: distributions, whose output
// is implementation-defined) the same stream on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  // Uniform in [lo, hi] (modulo bias is negligible for small ranges).
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

// Lattice vertices stay within 0.2 of a cell of their place: every lattice
// quad stays convex with corner angles above ~22 degrees.
constexpr double kCornerJitter = 0.2;
// Intermediate vertices stay within a lens of half-angle atan(0.15) ~ 8.5
// degrees around their side; two lenses meeting at a corner (17 degrees
// together) therefore never overlap, so no two sides cross.
constexpr double kSideBulge = 0.15;

struct Point {
  double u, v;  // Lattice units: cell (i, j) is around [i, i+1] x [j, j+1].
};

}  // namespace

std::vector<PointLocator::Entry> MakeJitteredCity(
    int grids, double width_km, double height_km, int min_vertices,
    int max_vertices, uint64_t seed, LonLat origin) {
  if (grids < 1 || !(width_km > 0) || !(height_km > 0)) {
    throw std::invalid_argument("MakeJitteredCity: empty city");
  }
  // Per side k intermediate vertices; a grid has 4 corners and 4 sides.
  const int k_min = std::max(0, (std::max(min_vertices, 4) - 4 + 3) / 4);
  const int k_max = (max_vertices - 4) / 4;
  if (max_vertices < 4 || k_min > k_max) {
    throw std::invalid_argument("MakeJitteredCity: no vertex count fits");
  }
  // The divisor pair whose cells are closest to square.
  int cols = 1, rows = grids;
  double best = std::numeric_limits<double>::infinity();
  for (int c = 1; c <= grids; ++c) {
    if (grids % c != 0) continue;
    const int r = grids / c;
    const double skew = std::fabs(std::log((width_km / c) / (height_km / r)));
    if (skew < best - 1e-12) {
      best = skew;
      cols = c;
      rows = r;
    }
  }

  Rng rng(seed);
  const int vcols = cols + 1;
  auto vid = [&](int i, int j) { return static_cast<size_t>(j) * vcols + i; };
  std::vector<Point> corner(static_cast<size_t>(vcols) * (rows + 1));
  for (int j = 0; j <= rows; ++j) {
    for (int i = 0; i <= cols; ++i) {
      // Two draws per vertex whatever it uses, so the stream is regular.
      const double du = rng.Uniform(-kCornerJitter, kCornerJitter);
      const double dv = rng.Uniform(-kCornerJitter, kCornerJitter);
      const bool edge_u = i == 0 || i == cols, edge_v = j == 0 || j == rows;
      // Outer vertices slide only along the outer boundary; corners stay.
      corner[vid(i, j)] = {i + (edge_u ? 0 : du), j + (edge_v ? 0 : dv)};
    }
  }

  // The intermediate vertices of the side from p to q, in that order.
  auto make_side = [&](Point p, Point q) {
    const int k = rng.Int(k_min, k_max);
    const double du = q.u - p.u, dv = q.v - p.v;
    std::vector<Point> side;
    side.reserve(k);
    for (int m = 1; m <= k; ++m) {
      const double t = (m + rng.Uniform(-0.4, 0.4)) / (k + 1);
      // Perpendicular offset, as a fraction of the side's length (the
      // normal (-dv, du) has that length).
      const double s = rng.Uniform(-1, 1) * kSideBulge * std::min(t, 1 - t);
      side.push_back({p.u + t * du - s * dv, p.v + t * dv + s * du});
    }
    return side;
  };
  // Sides along u: (i, j) -> (i + 1, j); sides along v: (i, j) -> (i, j + 1).
  std::vector<std::vector<Point>> side_u(static_cast<size_t>(cols) *
                                         (rows + 1));
  std::vector<std::vector<Point>> side_v(static_cast<size_t>(vcols) * rows);
  for (int j = 0; j <= rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      side_u[static_cast<size_t>(j) * cols + i] =
          make_side(corner[vid(i, j)], corner[vid(i + 1, j)]);
    }
  }
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i <= cols; ++i) {
      side_v[static_cast<size_t>(j) * vcols + i] =
          make_side(corner[vid(i, j)], corner[vid(i, j + 1)]);
    }
  }

  // Lattice units to degrees. Each lattice point is converted once, so the
  // two polygons sharing it see the same doubles.
  constexpr double kKmPerDegree = 6371.0088 * std::numbers::pi / 180;
  const double mid_lat = origin.lat + height_km / 2 / kKmPerDegree;
  const double deg_u =
      width_km / cols /
      (kKmPerDegree * std::cos(mid_lat * std::numbers::pi / 180));
  const double deg_v = height_km / rows / kKmPerDegree;
  auto to_lonlat = [&](Point p) {
    return LonLat{origin.lon + p.u * deg_u, origin.lat + p.v * deg_v};
  };
  std::vector<LonLat> corner_ll(corner.size());
  std::transform(corner.begin(), corner.end(), corner_ll.begin(), to_lonlat);
  auto convert = [&](const std::vector<std::vector<Point>>& sides) {
    std::vector<std::vector<LonLat>> out(sides.size());
    for (size_t s = 0; s < sides.size(); ++s) {
      for (Point p : sides[s]) out[s].push_back(to_lonlat(p));
    }
    return out;
  };
  const auto side_u_ll = convert(side_u);
  const auto side_v_ll = convert(side_v);

  std::vector<PointLocator::Entry> city;
  city.reserve(grids);
  for (int j = 0; j < rows; ++j) {
    for (int i = 0; i < cols; ++i) {
      // Counter-clockwise: east along the south side, north along the east
      // side, west along the north side, south along the west side.
      Ring ring;
      auto append = [&](const std::vector<LonLat>& side, bool forward) {
        if (forward) {
          ring.insert(ring.end(), side.begin(), side.end());
        } else {
          ring.insert(ring.end(), side.rbegin(), side.rend());
        }
      };
      ring.push_back(corner_ll[vid(i, j)]);
      append(side_u_ll[static_cast<size_t>(j) * cols + i], true);
      ring.push_back(corner_ll[vid(i + 1, j)]);
      append(side_v_ll[static_cast<size_t>(j) * vcols + i + 1], true);
      ring.push_back(corner_ll[vid(i + 1, j + 1)]);
      append(side_u_ll[static_cast<size_t>(j + 1) * cols + i], false);
      ring.push_back(corner_ll[vid(i, j + 1)]);
      append(side_v_ll[static_cast<size_t>(j) * vcols + i], false);
      ring.push_back(ring.front());
      city.push_back({static_cast<int64_t>(j) * cols + i + 1,
                      MultiPolygon{Polygon{std::move(ring), {}}}});
    }
  }
  return city;
}

LonLatBox BoundsOf(const std::vector<PointLocator::Entry>& entries) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  LonLatBox box{{kInf, kInf}, {-kInf, -kInf}};
  auto add = [&](const Ring& ring) {
    for (const LonLat& v : ring) {
      box.min.lon = std::min(box.min.lon, v.lon);
      box.min.lat = std::min(box.min.lat, v.lat);
      box.max.lon = std::max(box.max.lon, v.lon);
      box.max.lat = std::max(box.max.lat, v.lat);
    }
  };
  for (const auto& entry : entries) {
    for (const Polygon& polygon : entry.shape) {
      add(polygon.outer);
      for (const Ring& hole : polygon.holes) add(hole);
    }
  }
  if (box.min.lon > box.max.lon) return {};
  return box;
}

std::vector<LonLat> RandomPoints(size_t n, LonLatBox box, uint64_t seed) {
  Rng rng(seed);
  std::vector<LonLat> points(n);
  for (LonLat& p : points) {
    p.lon = rng.Uniform(box.min.lon, box.max.lon);
    p.lat = rng.Uniform(box.min.lat, box.max.lat);
    // Rounding in lo + (hi - lo) * u can reach hi; keep the box half-open.
    if (p.lon >= box.max.lon) p.lon = std::nextafter(box.max.lon, box.min.lon);
    if (p.lat >= box.max.lat) p.lat = std::nextafter(box.max.lat, box.min.lat);
  }
  return points;
}

}  // namespace wangge::geo
