// Synthetic cities for tests and benchmarks: a jittered tessellation that
// looks like real grid boundaries (irregular, 20-60 vertices, neighbours
// sharing every boundary vertex bit for bit) and uniformly random points.
// Pure and deterministic: the same arguments give the same doubles on the
// same platform (across platforms, libm's log and cos, used once each for
// the lattice shape and the degree scale, may differ in the last bit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geo/geometry.h"
#include "geo/locator.h"

namespace wangge::geo {

// An axis-aligned lon/lat box.
struct LonLatBox {
  LonLat min;
  LonLat max;
};

// `grids` polygons tiling a width_km x height_km city whose south-west
// corner is `origin`, with ids 1..grids (row by row from the south-west).
// Built from a cols x rows lattice (cols * rows == grids, cells as square
// as the divisors of `grids` allow): interior lattice vertices are displaced
// by up to 0.2 of a cell, each lattice side gets a random number of
// intermediate vertices displaced sideways within a thin lens around it, and
// both polygons on a side use the very same vertices, so the tiling has no
// gaps or overlaps. The outer boundary wiggles too (its sides are jittered
// like inner ones). Every polygon is simple (lattice quads stay convex and
// the lenses of two sides never meet but at their corner), with its outer
// ring counter-clockwise and closed, and a vertex count in
// [4 + 4 * ceil((min_vertices - 4) / 4), 4 + 4 * floor((max_vertices - 4) / 4)]
// (a subrange of [min_vertices, max_vertices]; all of it for 20-60).
// Kilometres become degrees with a spherical Earth at the city's mid
// latitude. Throws std::invalid_argument for grids < 1, non-positive sizes,
// or a vertex range that admits no count.
std::vector<PointLocator::Entry> MakeJitteredCity(int grids, double width_km,
                                                  double height_km,
                                                  int min_vertices,
                                                  int max_vertices,
                                                  uint64_t seed, LonLat origin);

// The smallest box holding every vertex of every entry ({0,0},{0,0} when
// there is none).
LonLatBox BoundsOf(const std::vector<PointLocator::Entry>& entries);

// `n` points drawn uniformly from [box.min, box.max) in lon and lat.
std::vector<LonLat> RandomPoints(size_t n, LonLatBox box, uint64_t seed);

}  // namespace wangge::geo
