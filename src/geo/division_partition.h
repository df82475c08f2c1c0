// First cut of a division: K split among the pieces of the community, the
// population each grid should hold, and the METIS k-way partition of a piece.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/division.h"
#include "geo/division_internal.h"

namespace wangge::geo::internal {

// Splits K among the pieces (each gets 1..size grids) so that their
// per-grid means stay close to the global mean.
std::vector<int> Apportion(const std::vector<double>& weight,
                           const std::vector<int>& size, int k);

// The population each of `parts` grids should hold: the mean, except that
// units heavier than the mean can only stand alone, and the other grids share
// the rest. So the largest c = (sum of units <= c) / (parts - units > c).
double BalanceTarget(std::vector<int64_t> w, int parts);

// METIS k-way partition of one piece into `parts`; part ids in [0, parts).
std::vector<int> PartitionPiece(const Graph& g, const std::vector<int>& units,
                                const std::vector<int64_t>& pop, int parts,
                                const DivisionOptions& options);

}  // namespace wangge::geo::internal
