// Adjacency of division units: projection to metres, boundary lengths shared
// between units, the neighbour graph, and the pieces (islands, enclaves) of
// a community that are partitioned separately.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "geo/division.h"
#include "geo/division_internal.h"

namespace wangge::geo::internal {

// Projects the units to metres (an equirectangular projection about the
// data's centre) and measures their areas, perimeters and boxes.
std::vector<UnitGeometry> Project(const std::vector<DivisionUnit>& units);

// Every pair of units with a positive shared boundary, a < b, ascending.
std::vector<PairLength> SharedLengths(const std::vector<UnitGeometry>& geo);

// CSR adjacency: shared-boundary edges plus "bridges" (length 0) that tie
// small islands to their nearest neighbour.
Graph BuildGraph(int n, const std::vector<PairLength>& pairs,
                 const std::vector<std::pair<int, int>>& bridges);

// Pieces of the community that will be partitioned separately: connected
// components of the shared-boundary graph, after tying every piece too small
// for a grid of its own (or beyond K pieces) to its nearest other piece.
// Returns the bridges; fills `pieces` with members ascending, pieces ordered
// by their lowest unit.
std::vector<std::pair<int, int>> PlanPieces(
    const std::vector<UnitGeometry>& geo, const std::vector<PairLength>& adj,
    const std::vector<int64_t>& pop, int k, double island_pop,
    std::vector<std::vector<int>>* pieces);

// Per grid, whether its units form one piece through real shared
// boundaries; bridges to islands do not count.
std::vector<bool> ConnectedGrids(const Graph& g,
                                 const std::vector<int>& grid_of, int k);

}  // namespace wangge::geo::internal
