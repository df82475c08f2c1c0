#include "geo/measure.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace wangge::geo {
namespace {

constexpr double kRad = std::numbers::pi / 180.0;

MultiPolygon Rect(double lon0, double lat0, double lon1, double lat1) {
  return {Polygon{
      {{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}},
      {}}};
}

TEST(MeasureTest, AreaOfSmallSquareMatchesSphere) {
  // A 0.01 x 0.01 degree cell at 32 N, against the spherical zone formula
  // R^2 * dlon * (sin lat1 - sin lat0) with the mean earth radius. The
  // ellipsoid differs from the sphere by about 0.07% here.
  const double r = 6371008.8;
  double expected =
      r * r * 0.01 * kRad * (std::sin(32.01 * kRad) - std::sin(32.0 * kRad));
  double area = AreaM2(Rect(118.0, 32.0, 118.01, 32.01));
  EXPECT_NEAR(area / expected, 1.0, 0.005) << area << " vs " << expected;
  EXPECT_NEAR(area / expected, 1.0, 0.001);
}

TEST(MeasureTest, AreaOfWholeEllipsoid) {
  // The published WGS84 surface area, 510,065,621.72 km^2, checks the
  // equal-area formula independently of the small-cell case.
  double area = AreaM2(Rect(-180, -90, 180, 90));
  EXPECT_NEAR(area / 5.1006562172e14, 1.0, 1e-9) << area;
}

TEST(MeasureTest, AreaIgnoresOrientationAndSubtractsHoles) {
  MultiPolygon cw = Rect(120, 29, 120.01, 29.01);
  std::reverse(cw[0].outer.begin(), cw[0].outer.end());
  EXPECT_DOUBLE_EQ(AreaM2(cw), AreaM2(Rect(120, 29, 120.01, 29.01)));

  MultiPolygon with_hole = Rect(120, 29, 120.02, 29.02);
  Ring hole = Rect(120.005, 29.005, 120.015, 29.015)[0].outer;
  with_hole[0].holes.push_back(hole);
  EXPECT_NEAR(AreaM2(with_hole),
              AreaM2(Rect(120, 29, 120.02, 29.02)) -
                  AreaM2(Rect(120.005, 29.005, 120.015, 29.015)),
              1e-6);
  EXPECT_EQ(AreaM2(MultiPolygon{}), 0);
}

TEST(MeasureTest, PerimeterAtEquator) {
  // An equator degree of longitude is a*pi/180 = 111,319.49 m; a degree of
  // latitude there is M*pi/180 = 110,574.28 m (meridian radius 6,335,439 m).
  double p = PerimeterM(Rect(0, -0.005, 0.01, 0.005));
  EXPECT_NEAR(p, 2 * 1113.19491 + 2 * 1105.74276, 0.001);
}

TEST(MeasureTest, PolsbyPopper) {
  // A square on the ground: longitude span widened by 1/cos(lat).
  double lat = 32.0, side = 0.01;
  double lon_side = side / std::cos((lat + side / 2) * kRad);
  EXPECT_NEAR(PolsbyPopper(Rect(118, lat, 118 + lon_side, lat + side)),
              std::numbers::pi / 4, 0.005);
  EXPECT_LT(PolsbyPopper(Rect(118, 32, 118.1, 32.001)), 0.1);
  EXPECT_EQ(PolsbyPopper({}), 0);
}

TEST(MeasureTest, RepresentativePointInsideUShape) {
  // A U whose centroid lies in the empty middle.
  MultiPolygon u{Polygon{
      {{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}},
      {}}};
  LonLat p = RepresentativePoint(u);
  EXPECT_TRUE(Contains(u, p)) << p.lon << "," << p.lat;
  EXPECT_FALSE(p.lon > 1 && p.lon < 2 && p.lat > 1);
  // A square with a big central hole.
  MultiPolygon ring = Rect(0, 0, 10, 10);
  ring[0].holes.push_back({{1, 1}, {1, 9}, {9, 9}, {9, 1}, {1, 1}});
  p = RepresentativePoint(ring);
  EXPECT_TRUE(Contains(ring, p));
  EXPECT_FALSE(p.lon > 1 && p.lon < 9 && p.lat > 1 && p.lat < 9);
  // The largest part is chosen.
  MultiPolygon two = Rect(0, 0, 1, 1);
  two.push_back(Rect(5, 5, 8, 8)[0]);
  p = RepresentativePoint(two);
  EXPECT_GT(p.lon, 5);
}

TEST(MeasureTest, ContainsCountsBoundary) {
  MultiPolygon square = Rect(0, 0, 2, 2);
  square[0].holes.push_back(
      {{0.5, 0.5}, {0.5, 1}, {1, 1}, {1, 0.5}, {0.5, 0.5}});
  EXPECT_TRUE(Contains(square, {1.5, 1.5}));
  EXPECT_TRUE(Contains(square, {2, 1}));       // on an edge
  EXPECT_TRUE(Contains(square, {0, 0}));       // on a vertex
  EXPECT_TRUE(Contains(square, {0.5, 0.7}));   // on the hole's edge
  EXPECT_FALSE(Contains(square, {0.7, 0.7}));  // in the hole
  EXPECT_FALSE(Contains(square, {2.1, 1}));
}

TEST(MeasureTest, UnionMergesSharedEdges) {
  // A 3 x 3 block of cells with the middle one missing: one polygon with one
  // hole, and the area adds up.
  double xs[] = {120.0, 120.0033, 120.0071, 120.01};
  double ys[] = {29.0, 29.0047, 29.0069, 29.01};
  std::vector<MultiPolygon> cells;
  double sum = 0;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      if (i == 1 && j == 1) continue;
      cells.push_back(Rect(xs[i], ys[j], xs[i + 1], ys[j + 1]));
      sum += AreaM2(cells.back());
    }
  }
  MultiPolygon merged = UnionAll(cells);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].holes.size(), 1u);
  EXPECT_NEAR(AreaM2(merged), sum, 1e-6 * sum);

  MultiPolygon apart = UnionAll({Rect(0, 0, 1, 1), Rect(2, 0, 3, 1)});
  EXPECT_EQ(apart.size(), 2u);
  EXPECT_TRUE(UnionAll({}).empty());
  EXPECT_EQ(UnionAll({Rect(0, 0, 1, 1)}).size(), 1u);
}

}  // namespace
}  // namespace wangge::geo
