// Grid division at two sizes: a county-scale synthetic set of 20,000 village
// groups into 1,200 grids (target < 2 s, max deviation <= 1% where the input
// allows), and Dongyang's own scale, 28 groups into 12 grids (< 50 ms).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "geo/division.h"

namespace wangge::geo {
namespace {

// A jittered lattice of cols x rows village groups near Jurong. Corners and
// the midpoint of every edge are jittered once and shared by both
// neighbours, so shared edges are identical; each group is an octagon-like
// polygon. Populations are uniform in [50, 800].
std::vector<DivisionUnit> VillageGroups(int cols, int rows, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.22, 0.22);
  std::uniform_real_distribution<double> bend(-0.12, 0.12);
  std::uniform_int_distribution<int64_t> people(50, 800);
  const double lon0 = 119.10, lat0 = 31.90, dx = 0.0045, dy = 0.0040;
  auto grid = [&](int w, int h) {
    return std::vector<std::vector<LonLat>>(w, std::vector<LonLat>(h));
  };
  auto corner = grid(cols + 1, rows + 1);
  for (int i = 0; i <= cols; ++i)
    for (int j = 0; j <= rows; ++j) {
      const bool edge = i == 0 || j == 0 || i == cols || j == rows;
      corner[i][j] = {lon0 + (i + (edge ? 0 : jitter(rng))) * dx,
                      lat0 + (j + (edge ? 0 : jitter(rng))) * dy};
    }
  // Midpoints of horizontal (i, j)-(i+1, j) and vertical (i, j)-(i, j+1)
  // edges, bent sideways so the groups are not plain quadrilaterals.
  auto mid_h = grid(cols, rows + 1), mid_v = grid(cols + 1, rows);
  for (int i = 0; i < cols; ++i)
    for (int j = 0; j <= rows; ++j) {
      const LonLat a = corner[i][j], b = corner[i + 1][j];
      const double off = (j == 0 || j == rows) ? 0 : bend(rng) * dy;
      mid_h[i][j] = {(a.lon + b.lon) / 2, (a.lat + b.lat) / 2 + off};
    }
  for (int i = 0; i <= cols; ++i)
    for (int j = 0; j < rows; ++j) {
      const LonLat a = corner[i][j], b = corner[i][j + 1];
      const double off = (i == 0 || i == cols) ? 0 : bend(rng) * dx;
      mid_v[i][j] = {(a.lon + b.lon) / 2 + off, (a.lat + b.lat) / 2};
    }
  std::vector<DivisionUnit> units;
  units.reserve(static_cast<size_t>(cols) * rows);
  for (int j = 0; j < rows; ++j)
    for (int i = 0; i < cols; ++i) {
      DivisionUnit u;
      u.id = static_cast<int64_t>(units.size()) + 1;
      u.code = std::to_string(u.id);
      u.population = people(rng);
      u.households = u.population / 3;
      Ring ring{corner[i][j],     mid_h[i][j],          corner[i + 1][j],
                mid_v[i + 1][j],  corner[i + 1][j + 1], mid_h[i][j + 1],
                corner[i][j + 1], mid_v[i][j],          corner[i][j]};
      u.shape = {Polygon{std::move(ring), {}}};
      units.push_back(std::move(u));
    }
  return units;
}

void RunDivide(benchmark::State& state, int cols, int rows, int grids) {
  const std::vector<DivisionUnit> units = VillageGroups(cols, rows, 20240601);
  DivisionOptions options;
  options.grids = grids;
  DivisionPlan plan;
  for (auto _ : state) {
    auto result = Divide(units, options);
    if (!result) {
      state.SkipWithError(result.error().message.c_str());
      return;
    }
    plan = std::move(*result);
    benchmark::DoNotOptimize(plan);
  }
  double compactness = 0;
  for (const DivisionGrid& g : plan.grids) compactness += g.compactness;
  state.counters["units"] = static_cast<double>(units.size());
  state.counters["grids"] = grids;
  state.counters["max_dev_pct"] = plan.max_abs_deviation * 100;
  state.counters["bound_pct"] = plan.deviation_lower_bound * 100;
  state.counters["connected"] = plan.all_connected;
  state.counters["mean_pp"] = compactness / grids;
}

// 160 x 125 = 20,000 groups, ~16 per grid, grid mean ~7,000 people.
void BM_Divide20kInto1200(benchmark::State& state) {
  RunDivide(state, 160, 125, 1200);
}
BENCHMARK(BM_Divide20kInto1200)->Unit(benchmark::kMillisecond)->Iterations(3);

// Dongyang: 28 village groups into its 12 grids.
void BM_DivideDongyang28Into12(benchmark::State& state) {
  RunDivide(state, 7, 4, 12);
}
BENCHMARK(BM_DivideDongyang28Into12)->Unit(benchmark::kMillisecond);

void BM_Adjacency20k(benchmark::State& state) {
  const std::vector<DivisionUnit> units = VillageGroups(160, 125, 20240601);
  size_t pairs = 0;
  for (auto _ : state) pairs = SharedBoundaryAdjacency(units, 1.0).size();
  state.counters["pairs"] = static_cast<double>(pairs);
}
BENCHMARK(BM_Adjacency20k)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wangge::geo

BENCHMARK_MAIN();
