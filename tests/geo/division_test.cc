#include "geo/division.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>

namespace wangge::geo {
namespace {

constexpr double kLon0 = 119.20;
constexpr double kLat0 = 31.95;
constexpr double kStep = 0.002;  // ~190 m east-west, ~222 m north-south

// Corner (i, j) of a regular lattice; neighbours compute it identically, so
// shared edges have identical vertices.
LonLat Corner(int i, int j) { return {kLon0 + i * kStep, kLat0 + j * kStep}; }

DivisionUnit Unit(int64_t id, Ring outer, int64_t population) {
  if (outer.front() != outer.back()) outer.push_back(outer.front());
  DivisionUnit u;
  u.id = id;
  u.code = "G" + std::to_string(id);
  u.name = "组" + std::to_string(id);
  u.shape = {Polygon{std::move(outer), {}}};
  u.population = population;
  u.households = population / 3;
  return u;
}

// cols x rows squares, counter-clockwise, row-major from the south-west,
// starting at lattice column `i0`.
std::vector<DivisionUnit> Lattice(int cols, int rows,
                                  const std::function<int64_t(int, int)>& pop,
                                  int i0 = 0) {
  std::vector<DivisionUnit> out;
  for (int j = 0; j < rows; ++j)
    for (int i = i0; i < i0 + cols; ++i)
      out.push_back(Unit(static_cast<int64_t>(out.size()),
                         {Corner(i, j), Corner(i + 1, j), Corner(i + 1, j + 1),
                          Corner(i, j + 1)},
                         pop(i - i0, j)));
  return out;
}

int64_t VaryingPopulation(int i, int j) {
  return 100 + (i * 37 + j * 91) % 400;
}

// Checks the structural promises of a plan against its input.
void ExpectWellFormed(const std::vector<DivisionUnit>& units,
                      const DivisionPlan& plan, int k) {
  ASSERT_EQ(plan.grids.size(), static_cast<size_t>(k));
  ASSERT_EQ(plan.assignment.size(), units.size());
  std::vector<int> seen(units.size(), 0);
  int64_t total = 0;
  for (const DivisionGrid& g : plan.grids) {
    EXPECT_FALSE(g.units.empty()) << "grid " << g.index;
    EXPECT_TRUE(std::is_sorted(g.units.begin(), g.units.end()));
    int64_t pop = 0;
    for (int u : g.units) {
      ++seen[u];
      EXPECT_EQ(plan.assignment[u], g.index);
      pop += units[u].population;
    }
    EXPECT_EQ(pop, g.population);
    total += g.population;
    EXPECT_FALSE(g.shape.empty());
    EXPECT_GT(g.area_m2, 0);
    EXPECT_GT(g.compactness, 0);
    EXPECT_LE(g.compactness, 1.0);
    EXPECT_NEAR(g.deviation,
                (g.population - plan.mean_population) / plan.mean_population,
                1e-12);
  }
  for (size_t u = 0; u < units.size(); ++u) EXPECT_EQ(seen[u], 1) << u;
  EXPECT_DOUBLE_EQ(plan.mean_population, static_cast<double>(total) / k);
  EXPECT_GE(plan.max_abs_deviation, plan.deviation_lower_bound - 1e-12);
}

// Independent check: each grid is one piece in the reported adjacency.
bool GridConnected(const DivisionPlan& plan, const DivisionGrid& g) {
  std::set<int> reached{g.units[0]};
  for (bool grew = true; grew;) {
    grew = false;
    for (auto [a, b] : plan.adjacency) {
      if (plan.assignment[a] != g.index || plan.assignment[b] != g.index)
        continue;
      if (reached.count(a) != reached.count(b)) {
        reached.insert(a);
        reached.insert(b);
        grew = true;
      }
    }
  }
  return reached.size() == g.units.size();
}

TEST(DivisionAdjacencyTest, LatticeSharesEdgesNotCorners) {
  const auto units = Lattice(3, 3, [](int, int) { return 1; });
  const auto adj = SharedBoundaryAdjacency(units, 1.0);
  EXPECT_EQ(adj.size(), 12u);  // 6 horizontal + 6 vertical neighbours
  EXPECT_TRUE(std::is_sorted(adj.begin(), adj.end()));
  EXPECT_NE(std::find(adj.begin(), adj.end(), std::pair{0, 1}), adj.end());
  EXPECT_NE(std::find(adj.begin(), adj.end(), std::pair{0, 3}), adj.end());
  EXPECT_EQ(std::find(adj.begin(), adj.end(), std::pair{0, 4}), adj.end());
}

TEST(DivisionAdjacencyTest, FindsSharedEdgesSplitAtDifferentVertices) {
  // A slanted shared edge P-Q: the west unit splits it at 30%, the east unit
  // at 70%, so no edge of one equals an edge of the other.
  const LonLat p{119.200, 31.950}, q{119.203, 31.954};
  auto at = [&](double t) {
    return LonLat{p.lon + t * (q.lon - p.lon), p.lat + t * (q.lat - p.lat)};
  };
  std::vector<DivisionUnit> units;
  units.push_back(
      Unit(0, {p, at(0.3), q, {119.199, 31.954}, {119.198, 31.950}}, 10));
  units.push_back(
      Unit(1, {p, {119.205, 31.950}, {119.206, 31.954}, q, at(0.7)}, 10));
  // Touches unit 1 only at its corner (119.205, 31.950).
  units.push_back(Unit(2,
                       {{119.205, 31.950},
                        {119.205, 31.948},
                        {119.207, 31.948},
                        {119.207, 31.949}},
                       10));
  const auto adj = SharedBoundaryAdjacency(units, 1.0);
  EXPECT_NE(std::find(adj.begin(), adj.end(), std::pair{0, 1}), adj.end());
  EXPECT_EQ(std::find(adj.begin(), adj.end(), std::pair{1, 2}), adj.end());
  // Squares offset by half a metre north-south share only 0.5 m of edge.
  const double half_metre = 0.5 / (6371008.8 * M_PI / 180);
  std::vector<DivisionUnit> offset;
  offset.push_back(
      Unit(0, {Corner(0, 0), Corner(1, 0), Corner(1, 1), Corner(0, 1)}, 1));
  offset.push_back(Unit(1,
                        {{kLon0 + kStep, kLat0 + kStep - half_metre},
                         {kLon0 + 2 * kStep, kLat0 + kStep - half_metre},
                         {kLon0 + 2 * kStep, kLat0 + 2 * kStep},
                         {kLon0 + kStep, kLat0 + 2 * kStep}},
                        1));
  EXPECT_TRUE(SharedBoundaryAdjacency(offset, 1.0).empty());
  EXPECT_EQ(SharedBoundaryAdjacency(offset, 0.25).size(), 1u);
  // Axis-aligned too: one side split once, the other twice.
  std::vector<DivisionUnit> split;
  split.push_back(Unit(0,
                       {Corner(0, 0),
                        Corner(1, 0),
                        {kLon0 + kStep, kLat0 + 0.4 * kStep},
                        Corner(1, 1),
                        Corner(0, 1)},
                       1));
  split.push_back(Unit(1,
                       {Corner(1, 0),
                        Corner(2, 0),
                        Corner(2, 1),
                        Corner(1, 1),
                        {kLon0 + kStep, kLat0 + 0.8 * kStep},
                        {kLon0 + kStep, kLat0 + 0.2 * kStep}},
                       1));
  EXPECT_EQ(SharedBoundaryAdjacency(split, 1.0),
            (std::vector<std::pair<int, int>>{{0, 1}}));
}

TEST(DivisionAdjacencyTest, UnitInsideAHoleIsAdjacent) {
  DivisionUnit outer =
      Unit(0, {Corner(0, 0), Corner(3, 0), Corner(3, 3), Corner(0, 3)}, 5);
  outer.shape[0].holes.push_back(
      {Corner(1, 1), Corner(1, 2), Corner(2, 2), Corner(2, 1), Corner(1, 1)});
  const DivisionUnit inner =
      Unit(1, {Corner(1, 1), Corner(2, 1), Corner(2, 2), Corner(1, 2)}, 5);
  EXPECT_EQ(SharedBoundaryAdjacency({outer, inner}, 1.0),
            (std::vector<std::pair<int, int>>{{0, 1}}));
}

TEST(DivisionTest, TenByTenLatticeMakesTwelveBalancedConnectedGrids) {
  const auto units = Lattice(10, 10, VaryingPopulation);
  auto plan = Divide(units, {.grids = 12});
  ASSERT_TRUE(plan.has_value()) << plan.error().message;
  ExpectWellFormed(units, *plan, 12);
  EXPECT_EQ(plan->adjacency.size(), 180u);
  EXPECT_TRUE(plan->all_connected);
  for (const DivisionGrid& g : plan->grids) {
    EXPECT_TRUE(g.connected);
    EXPECT_TRUE(GridConnected(*plan, g)) << "grid " << g.index;
    EXPECT_EQ(g.shape.size(), 1u) << "a connected grid unions to one polygon";
  }
  // Units of 100..499 people, ~8 per grid of mean ~2,430: a few percent.
  EXPECT_EQ(plan->deviation_lower_bound, 0);
  EXPECT_LT(plan->max_abs_deviation, 0.03);
  // Total area is preserved (squares of ~190 m x 222 m).
  double area = 0;
  for (const DivisionGrid& g : plan->grids) area += g.area_m2;
  EXPECT_NEAR(
      area,
      100 * 0.002 * 0.002 * 111195.0 * 111195.0 * std::cos(31.96 * M_PI / 180),
      area * 1e-3);
  // Grid numbering follows the input order.
  EXPECT_EQ(plan->assignment[0], 0);
}

TEST(DivisionTest, ReportsTheLowerBoundForcedByALargeUnit) {
  auto units = Lattice(10, 10, [](int, int) { return 100; });
  units[55].population = 50000;
  auto plan = Divide(units, {.grids = 12});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 12);
  const double mean = (50000.0 + 99 * 100) / 12;
  EXPECT_NEAR(plan->deviation_lower_bound, (50000 - mean) / mean, 1e-12);
  EXPECT_GE(plan->max_abs_deviation, plan->deviation_lower_bound);
  EXPECT_TRUE(plan->all_connected);
  // The big unit's grid holds it alone: anything more only adds deviation.
  EXPECT_EQ(plan->grids[plan->assignment[55]].units, std::vector<int>{55});
  // The other 11 grids still balance among themselves: 99 x 100 people
  // make 9 x 100 each, whatever their (equal) deviation from the mean.
  for (const DivisionGrid& g : plan->grids) {
    if (g.index != plan->assignment[55]) {
      EXPECT_EQ(g.population, 900) << "grid " << g.index;
    }
  }
}

TEST(DivisionTest, IslandGetsItsOwnConnectedGrids) {
  // Mainland 10 x 10, and 10 columns east a 4 x 5 island of equal density:
  // 1/6 of the people, so 2 of the 12 grids.
  auto units = Lattice(10, 10, [](int, int) { return 300; });
  for (DivisionUnit& u : Lattice(
           4, 5, [](int, int) { return 300; }, 20)) {
    u.id = static_cast<int64_t>(units.size());
    units.push_back(std::move(u));
  }
  auto plan = Divide(units, {.grids = 12});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 12);
  EXPECT_TRUE(plan->all_connected);
  std::set<int> island_grids;
  for (size_t u = 100; u < units.size(); ++u)
    island_grids.insert(plan->assignment[u]);
  EXPECT_EQ(island_grids.size(), 2u);
  for (int u = 0; u < 100; ++u)
    EXPECT_FALSE(island_grids.count(plan->assignment[u]));
  for (const DivisionGrid& g : plan->grids)
    EXPECT_TRUE(GridConnected(*plan, g)) << "grid " << g.index;
  EXPECT_LT(plan->max_abs_deviation, 0.05);
}

TEST(DivisionTest, TinyIslandJoinsItsNearestGrid) {
  auto units = Lattice(6, 6, [](int, int) { return 300; });
  units.push_back(
      Unit(36, {Corner(8, 2), Corner(9, 2), Corner(9, 3), Corner(8, 3)}, 20));
  auto plan = Divide(units, {.grids = 4});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 4);
  EXPECT_FALSE(plan->all_connected);
  const DivisionGrid& g = plan->grids[plan->assignment[36]];
  EXPECT_FALSE(g.connected);
  EXPECT_GT(g.units.size(), 1u);
  // It joins a grid on the mainland's east side (column 5).
  bool east = false;
  for (int u : g.units) east = east || (u < 36 && u % 6 == 5);
  EXPECT_TRUE(east);
  int disconnected = 0;
  for (const DivisionGrid& h : plan->grids) disconnected += !h.connected;
  EXPECT_EQ(disconnected, 1);
}

// A sheared lattice whose interior east-west shared edges are split at
// different, interpolated points on the two sides (as when neighbouring
// groups were digitised separately): no edge is repeated exactly.
std::vector<DivisionUnit> SplitEdgeLattice(int cols, int rows) {
  auto corner = [](int i, int j) {
    return LonLat{kLon0 + (i + 0.3 * j) * kStep, kLat0 + j * kStep};
  };
  auto at = [](LonLat a, LonLat b, double t) {
    return LonLat{a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat)};
  };
  std::vector<DivisionUnit> out;
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < cols; ++i) {
      const LonLat sw = corner(i, j), se = corner(i + 1, j),
                   ne = corner(i + 1, j + 1), nw = corner(i, j + 1);
      Ring ring{sw, se};
      if (i + 1 < cols) ring.push_back(at(se, ne, 0.37));  // east side
      ring.insert(ring.end(), {ne, nw});
      if (i > 0) {  // west side, split twice elsewhere
        ring.push_back(at(nw, sw, 0.2));
        ring.push_back(at(nw, sw, 0.81));
      }
      out.push_back(Unit(static_cast<int64_t>(out.size()), std::move(ring),
                         VaryingPopulation(i, j)));
    }
  return out;
}

TEST(DivisionTest, DividesUnitsWhoseSharedEdgesAreSplitDifferently) {
  const auto units = SplitEdgeLattice(8, 6);
  EXPECT_EQ(SharedBoundaryAdjacency(units, 1.0).size(), 7u * 6 + 8 * 5);
  auto plan = Divide(units, {.grids = 6});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 6);
  EXPECT_TRUE(plan->all_connected);
  for (const DivisionGrid& g : plan->grids) {
    EXPECT_TRUE(GridConnected(*plan, g)) << "grid " << g.index;
    EXPECT_EQ(g.shape.size(), 1u) << "grid " << g.index;
  }
}

TEST(DivisionTest, RefinementNeverWorsensMetisBalance) {
  const auto units = Lattice(12, 10, VaryingPopulation);
  auto raw = Divide(units, {.grids = 15, .refine_passes = 0});
  auto refined = Divide(units, {.grids = 15});
  ASSERT_TRUE(raw.has_value() && refined.has_value());
  ExpectWellFormed(units, *raw, 15);
  ExpectWellFormed(units, *refined, 15);
  EXPECT_LE(refined->max_abs_deviation, raw->max_abs_deviation);
  EXPECT_TRUE(raw->all_connected);
  EXPECT_TRUE(refined->all_connected);
}

TEST(DivisionTest, MorePiecesThanGridsStillCoversEverything) {
  // Three separate 2 x 2 blocks, two grids: one grid must span a gap.
  std::vector<DivisionUnit> units;
  for (int block = 0; block < 3; ++block)
    for (DivisionUnit& u : Lattice(
             2, 2, [](int, int) { return 100; }, block * 4)) {
      u.id = static_cast<int64_t>(units.size());
      units.push_back(std::move(u));
    }
  auto plan = Divide(units, {.grids = 2});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 2);
  EXPECT_FALSE(plan->all_connected);
  // Blocks stay whole: 8 + 4 units.
  std::vector<size_t> sizes{plan->grids[0].units.size(),
                            plan->grids[1].units.size()};
  std::sort(sizes.begin(), sizes.end());
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 8}));
}

TEST(DivisionTest, OneGridTakesEverything) {
  const auto units = Lattice(5, 4, VaryingPopulation);
  auto plan = Divide(units, {.grids = 1});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 1);
  EXPECT_EQ(plan->grids[0].units.size(), 20u);
  EXPECT_EQ(plan->max_abs_deviation, 0);
  EXPECT_TRUE(plan->all_connected);
  EXPECT_EQ(plan->grids[0].shape.size(), 1u);
  EXPECT_TRUE(plan->grids[0].shape[0].holes.empty());
  // A 5 x 4 block of ~190 x 222 m cells: Polsby-Popper of the rectangle.
  const double w = 5 * 0.002 * 111195.0 * std::cos(31.954 * M_PI / 180);
  const double h = 4 * 0.002 * 111195.0;
  EXPECT_NEAR(plan->grids[0].compactness,
              4 * M_PI * w * h / std::pow(2 * (w + h), 2), 1e-3);
}

TEST(DivisionTest, AsManyGridsAsUnits) {
  const auto units = Lattice(4, 4, VaryingPopulation);
  auto plan = Divide(units, {.grids = 16});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 16);
  for (int u = 0; u < 16; ++u) {
    EXPECT_EQ(plan->grids[u].units, std::vector<int>{u});
    EXPECT_EQ(plan->grids[u].shape, units[u].shape);
  }
  EXPECT_TRUE(plan->all_connected);
}

TEST(DivisionTest, DongyangSizeTwentyEightGroupsIntoTwelve) {
  const auto units = Lattice(7, 4, VaryingPopulation);
  auto plan = Divide(units, {.grids = 12});
  ASSERT_TRUE(plan.has_value());
  ExpectWellFormed(units, *plan, 12);
  EXPECT_TRUE(plan->all_connected);
}

TEST(DivisionTest, IsDeterministic) {
  const auto units = Lattice(10, 10, VaryingPopulation);
  auto a = Divide(units, {.grids = 12, .seed = 7});
  auto b = Divide(units, {.grids = 12, .seed = 7});
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ(a->assignment, b->assignment);
  EXPECT_EQ(a->max_abs_deviation, b->max_abs_deviation);
  for (int g = 0; g < 12; ++g) EXPECT_EQ(a->grids[g].shape, b->grids[g].shape);
}

TEST(DivisionTest, RejectsInvalidInputNamingTheField) {
  const auto units = Lattice(3, 3, VaryingPopulation);
  auto field = [](const Result<DivisionPlan>& r) {
    EXPECT_FALSE(r.has_value());
    if (r) return std::string();
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    return r.error().field;
  };
  EXPECT_EQ(field(Divide({}, {})), "units");
  EXPECT_EQ(field(Divide(units, {.grids = 0})), "grids");
  EXPECT_EQ(field(Divide(units, {.grids = 10})), "grids");
  auto negative = units;
  negative[3].population = -1;
  EXPECT_EQ(field(Divide(negative, {.grids = 2})), "units[3].population");
  auto shapeless = units;
  shapeless[4].shape.clear();
  EXPECT_EQ(field(Divide(shapeless, {.grids = 2})), "units[4].shape");
  EXPECT_EQ(field(Divide(units, {.grids = 2, .ufactor = 0.5})), "ufactor");
}

TEST(DivisionTest, ZeroPopulationStillDividesByCount) {
  const auto units = Lattice(4, 4, [](int, int) { return 0; });
  auto plan = Divide(units, {.grids = 4});
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->max_abs_deviation, 0);
  for (const DivisionGrid& g : plan->grids) EXPECT_FALSE(g.units.empty());
  EXPECT_TRUE(plan->all_connected);
}

}  // namespace
}  // namespace wangge::geo
