// Dongyang demo, village groups and grids: the area codes, the lattice of
// village groups with their polygons and names, and the grids drawn as
// vertical runs of whole groups balanced by population.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/demo/dongyang_builder.h"

namespace wangge::demo::internal {
namespace {

// The numbered groups are the old core of 东阳村 and take the cells nearest
// the centre; the rest are named after their hamlets.
constexpr std::string_view kNumberedGroups[] = {
    "东阳一组", "东阳二组", "东阳三组", "东阳四组",
    "东阳五组", "东阳六组", "东阳七组", "东阳八组"};
constexpr std::string_view kHamletGroups[] = {
    "王家边组", "下蜀组",   "陈家湾组", "李家岗组", "高庄组",
    "杨树岗组", "孙家村组", "徐家桥组", "石塘组",   "河西组",
    "新庄组",   "前村组",   "后村组",   "大塘组",   "小营组",
    "张家庄组", "刘家冲组", "周岗组",   "胡家圩组", "马埂组"};
static_assert(std::size(kNumberedGroups) + std::size(kHamletGroups) ==
              kColumns * kRows);

constexpr const char* kChineseNumerals[] = {"零", "一",   "二",  "三", "四",
                                            "五", "六",   "七",  "八", "九",
                                            "十", "十一", "十二"};

// Rounds to 1e-6 degrees (~0.1 m) so that stored and printed coordinates
// agree; shared vertices are rounded once and then copied.
double Round6(double x) { return std::round(x * 1e6) / 1e6; }

std::string TwoDigits(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

struct Run {
  int column, row_lo, row_hi;  // Rows inclusive, south->north.
};

// Splits the columns into kGrids vertical runs minimising the sum of squared
// deviations of run populations from the mean: exact dynamic programming
// over the column-strip restriction (a stand-in until METIS partitioning).
std::vector<Run> PartitionColumns(
    const std::vector<std::array<int, kRows>>& pop) {
  double total = 0;
  for (const auto& column : pop)
    for (int p : column) total += p;
  const double mean = total / kGrids;
  auto cost = [&](int c, int lo, int hi) {
    double sum = 0;
    for (int r = lo; r <= hi; ++r) sum += pop[c][r];
    return (sum - mean) * (sum - mean);
  };
  // best[c][k]: cheapest split of column c into k runs, with its runs.
  std::vector<std::vector<std::pair<double, std::vector<Run>>>> best(kColumns);
  for (int c = 0; c < kColumns; ++c) {
    best[c].assign(kRows + 1, {std::numeric_limits<double>::infinity(), {}});
    // Each of the kRows-1 gaps between rows is cut or not.
    for (int mask = 0; mask < (1 << (kRows - 1)); ++mask) {
      std::vector<Run> runs;
      double cost_sum = 0;
      int lo = 0;
      for (int r = 0; r < kRows; ++r) {
        if (r == kRows - 1 || (mask >> r & 1)) {
          runs.push_back({c, lo, r});
          cost_sum += cost(c, lo, r);
          lo = r + 1;
        }
      }
      auto& slot = best[c][runs.size()];
      if (cost_sum < slot.first) slot = {cost_sum, runs};
    }
  }
  // f[c][g]: cheapest use of g runs for columns [0, c).
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> f(kColumns + 1,
                                     std::vector<double>(kGrids + 1, inf));
  std::vector<std::vector<int>> choice(kColumns + 1,
                                       std::vector<int>(kGrids + 1, 0));
  f[0][0] = 0;
  for (int c = 0; c < kColumns; ++c)
    for (int g = 0; g <= kGrids; ++g) {
      if (f[c][g] == inf) continue;
      for (int k = 1; k <= kRows && g + k <= kGrids; ++k) {
        const double v = f[c][g] + best[c][k].first;
        if (v < f[c + 1][g + k]) {
          f[c + 1][g + k] = v;
          choice[c + 1][g + k] = k;
        }
      }
    }
  std::vector<int> per_column(kColumns);
  for (int c = kColumns, g = kGrids; c > 0; --c) {
    per_column[c - 1] = choice[c][g];
    g -= choice[c][g];
  }
  std::vector<Run> runs;
  for (int c = 0; c < kColumns; ++c) {
    auto column_runs = best[c][per_column[c]].second;
    // North to south within the column, as grids are numbered.
    std::reverse(column_runs.begin(), column_runs.end());
    runs.insert(runs.end(), column_runs.begin(), column_runs.end());
  }
  return runs;
}

}  // namespace

void Builder::BuildArea() {
  d_.area.district_name = "南京市江宁区";
  d_.area.district_code = "320115";
  d_.area.street_name = "汤山街道";
  d_.area.street_code = d_.area.district_code + "003";
  d_.area.community_name = "东阳社区";
  d_.area.community_code = d_.area.street_code + "012";
}

void Builder::BuildLattice() {
  Rng rng = rng_.Fork();
  const double dx = kWidthDeg / kColumns, dy = kHeightDeg / kRows;
  lattice_.assign(kColumns + 1, std::vector<LonLat>(kRows + 1));
  for (int c = 0; c <= kColumns; ++c)
    for (int r = 0; r <= kRows; ++r) {
      double lon = kWestLon + c * dx, lat = kSouthLat + r * dy;
      if (c > 0 && c < kColumns) lon += (rng.Unit() - 0.5) * 0.24 * dx;
      if (r > 0 && r < kRows) lat += (rng.Unit() - 0.5) * 0.24 * dy;
      lattice_[c][r] = {Round6(lon), Round6(lat)};
    }
  Ring& ring = d_.area.boundary;
  for (int c = 0; c < kColumns; ++c) ring.push_back(lattice_[c][0]);
  for (int r = 0; r < kRows; ++r) ring.push_back(lattice_[kColumns][r]);
  for (int c = kColumns; c > 0; --c) ring.push_back(lattice_[c][kRows]);
  for (int r = kRows; r > 0; --r) ring.push_back(lattice_[0][r]);
  ring.push_back(ring.front());
  // Shoelace area on a local equirectangular projection.
  const double kx = 111.320 * std::cos(31.95 * std::numbers::pi / 180),
               ky = 110.574;
  double twice = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i)
    twice += ring[i].lon * kx * ring[i + 1].lat * ky -
             ring[i + 1].lon * kx * ring[i].lat * ky;
  d_.area.area_km2 = std::round(twice / 2 * 100) / 100;
}

CellKind Builder::KindAt(int c, int r) const {
  if (c == kIndustrialColumn && r == kIndustrialRow)
    return CellKind::kIndustrial;
  for (const EstateCell& e : kEstateCells)
    if (e.column == c && e.row == r) return CellKind::kEstate;
  return CellKind::kVillage;
}

const char* Builder::EstateAt(int c, int r) const {
  for (const EstateCell& e : kEstateCells)
    if (e.column == c && e.row == r) return e.estate;
  return nullptr;
}

LonLat Builder::PointIn(Rng& rng, int c, int r) {
  const double u = 0.05 + 0.9 * rng.Unit(), v = 0.05 + 0.9 * rng.Unit();
  const LonLat& a = lattice_[c][r];
  const LonLat& b = lattice_[c + 1][r];
  const LonLat& e = lattice_[c + 1][r + 1];
  const LonLat& f = lattice_[c][r + 1];
  auto blend = [&](double LonLat::*m) {
    return (1 - u) * (1 - v) * a.*m + u * (1 - v) * b.*m + u * v * e.*m +
           (1 - u) * v * f.*m;
  };
  return {Round6(blend(&LonLat::lon)), Round6(blend(&LonLat::lat))};
}

void Builder::BuildVillageGroups() {
  // Centre cells first get the numbered names.
  std::vector<std::pair<double, int>> by_distance;
  for (int c = 0; c < kColumns; ++c)
    for (int r = 0; r < kRows; ++r) {
      const double dc = c + 0.5 - kColumns / 2.0, dr = r + 0.5 - kRows / 2.0;
      by_distance.push_back({dc * dc + dr * dr, GroupAt(c, r)});
    }
  std::stable_sort(by_distance.begin(), by_distance.end());
  std::vector<bool> central(kColumns * kRows, false);
  for (size_t i = 0; i < std::size(kNumberedGroups); ++i)
    central[by_distance[i].second] = true;
  d_.village_groups.resize(kColumns * kRows);
  size_t next_numbered = 0, next_hamlet = 0;
  for (int c = 0; c < kColumns; ++c)
    for (int r = kRows - 1; r >= 0; --r) {
      const int g = GroupAt(c, r);
      VillageGroup& group = d_.village_groups[g];
      group.name = std::string(central[g] ? kNumberedGroups[next_numbered++]
                                          : kHamletGroups[next_hamlet++]);
      group.kind = KindAt(c, r) == CellKind::kEstate       ? "estate"
                   : KindAt(c, r) == CellKind::kIndustrial ? "industrial"
                                                           : "village";
      group.column = c;
      group.row = r;
      group.ring = {lattice_[c][r], lattice_[c + 1][r], lattice_[c + 1][r + 1],
                    lattice_[c][r + 1], lattice_[c][r]};
    }
}

// ---- Grids ------------------------------------------------------------

void Builder::BuildGrids() {
  for (Household& h : d_.households) {
    VillageGroup& g = d_.village_groups[h.village_group_index];
    ++g.households;
    g.population += static_cast<int>(h.residents.size());
  }
  std::vector<std::array<int, kRows>> pop(kColumns);
  for (int c = 0; c < kColumns; ++c)
    for (int r = 0; r < kRows; ++r)
      pop[c][r] = d_.village_groups[GroupAt(c, r)].population;
  const std::vector<Run> runs = PartitionColumns(pop);
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& run = runs[i];
    Grid& grid = d_.grids.emplace_back();
    grid.sequence = TwoDigits(static_cast<int>(i) + 1);
    grid.code = d_.area.community_code + grid.sequence;
    grid.name = std::string("第") + kChineseNumerals[i + 1] + "网格";
    // Up the east side, back down the west side: counter-clockwise.
    const int c = run.column;
    for (int r = run.row_lo; r <= run.row_hi + 1; ++r)
      grid.ring.push_back(lattice_[c + 1][r]);
    for (int r = run.row_hi + 1; r >= run.row_lo; --r)
      grid.ring.push_back(lattice_[c][r]);
    grid.ring.insert(grid.ring.begin(), lattice_[c][run.row_lo]);
    for (int r = run.row_hi; r >= run.row_lo; --r) {
      const int g = GroupAt(c, r);
      grid.village_group_indices.push_back(g);
      d_.village_groups[g].grid_index = static_cast<int>(i);
      grid.households += d_.village_groups[g].households;
      grid.population += d_.village_groups[g].population;
    }
  }
  for (Household& h : d_.households)
    h.grid_index = d_.village_groups[h.village_group_index].grid_index;
}

}  // namespace wangge::demo::internal
