#include "geo/locator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <boost/geometry.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "geo/city_maker.h"

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
using BPoint = bg::model::d2::point_xy<double>;
using BPolygon = bg::model::polygon<BPoint>;
using BMulti = bg::model::multi_polygon<BPolygon>;

BMulti ToBoost(const MultiPolygon& shape) {
  BMulti out;
  for (const Polygon& polygon : shape) {
    BPolygon b;
    for (const LonLat& v : polygon.outer) {
      b.outer().push_back({v.lon, v.lat});
    }
    for (const Ring& hole : polygon.holes) {
      b.inners().emplace_back();
      for (const LonLat& v : hole) b.inners().back().push_back({v.lon, v.lat});
    }
    out.push_back(std::move(b));
  }
  // Boost's default polygon is clockwise; ours are counter-clockwise.
  bg::correct(out);
  return out;
}

Ring Rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

MultiPolygon Square(double x0, double y0, double x1, double y1) {
  return {Polygon{Rect(x0, y0, x1, y1), {}}};
}

// The entries `p` belongs to, by brute force.
std::vector<int64_t> Owners(const std::vector<PointLocator::Entry>& entries,
                            LonLat p) {
  std::vector<int64_t> ids;
  for (const auto& e : entries) {
    if (BelongsTo(e.shape, p)) ids.push_back(e.id);
  }
  return ids;
}

// Owners() over many entries: only those whose box holds the point.
class BruteForce {
 public:
  explicit BruteForce(const std::vector<PointLocator::Entry>& entries)
      : entries_(entries) {
    for (const auto& e : entries) {
      // Plain min/max: boost's envelope trips -Wmaybe-uninitialized.
      BPoint lo(1e300, 1e300), hi(-1e300, -1e300);
      for (const Polygon& polygon : e.shape) {
        for (const LonLat& v : polygon.outer) {
          lo = BPoint(std::min(lo.x(), v.lon), std::min(lo.y(), v.lat));
          hi = BPoint(std::max(hi.x(), v.lon), std::max(hi.y(), v.lat));
        }
      }
      boxes_.emplace_back(lo, hi);
    }
  }
  std::vector<int64_t> Owners(LonLat p) const {
    std::vector<int64_t> ids;
    for (size_t k = 0; k < entries_.size(); ++k) {
      const auto& box = boxes_[k];
      if (p.lon < box.min_corner().x() || p.lon > box.max_corner().x() ||
          p.lat < box.min_corner().y() || p.lat > box.max_corner().y()) {
        continue;
      }
      if (BelongsTo(entries_[k].shape, p)) ids.push_back(entries_[k].id);
    }
    return ids;
  }
  // Entries whose box holds the point.
  std::vector<size_t> Near(LonLat p) const {
    std::vector<size_t> out;
    for (size_t k = 0; k < entries_.size(); ++k) {
      if (bg::covered_by(BPoint(p.lon, p.lat), boxes_[k])) out.push_back(k);
    }
    return out;
  }

 private:
  const std::vector<PointLocator::Entry>& entries_;
  std::vector<bg::model::box<BPoint>> boxes_;
};

// Four unit squares meeting at (1, 1):   3 4
//                                        1 2
std::vector<PointLocator::Entry> FourSquares() {
  return {{1, Square(0, 0, 1, 1)},
          {2, Square(1, 0, 2, 1)},
          {3, Square(0, 1, 1, 2)},
          {4, Square(1, 1, 2, 2)}};
}

TEST(LocatorTest, InteriorPoints) {
  const PointLocator locator(FourSquares());
  EXPECT_EQ(locator.size(), 4u);
  EXPECT_EQ(locator.Locate({0.5, 0.5}), 1);
  EXPECT_EQ(locator.Locate({1.5, 0.5}), 2);
  EXPECT_EQ(locator.Locate({0.5, 1.5}), 3);
  EXPECT_EQ(locator.Locate({1.5, 1.5}), 4);
  EXPECT_EQ(locator.Locate({0.001, 1.999}), 3);
}

TEST(LocatorTest, SharedEdgesAndVertexGoToExactlyOneByTheRule) {
  const auto entries = FourSquares();
  const PointLocator locator(entries);
  // Vertical shared edge: the polygon to the east.
  EXPECT_EQ(locator.Locate({1, 0.5}), 2);
  EXPECT_EQ(locator.Locate({1, 1.5}), 4);
  // Horizontal shared edge: the polygon to the north.
  EXPECT_EQ(locator.Locate({0.5, 1}), 3);
  EXPECT_EQ(locator.Locate({1.5, 1}), 4);
  // The vertex of all four: the one holding the direction just north of east.
  EXPECT_EQ(locator.Locate({1, 1}), 4);
  for (LonLat p : {LonLat{1, 0.5}, LonLat{1, 1.5}, LonLat{0.5, 1},
                   LonLat{1.5, 1}, LonLat{1, 1}}) {
    const auto owners = Owners(entries, p);
    ASSERT_EQ(owners.size(), 1u) << p.lon << " " << p.lat;
    EXPECT_EQ(locator.Locate(p), owners[0]);
  }
}

TEST(LocatorTest, OuterBoundaryIsHalfOpen) {
  const PointLocator locator(FourSquares());
  // West and south sides belong to the set, east and north sides do not.
  EXPECT_EQ(locator.Locate({0, 0.5}), 1);
  EXPECT_EQ(locator.Locate({0.5, 0}), 1);
  EXPECT_EQ(locator.Locate({0, 0}), 1);
  EXPECT_EQ(locator.Locate({1, 0}), 2);
  EXPECT_EQ(locator.Locate({0, 1}), 3);
  EXPECT_EQ(locator.Locate({2, 0.5}), std::nullopt);
  EXPECT_EQ(locator.Locate({0.5, 2}), std::nullopt);
  EXPECT_EQ(locator.Locate({2, 0}), std::nullopt);
  EXPECT_EQ(locator.Locate({0, 2}), std::nullopt);
  EXPECT_EQ(locator.Locate({2, 2}), std::nullopt);
  EXPECT_EQ(locator.Locate({1, 2}), std::nullopt);
  EXPECT_EQ(locator.Locate({2, 1}), std::nullopt);
  // A single square is [0, 1) x [0, 1).
  EXPECT_TRUE(BelongsTo(Square(0, 0, 1, 1), {0, 0}));
  EXPECT_FALSE(BelongsTo(Square(0, 0, 1, 1), {1, 0.5}));
  EXPECT_FALSE(BelongsTo(Square(0, 0, 1, 1), {0.5, 1}));
}

TEST(LocatorTest, RealisticCoordinatesOnSharedEdges) {
  // Squares of 0.01 degree near Dongyang: the shared edge's coordinates are
  // not exactly representable decimals, but both squares use the same
  // doubles.
  const double x0 = 120.23, x1 = 120.24, x2 = 120.25;
  const double y0 = 29.26, y1 = 29.27, y2 = 29.28;
  std::vector<PointLocator::Entry> entries = {{10, Square(x0, y0, x1, y1)},
                                              {11, Square(x1, y0, x2, y1)},
                                              {12, Square(x0, y1, x1, y2)},
                                              {13, Square(x1, y1, x2, y2)}};
  const PointLocator locator(entries);
  EXPECT_EQ(locator.Locate({x1, (y0 + y1) / 2}), 11);
  EXPECT_EQ(locator.Locate({(x0 + x1) / 2, y1}), 12);
  EXPECT_EQ(locator.Locate({x1, y1}), 13);
  EXPECT_EQ(locator.Locate({x0, y0}), 10);
  EXPECT_EQ(locator.Locate({x2, y0}), std::nullopt);
  EXPECT_EQ(locator.Locate({std::nextafter(x1, 0.0), y0}), 10);
  EXPECT_EQ(locator.Locate({x1, std::nextafter(y1, 0.0)}), 11);
}

TEST(LocatorTest, PointsOnASlantedSharedEdgeGoToExactlyOneSide) {
  // Two triangles sharing a long diagonal; points computed along it are
  // within an ulp of the line on either side (or on it), which is where a
  // plain floating-point test can count them in both or neither.
  const LonLat a{120.1234567, 29.0012345}, b{120.3456789, 29.2987654};
  const LonLat c{120.4, 28.9}, d{120.0, 29.4};
  std::vector<PointLocator::Entry> entries = {
      {1, {Polygon{{a, c, b, a}, {}}}},   // East of a-b.
      {2, {Polygon{{a, b, d, a}, {}}}}};  // West of a-b.
  const PointLocator locator(entries);
  int east = 0, west = 0;
  for (int k = 1; k < 2000; ++k) {
    const double t = k / 2000.0;
    const LonLat p{a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)};
    const auto owners = Owners(entries, p);
    ASSERT_EQ(owners.size(), 1u) << k;
    EXPECT_EQ(locator.Locate(p), owners[0]) << k;
    (owners[0] == 1 ? east : west)++;
  }
  // Rounding puts points on both sides (and exactly on the line, which
  // counts as east).
  EXPECT_GT(east, 0);
  EXPECT_GT(west, 0);
}

TEST(LocatorTest, HolesAndIslands) {
  // Entry 1 is a square with a hole; entry 2 fills half of the hole, and the
  // other half stays a gap.
  Polygon holed{Rect(0, 0, 10, 10), {}};
  Ring hole = Rect(3, 3, 7, 7);
  std::reverse(hole.begin(), hole.end());  // Holes are clockwise.
  holed.holes.push_back(hole);
  std::vector<PointLocator::Entry> entries = {{1, {holed}},
                                              {2, Square(3, 3, 5, 7)}};
  const PointLocator locator(entries);
  EXPECT_EQ(locator.Locate({1, 1}), 1);
  EXPECT_EQ(locator.Locate({4, 5}), 2);
  EXPECT_EQ(locator.Locate({6, 5}), std::nullopt);  // In the hole, no island.
  // The hole's west side belongs to what lies east of it: the island.
  EXPECT_EQ(locator.Locate({3, 5}), 2);
  // The hole's east side belongs to the holed square (east of it).
  EXPECT_EQ(locator.Locate({7, 5}), 1);
  // The island's east side, inside the hole: the empty half to its east.
  EXPECT_EQ(locator.Locate({5, 5}), std::nullopt);
  // The hole's south side: north of it is the island or the gap.
  EXPECT_EQ(locator.Locate({4, 3}), 2);
  EXPECT_EQ(locator.Locate({6, 3}), std::nullopt);
  // Its north side: north of it is the holed square again.
  EXPECT_EQ(locator.Locate({4, 7}), 1);
  EXPECT_EQ(locator.Locate({6, 7}), 1);
  for (double x = 0; x <= 10; x += 0.25) {
    for (double y = 0; y <= 10; y += 0.25) {
      const auto owners = Owners(entries, {x, y});
      ASSERT_LE(owners.size(), 1u);
      EXPECT_EQ(locator.Locate({x, y}),
                owners.empty() ? std::nullopt : std::optional(owners[0]))
          << x << " " << y;
    }
  }
}

TEST(LocatorTest, MultiPolygonsAndRingOrientation) {
  MultiPolygon two_parts = Square(0, 0, 1, 1);
  two_parts.push_back(Polygon{Rect(5, 5, 6, 6), {}});
  Ring clockwise = Rect(2, 0, 3, 1);
  std::reverse(clockwise.begin(), clockwise.end());
  Ring open = {{0, 3}, {1, 3}, {1, 4}, {0, 4}};  // Not repeating the start.
  const PointLocator locator({{7, two_parts},
                              {8, {Polygon{clockwise, {}}}},
                              {9, {Polygon{open, {}}}}});
  EXPECT_EQ(locator.Locate({0.5, 0.5}), 7);
  EXPECT_EQ(locator.Locate({5.5, 5.5}), 7);
  EXPECT_EQ(locator.Locate({2.5, 0.5}), 8);
  EXPECT_EQ(locator.Locate({0.5, 3.5}), 9);
  EXPECT_EQ(locator.Locate({3, 3}), std::nullopt);
}

TEST(LocatorTest, PointsOutside) {
  const PointLocator locator(FourSquares());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (LonLat p : {LonLat{-1, 1}, LonLat{3, 1}, LonLat{1, -1}, LonLat{1, 3},
                   LonLat{-1e300, 1e300}, LonLat{nan, 1}, LonLat{1, nan},
                   LonLat{inf, 1}, LonLat{1, -inf}}) {
    EXPECT_EQ(locator.Locate(p), std::nullopt) << p.lon << " " << p.lat;
  }
}

TEST(LocatorTest, EmptyAndDegenerateInputs) {
  const PointLocator empty({});
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.Locate({0, 0}), std::nullopt);
  // A zero-area shape and an empty one are never returned.
  const PointLocator flat(
      {{1, {Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}, {}}}}, {2, {}}});
  EXPECT_EQ(flat.size(), 2u);
  EXPECT_EQ(flat.Locate({0.5, 0}), std::nullopt);
  // Non-finite vertices make an entry unusable, not the locator.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const PointLocator partial(
      {{1, Square(0, 0, 1, 1)}, {2, Square(nan, 0, 3, 1)}});
  EXPECT_EQ(partial.Locate({0.5, 0.5}), 1);
  EXPECT_EQ(partial.Locate({2.5, 0.5}), std::nullopt);
}

// Every point of a lattice over [x0, x1] x [y0, y1] (boundaries included):
// Locate agrees with BelongsTo, and answers only with an owner.
void ExpectAgreesOnLattice(const std::vector<PointLocator::Entry>& entries,
                           double x0, double y0, double x1, double y1,
                           int steps, size_t max_owners) {
  const PointLocator locator(entries);
  for (int i = 0; i <= steps; ++i) {
    for (int j = 0; j <= steps; ++j) {
      const LonLat p{x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * j / steps};
      const auto owners = Owners(entries, p);
      ASSERT_LE(owners.size(), max_owners) << p.lon << " " << p.lat;
      const auto got = locator.Locate(p);
      if (owners.empty()) {
        EXPECT_EQ(got, std::nullopt) << p.lon << " " << p.lat;
      } else {
        ASSERT_TRUE(got.has_value()) << p.lon << " " << p.lat;
        EXPECT_TRUE(std::find(owners.begin(), owners.end(), *got) !=
                    owners.end())
            << p.lon << " " << p.lat;
      }
    }
  }
}

TEST(LocatorTest, NeighboursThatDoNotShareVertices) {
  // A's east side is one edge; B and C meet it with a vertex in its middle.
  ExpectAgreesOnLattice({{1, Square(0, 0, 1, 2)},
                         {2, Square(1, 0, 2, 1)},
                         {3, Square(1, 1, 2, 2)}},
                        -0.5, -0.5, 2.5, 2.5, 96, 1);
  const PointLocator locator({{1, Square(0, 0, 1, 2)},
                              {2, Square(1, 0, 2, 1)},
                              {3, Square(1, 1, 2, 2)}});
  EXPECT_EQ(locator.Locate({1, 1}), 3);
  EXPECT_EQ(locator.Locate({1, 0.5}), 2);
  EXPECT_EQ(locator.Locate({std::nextafter(1.0, 0.0), 1}), 1);
}

TEST(LocatorTest, OverlappingShapesGiveOneOfTheirOwners) {
  ExpectAgreesOnLattice({{1, Square(0, 0, 10, 10)},
                         {2, Square(2, 2, 4, 4)},
                         {3, Square(3, 3, 8, 5)}},
                        -1, -1, 11, 11, 120, 3);
}

TEST(LocatorTest, NearlyHorizontalEdges) {
  // A 10 x 50 tiling whose row boundaries climb by an ulp or two per
  // column: edges whose longitude at a given latitude is wildly sensitive to
  // rounding, next to exactly horizontal ones.
  constexpr int kCols = 10, kRows = 50;
  std::vector<std::vector<LonLat>> v(kRows + 1);
  for (int k = 0; k <= kRows; ++k) {
    const double y = 29.0 + k * 0.01;
    for (int i = 0; i <= kCols; ++i) {
      double yi = y;
      for (int step = 0; step < (i * (k % 3)) / 2; ++step) {
        yi = std::nextafter(yi, 100.0);
      }
      v[k].push_back({120.0 + i * 0.05, yi});
    }
  }
  std::vector<PointLocator::Entry> entries;
  for (int k = 0; k < kRows; ++k) {
    for (int i = 0; i < kCols; ++i) {
      entries.push_back({k * kCols + i + 1,
                         {Polygon{{v[k][i], v[k][i + 1], v[k + 1][i + 1],
                                   v[k + 1][i], v[k][i]},
                                  {}}}});
    }
  }
  const PointLocator locator(entries);
  const BruteForce brute(entries);
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(seed >> 11) * 0x1.0p-53;
  };
  for (int n = 0; n < 20000; ++n) {
    const int k = 1 + static_cast<int>(next() * (kRows - 1));
    const double x = 120.0 + next() * 0.5;
    // Within a few ulps of a row boundary, or exactly on a vertex.
    LonLat p{x, v[k][0].lat};
    for (int step = static_cast<int>(next() * 8); step > 0; --step) {
      p.lat = std::nextafter(p.lat, next() < 0.5 ? 0.0 : 100.0);
    }
    if (n % 10 == 0) p = v[k][static_cast<size_t>(next() * kCols)];
    const auto owners = brute.Owners(p);
    ASSERT_EQ(owners.size(), 1u) << p.lon << " " << p.lat;
    ASSERT_EQ(locator.Locate(p), owners[0]) << p.lon << " " << p.lat;
  }
}

// The city with one twist: grid `holed` gets a hole, filled by a second part
// of grid `island_owner`, so holes and multipolygons are in the tiling too.
std::vector<PointLocator::Entry> CityWithEnclave(int64_t holed,
                                                 int64_t island_owner) {
  auto city = MakeJitteredCity(1200, 30, 30, 20, 60, 20240601, {120.1, 29.1});
  auto& host = city[holed - 1];
  EXPECT_EQ(host.id, holed);
  BPoint c(0, 0);
  bg::centroid(ToBoost(host.shape), c);
  const double r = 0.001;  // About 100 m.
  Ring hole = Rect(c.x() - r, c.y() - r, c.x() + r, c.y() + r);
  Polygon island{hole, {}};
  std::reverse(hole.begin(), hole.end());
  EXPECT_TRUE(bg::within(
      ToBoost({Polygon{Rect(c.x() - r, c.y() - r, c.x() + r, c.y() + r), {}}}),
      ToBoost(host.shape)));
  host.shape[0].holes.push_back(hole);
  city[island_owner - 1].shape.push_back(island);
  return city;
}

TEST(LocatorTest, CityMakerTilesWithValidPolygons) {
  const auto city = MakeJitteredCity(1200, 30, 30, 20, 60, 7, {120.1, 29.1});
  ASSERT_EQ(city.size(), 1200u);
  double area = 0;
  for (size_t k = 0; k < city.size(); ++k) {
    EXPECT_EQ(city[k].id, static_cast<int64_t>(k + 1));
    ASSERT_EQ(city[k].shape.size(), 1u);
    const Ring& ring = city[k].shape[0].outer;
    ASSERT_TRUE(IsClosed(ring));
    EXPECT_GE(ring.size() - 1, 20u);
    EXPECT_LE(ring.size() - 1, 60u);
    const BMulti b = ToBoost(city[k].shape);
    std::string why;
    EXPECT_TRUE(bg::is_valid(b[0], why)) << k << ": " << why;
    area += bg::area(b);
  }
  // No gaps or overlaps: the parts add up to one shape without holes of
  // the same area. Unions pairwise, as a balanced tree.
  std::vector<BMulti> level;
  for (const auto& e : city) level.push_back(ToBoost(e.shape));
  while (level.size() > 1) {
    std::vector<BMulti> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2) {
      next.emplace_back();
      bg::union_(level[i], level[i + 1], next.back());
    }
    if (level.size() % 2 == 1) next.push_back(level.back());
    level = std::move(next);
  }
  ASSERT_EQ(level[0].size(), 1u);
  EXPECT_TRUE(level[0][0].inners().empty());
  EXPECT_NEAR(area, bg::area(level[0]), 1e-9 * area);
  // Deterministic.
  EXPECT_EQ(MakeJitteredCity(1200, 30, 30, 20, 60, 7, {120.1, 29.1})[77].shape,
            city[77].shape);
  const auto box = BoundsOf(city);
  EXPECT_EQ(RandomPoints(10, box, 3), RandomPoints(10, box, 3));
  EXPECT_NE(RandomPoints(10, box, 3), RandomPoints(10, box, 4));
}

TEST(LocatorTest, RandomPointsInAJitteredCity) {
  const auto city = CityWithEnclave(617, 3);
  const PointLocator locator(city);
  const BruteForce brute(city);
  std::vector<BMulti> shapes;
  for (const auto& e : city) shapes.push_back(ToBoost(e.shape));
  const auto points = RandomPoints(200000, BoundsOf(city), 99);
  size_t located = 0, in_island = 0;
  for (const LonLat& p : points) {
    const auto got = locator.Locate(p);
    const auto owners = brute.Owners(p);
    ASSERT_LE(owners.size(), 1u) << p.lon << " " << p.lat;
    ASSERT_EQ(got, owners.empty() ? std::nullopt : std::optional(owners[0]))
        << p.lon << " " << p.lat;
    if (got) {
      ++located;
      in_island += *got == 3 && !bg::covered_by(BPoint(p.lon, p.lat),
                                                ToBoost({city[2].shape[0]}));
      ASSERT_TRUE(bg::covered_by(BPoint(p.lon, p.lat), shapes[*got - 1]))
          << p.lon << " " << p.lat;
    } else {
      // Not in the union (random points never land on a boundary).
      for (size_t k : brute.Near(p)) {
        ASSERT_FALSE(bg::covered_by(BPoint(p.lon, p.lat), shapes[k]))
            << p.lon << " " << p.lat << " in " << city[k].id;
      }
    }
  }
  // The outer boundary wiggles, so a few per cent fall outside the city.
  EXPECT_GT(located, points.size() * 95 / 100);
  EXPECT_LT(located, points.size());
  EXPECT_GT(in_island, 0u);
}

TEST(LocatorTest, BoundaryPointsOfAJitteredCity) {
  const auto city = CityWithEnclave(617, 3);
  const PointLocator locator(city);
  const BruteForce brute(city);
  // Every edge with the entries on it, keyed by its endpoints in canonical
  // order.
  using Key = std::array<double, 4>;
  std::map<Key, std::vector<int64_t>> edge_owners;
  std::map<std::pair<double, double>, std::vector<int64_t>> vertex_owners;
  for (const auto& e : city) {
    for (const Polygon& polygon : e.shape) {
      std::vector<const Ring*> rings = {&polygon.outer};
      for (const Ring& hole : polygon.holes) rings.push_back(&hole);
      for (const Ring* ring : rings) {
        for (size_t i = 0; i + 1 < ring->size(); ++i) {
          LonLat a = (*ring)[i], b = (*ring)[i + 1];
          if (std::pair(b.lat, b.lon) < std::pair(a.lat, a.lon)) {
            std::swap(a, b);
          }
          edge_owners[{a.lon, a.lat, b.lon, b.lat}].push_back(e.id);
          vertex_owners[{a.lon, a.lat}].push_back(e.id);
        }
      }
    }
  }
  auto check = [&](LonLat p, const std::vector<int64_t>& near, bool inner) {
    const auto got = locator.Locate(p);
    int owners = 0;
    for (int64_t id : near) owners += BelongsTo(city[id - 1].shape, p);
    if (inner) {
      // Inside the city: exactly one owner, among the neighbours.
      ASSERT_EQ(owners, 1) << p.lon << " " << p.lat;
      ASSERT_TRUE(got.has_value()) << p.lon << " " << p.lat;
      ASSERT_TRUE(std::find(near.begin(), near.end(), *got) != near.end());
      ASSERT_TRUE(BelongsTo(city[*got - 1].shape, p));
    } else {
      ASSERT_LE(owners, 1);
      if (got) {
        ASSERT_TRUE(BelongsTo(city[*got - 1].shape, p));
      }
    }
    // And nothing else claims it.
    const auto all = brute.Owners(p);
    ASSERT_EQ(all.size(), static_cast<size_t>(owners));
  };
  size_t shared = 0;
  std::vector<LonLat> outer_vertices;
  for (const auto& [key, owners] : edge_owners) {
    ASSERT_LE(owners.size(), 2u);
    const bool inner = owners.size() == 2;
    shared += inner;
    if (!inner) {
      outer_vertices.push_back({key[0], key[1]});
      outer_vertices.push_back({key[2], key[3]});
    }
    // Edge midpoints (on the edge or within an ulp of it) and quarter
    // points.
    for (double t : {0.5, 0.25}) {
      check({key[0] + t * (key[2] - key[0]), key[1] + t * (key[3] - key[1])},
            owners, inner);
    }
  }
  EXPECT_GT(shared, 20000u);
  std::sort(outer_vertices.begin(), outer_vertices.end(),
            [](LonLat a, LonLat b) {
              return std::pair(a.lon, a.lat) < std::pair(b.lon, b.lat);
            });
  for (const auto& [v, owners] : vertex_owners) {
    const LonLat p{v.first, v.second};
    std::vector<int64_t> near = owners;
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    const bool on_outer = std::binary_search(
        outer_vertices.begin(), outer_vertices.end(), p,
        [](LonLat a, LonLat b) {
          return std::pair(a.lon, a.lat) < std::pair(b.lon, b.lat);
        });
    check(p, near, !on_outer);
  }
  // Points on the horizontal line through a vertex: the ray runs through
  // vertices, the classic trap for crossing tests.
  const auto box = BoundsOf(city);
  size_t k = 0;
  for (const auto& [v, owners] : vertex_owners) {
    if (++k % 7 != 0) continue;
    const LonLat p{
        box.min.lon + (box.max.lon - box.min.lon) * (k % 101) / 101.0,
        v.second};
    const auto all = brute.Owners(p);
    ASSERT_LE(all.size(), 1u);
    EXPECT_EQ(locator.Locate(p),
              all.empty() ? std::nullopt : std::optional(all[0]));
  }
}

}  // namespace
}  // namespace wangge::geo
