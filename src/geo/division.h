// Automatic grid division (网格划分): Dongyang draws its grids
// "以人口为基数、以村组 为单位" — population is the base and whole village
// groups (村组) are the unit. Divide() turns a community's village groups into
// K contiguous grids, each a union of whole groups, balanced by population.
// Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "geo/geometry.h"

namespace wangge::geo {

// One village group: the indivisible building block of a grid. Shapes of
// different units must not overlap; neighbours should share boundary
// vertices, but collinear shared edges split at different vertices are
// recognised too.
struct DivisionUnit {
  int64_t id = 0;
  std::string code;
  std::string name;
  MultiPolygon shape;  // WGS84, closed rings
  int64_t population = 0;
  int64_t households = 0;
};

struct DivisionOptions {
  // K, the number of grids to draw (Dongyang: 12).
  int grids = 12;
  // Allowed imbalance as a factor of the mean population, in [1, 2]: 1.01
  // means 1%. It is METIS's load imbalance, and the refinement's goal: once
  // every grid is within it, the slack goes to compact outlines rather than
  // to balance beyond it. When the input does not allow it, refinement goes
  // as low as it can. 1.0 asks for the tightest balance reachable.
  double ufactor = 1.01;
  // METIS seed; the same input, options and seed give the same plan.
  uint64_t seed = 1;
  // Upper bound on refinement rounds (each: a sweep of single-unit moves
  // between neighbouring grids, then chains of moves that relieve the worst
  // grid) and on the compaction passes after them. 0 keeps METIS's result
  // after connectivity repair.
  int refine_passes = 64;
  // Two units are adjacent only when they share more boundary than this;
  // touching at a corner never counts.
  double min_shared_edge_m = 1.0;
  // A disconnected piece of the community (an island, an enclave) holding
  // less than this share of a grid's mean population cannot make a grid of
  // its own; it is attached to the nearest other piece, and the grid that
  // takes it is then reported as not connected. Larger pieces get their own
  // grids, so every grid stays connected.
  double min_island_share = 0.5;
};

struct DivisionGrid {
  int index = 0;
  std::vector<int> units;  // indices into the input, ascending
  int64_t population = 0;
  int64_t households = 0;
  double deviation = 0;  // (population - mean) / mean; 0 when the mean is 0
  double area_m2 = 0;
  double compactness = 0;  // Polsby-Popper 4πA/P² of the union, in (0, 1]
  MultiPolygon shape;      // union of the units' shapes
  bool connected = true;   // units form one piece through shared boundaries
};

struct DivisionPlan {
  std::vector<int> assignment;  // unit index -> grid index
  // Grids are numbered by their lowest unit index, so the input order
  // (usually the village-group code) fixes the numbering.
  std::vector<DivisionGrid> grids;
  double mean_population = 0;
  double max_abs_deviation = 0;  // max |deviation| over the grids
  // No division can do better than this: the grid holding the most populous
  // unit has at least that unit's population, so its deviation is at least
  // max(0, (largest_unit_population - mean) / mean). max_abs_deviation >=
  // deviation_lower_bound always. When units outweigh the mean, each stands
  // alone and the remaining grids are balanced among themselves.
  double deviation_lower_bound = 0;
  bool all_connected = true;
  std::vector<std::pair<int, int>> adjacency;  // (i, j), i < j, ascending
};

// Splits `units` into options.grids connected grids of whole units with
// balanced population: METIS k-way (contiguous) partition of the adjacency
// graph weighted by population and shared boundary length, connectivity
// repair, balance refinement by boundary moves and chains of moves that
// never disconnect a grid nor raise the maximum deviation, then compaction
// within the reached balance. Disconnected pieces of the community are
// partitioned separately (see min_island_share). Deterministic: the same
// units, options and seed give the same plan. Fails with kInvalidArgument
// naming the field when the input is empty, K < 1 or K > units.size(), a
// population or household count is negative, a shape is empty, unclosed or not
// finite, or an option is out of range.
Result<DivisionPlan> Divide(const std::vector<DivisionUnit>& units,
                            const DivisionOptions& options);

// Pairs (i, j), i < j, ascending, of units whose boundaries share more than
// `min_shared_edge_m` metres: identical edges (the common case, found by
// hashing edge endpoints) plus collinear overlapping edges split at
// different vertices (found through an R-tree of the remaining edges). Fast
// for tens of thousands of units. Units with empty shapes have no
// neighbours.
std::vector<std::pair<int, int>> SharedBoundaryAdjacency(
    const std::vector<DivisionUnit>& units, double min_shared_edge_m);

}  // namespace wangge::geo
