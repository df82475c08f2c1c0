// Point location (issue 3): building the locator for a 1,200-grid city and
// locating 1,000,000 random points on one thread. The city and points are
// the ones bench/postgis_compare_bench.cc loads into PostGIS (same seeds).
//   build/bench/locate_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "geo/city_maker.h"
#include "geo/locator.h"

namespace wangge::geo {
namespace {

// Keep in step with bench/postgis_compare_bench.cc.
constexpr int kGrids = 1200;
constexpr double kWidthKm = 30, kHeightKm = 30;
constexpr int kMinVertices = 20, kMaxVertices = 60;
constexpr uint64_t kCitySeed = 20240603;
constexpr uint64_t kPointSeed = 7;
constexpr size_t kPoints = 1000000;
constexpr LonLat kOrigin{120.10, 29.15};  // Near Dongyang, Zhejiang.

const std::vector<PointLocator::Entry>& City() {
  static const auto* city = new std::vector<PointLocator::Entry>(
      MakeJitteredCity(kGrids, kWidthKm, kHeightKm, kMinVertices, kMaxVertices,
                       kCitySeed, kOrigin));
  return *city;
}

const std::vector<LonLat>& Points() {
  static const auto* points = new std::vector<LonLat>(
      RandomPoints(kPoints, BoundsOf(City()), kPointSeed));
  return *points;
}

void BM_LocatorBuild(benchmark::State& state) {
  PointLocator::Stats stats;
  for (auto _ : state) {
    state.PauseTiming();
    auto entries = City();  // The copy is not part of the build.
    state.ResumeTiming();
    PointLocator locator(std::move(entries));
    benchmark::DoNotOptimize(locator);
    state.PauseTiming();
    stats = locator.GetStats();
    state.ResumeTiming();
  }
  state.counters["grids"] = kGrids;
  state.counters["memory_MiB"] = stats.memory_bytes / 1048576.0;
  state.counters["cells"] = static_cast<double>(stats.cells_x) * stats.cells_y;
}
BENCHMARK(BM_LocatorBuild)->Unit(benchmark::kMillisecond);

void BM_Locate(benchmark::State& state) {
  const PointLocator locator(City());
  const std::vector<LonLat>& points = Points();
  int64_t located = 0;
  for (auto _ : state) {
    located = 0;
    for (const LonLat& p : points) {
      const std::optional<int64_t> id = locator.Locate(p);
      benchmark::DoNotOptimize(id);
      located += id.has_value();
    }
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(points.size()));
  state.counters["points"] = static_cast<double>(points.size());
  state.counters["located_pct"] = 100.0 * located / points.size();
}
BENCHMARK(BM_Locate)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace wangge::geo

BENCHMARK_MAIN();
