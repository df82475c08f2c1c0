// Repair and refinement of a first-cut division: connected grids, balanced
// populations, compact outlines.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/division.h"
#include "geo/division_internal.h"

namespace wangge::geo::internal {

// Turns METIS's `assignment` (unit -> grid in [0, k)) into the final one:
// connectivity repair, filling grids METIS left empty (`piece_of_grid`:
// grid -> the piece it belongs to), balance refinement towards `target`
// people per grid within options.ufactor, iterated local search when
// options.refine_passes > 0, then compaction within the reached balance.
// Deterministic for the same input and options.seed.
std::vector<int> RepairAndBalance(const Graph& graph,
                                  const std::vector<int64_t>& pop, int k,
                                  double target,
                                  const std::vector<int>& piece_of_grid,
                                  const DivisionOptions& options,
                                  std::vector<int> assignment);

}  // namespace wangge::geo::internal
