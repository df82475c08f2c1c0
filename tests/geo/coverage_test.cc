#include "geo/coverage.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

#include "geo/measure.h"

namespace wangge::geo {
namespace {

MultiPolygon Rect(double lon0, double lat0, double lon1, double lat1) {
  return {Polygon{
      {{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}},
      {}}};
}

// A community of 0.02 x 0.02 degrees (about 2 km) near Dongyang, tiled by
// four grids. Edge coordinates come from one array, so that neighbours
// share bit-identical vertices.
const double kX[] = {120.20, 120.21, 120.22};
const double kY[] = {29.27, 29.28, 29.29};

struct Fixture {
  MultiPolygon community = Rect(kX[0], kY[0], kX[2], kY[2]);
  std::vector<GridShape> grids = {
      {1, "G-SW", "西南", Rect(kX[0], kY[0], kX[1], kY[1])},
      {2, "G-SE", "东南", Rect(kX[1], kY[0], kX[2], kY[1])},
      {3, "G-NW", "西北", Rect(kX[0], kY[1], kX[1], kY[2])},
      {4, "G-NE", "东北", Rect(kX[1], kY[1], kX[2], kY[2])},
  };
  std::vector<HouseholdPoint> households = {
      {101, "H101", 1, {120.205, 29.275}},
      {102, "H102", 4, {120.215, 29.285}},
      // On the shared edge of SW and SE, registered to either.
      {103, "H103", 1, {kX[1], 29.275}},
      {104, "H104", 2, {kX[1], 29.275}},
      // On the corner where all four meet.
      {105, "H105", 3, {kX[1], kY[1]}},
  };
};

void ExpectOneArea(const CoverageReport& report, const std::string& kind,
                   const std::vector<std::string>& codes, double expected_m2) {
  ASSERT_EQ(report.areas.size(), 1u);
  const AreaDefect& d = report.areas[0];
  EXPECT_EQ(d.kind, kind);
  EXPECT_EQ(d.grid_codes, codes);
  EXPECT_NEAR(d.area_m2 / expected_m2, 1.0, 0.01)
      << d.area_m2 << " vs " << expected_m2;
  EXPECT_TRUE(Contains(d.shape, d.location));
  EXPECT_NEAR(AreaM2(d.shape), d.area_m2, 1e-6);
}

TEST(CoverageTest, TilingIsClean) {
  Fixture f;
  CoverageReport report = CheckCoverage(f.community, f.grids, f.households);
  EXPECT_TRUE(report.Clean());
  EXPECT_TRUE(report.areas.empty());
  EXPECT_TRUE(report.households.empty());
}

TEST(CoverageTest, FindsGap) {
  Fixture f;
  const double shrunk = 120.209;
  f.grids[0].shape = Rect(kX[0], kY[0], shrunk, kY[1]);
  CoverageReport report = CheckCoverage(f.community, f.grids, {});
  ExpectOneArea(report, "gap", {}, AreaM2(Rect(shrunk, kY[0], kX[1], kY[1])));
  EXPECT_GT(report.areas[0].location.lon, shrunk);
  EXPECT_LT(report.areas[0].location.lon, kX[1]);
}

TEST(CoverageTest, FindsOverlap) {
  Fixture f;
  const double grown = 120.2112;
  f.grids[0].shape = Rect(kX[0], kY[0], grown, kY[1]);
  CoverageReport report = CheckCoverage(f.community, f.grids, {});
  ExpectOneArea(report, "overlap", {"G-SW", "G-SE"},
                AreaM2(Rect(kX[1], kY[0], grown, kY[1])));
}

TEST(CoverageTest, FindsGridOutsideCommunity) {
  Fixture f;
  const double beyond = 120.2203;
  f.grids[3].shape = Rect(kX[1], kY[1], beyond, kY[2]);
  CoverageReport report = CheckCoverage(f.community, f.grids, {});
  ExpectOneArea(report, "outside_community", {"G-NE"},
                AreaM2(Rect(kX[2], kY[1], beyond, kY[2])));
}

TEST(CoverageTest, FindsHouseholdsOutsideTheirGrid) {
  Fixture f;
  // Registered to SW but standing in NE.
  f.households.push_back({201, "H201", 1, {120.215, 29.285}});
  // East of the community: in no grid.
  f.households.push_back({202, "H202", 2, {120.23, 29.275}});
  // Registered to a grid that is not in the list, standing in SE.
  f.households.push_back({203, "H203", 99, {120.215, 29.275}});
  CoverageReport report = CheckCoverage(f.community, f.grids, f.households);
  EXPECT_TRUE(report.areas.empty());
  ASSERT_EQ(report.households.size(), 3u);
  const HouseholdDefect& a = report.households[0];
  EXPECT_EQ(a.kind, "outside_own_grid");
  EXPECT_EQ(a.household_id, 201);
  EXPECT_EQ(a.household_no, "H201");
  EXPECT_EQ(a.grid_id, 1);
  EXPECT_EQ(a.found_grid_id, 4);
  const HouseholdDefect& b = report.households[1];
  EXPECT_EQ(b.kind, "in_no_grid");
  EXPECT_EQ(b.household_id, 202);
  EXPECT_EQ(b.found_grid_id, std::nullopt);
  EXPECT_EQ(report.households[2].kind, "outside_own_grid");
  EXPECT_EQ(report.households[2].found_grid_id, 2);
  EXPECT_FALSE(report.Clean());
}

TEST(CoverageTest, HouseholdInGapIsInNoGrid) {
  Fixture f;
  f.grids[0].shape = Rect(kX[0], kY[0], 120.209, kY[1]);
  f.households.push_back({301, "H301", 1, {120.2095, 29.275}});
  CoverageReport report = CheckCoverage(f.community, f.grids, f.households);
  ASSERT_EQ(report.households.size(), 2u);
  // H103 stood on the old SW/SE edge; with SW shrunk it is only in SE.
  EXPECT_EQ(report.households[0].household_id, 103);
  EXPECT_EQ(report.households[0].kind, "outside_own_grid");
  EXPECT_EQ(report.households[0].found_grid_id, 2);
  EXPECT_EQ(report.households[1].household_id, 301);
  EXPECT_EQ(report.households[1].kind, "in_no_grid");
  EXPECT_EQ(report.areas.size(), 1u);
}

TEST(CoverageTest, WithoutCommunityBoundaryChecksOverlapsOnly) {
  Fixture f;
  f.grids[0].shape = Rect(kX[0], kY[0], 120.2112, kY[1]);
  CoverageReport report = CheckCoverage({}, f.grids, f.households);
  ASSERT_EQ(report.areas.size(), 1u);
  EXPECT_EQ(report.areas[0].kind, "overlap");
}

TEST(CoverageTest, JaggedSharedBorderIsClean) {
  // Two grids split by a 200-vertex random border; both use the same
  // vertices, as an editor that snaps to the neighbour would produce.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> wiggle(-0.004, 0.004);
  Ring border;
  const int n = 200;
  for (int i = 0; i <= n; ++i) {
    double lat = kY[0] + (kY[2] - kY[0]) * i / n;
    double lon = kX[1] + (i == 0 || i == n ? 0 : wiggle(rng));
    border.push_back({lon, lat});
  }
  Ring west{{kX[0], kY[0]}};
  west.insert(west.end(), border.begin(), border.end());
  west.push_back({kX[0], kY[2]});
  west.push_back({kX[0], kY[0]});
  Ring east{{kX[2], kY[2]}};
  east.insert(east.end(), border.rbegin(), border.rend());
  east.push_back({kX[2], kY[0]});
  east.push_back({kX[2], kY[2]});
  std::vector<GridShape> grids = {{1, "W", "", {Polygon{west, {}}}},
                                  {2, "E", "", {Polygon{east, {}}}}};
  // Households on border vertices, registered to either side.
  std::vector<HouseholdPoint> households;
  for (int i = 0; i <= n; i += 10) {
    households.push_back({i, "", 1 + (i / 10) % 2, border[i]});
  }
  Fixture f;
  CoverageReport report =
      CheckCoverage(f.community, grids, households,
                    {.gap_tolerance_m2 = 0.01, .overlap_tolerance_m2 = 0.01});
  for (const AreaDefect& d : report.areas) {
    ADD_FAILURE() << d.kind << " " << d.area_m2;
  }
  EXPECT_TRUE(report.Clean());
  EXPECT_NEAR(AreaM2(UnionAll({grids[0].shape, grids[1].shape})),
              AreaM2(f.community), 1e-3);
}

TEST(CoverageTest, StreetScaleIsFast) {
  // 25 x 20 = 500 grids of 0.004 degrees with 100,000 households.
  const int cols = 25, rows = 20;
  std::vector<double> xs, ys;
  for (int i = 0; i <= cols; ++i) xs.push_back(120.1 + 0.004 * i);
  for (int j = 0; j <= rows; ++j) ys.push_back(29.2 + 0.004 * j);
  std::vector<GridShape> grids;
  for (int i = 0; i < cols; ++i) {
    for (int j = 0; j < rows; ++j) {
      int64_t id = i * rows + j + 1;
      grids.push_back({id, "G" + std::to_string(id), "",
                       Rect(xs[i], ys[j], xs[i + 1], ys[j + 1])});
    }
  }
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<HouseholdPoint> households;
  for (int k = 0; k < 100000; ++k) {
    int i = k % cols, j = (k / cols) % rows;
    double lon = xs[i] + (xs[i + 1] - xs[i]) * u(rng);
    double lat = ys[j] + (ys[j + 1] - ys[j]) * u(rng);
    households.push_back({k, "", i * rows + j + 1, {lon, lat}});
  }
  households[5].grid_id = 1;  // one misplaced household
  auto start = std::chrono::steady_clock::now();
  CoverageReport report = CheckCoverage(
      Rect(xs.front(), ys.front(), xs.back(), ys.back()), grids, households);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_TRUE(report.areas.empty());
  ASSERT_EQ(report.households.size(), 1u);
  EXPECT_EQ(report.households[0].household_id, 5);
  EXPECT_EQ(report.households[0].found_grid_id, 5 * rows + 1);
  EXPECT_LT(seconds, 10.0);  // generous: sanitizer and debug builds
  RecordProperty("seconds", std::to_string(seconds));
  std::printf("street-scale coverage check: %.3f s\n", seconds);
}

}  // namespace
}  // namespace wangge::geo
