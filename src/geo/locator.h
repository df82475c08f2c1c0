// "Which grid is this point in?" answered from memory, exactly, in tens of
// nanoseconds: a two-level uniform cell grid over the polygons' bounding
// box. Most cells lie wholly inside one polygon or outside all (one memory
// read answers); a cell cut by a single shared edge is decided by one exact
// side test; the few cells left (around vertices) carry the edges that a
// crossing-number test needs there.
//
// The boundary rule (the "half-open" or east-north rule). A point p belongs
// to the polygon that contains the points just east of it, and, where east
// of p runs along a horizontal edge, just north of it. Formally: p belongs to
// shape S iff p + (e, e*e) lies in the interior of S for every small enough
// e > 0. Consequences:
//   - a point on a non-horizontal edge shared by two polygons belongs to the
//     polygon east of the edge; on a horizontal shared edge, to the polygon
//     north of it; on a vertex shared by several polygons, to the one whose
//     corner holds the direction just north of due east;
//   - on a polygon's own outer boundary (no neighbour), p belongs to it iff
//     the polygon lies east (or, on a horizontal edge, north) of p: the unit
//     square contains its west and south sides but not its east and north
//     sides, i.e. [0, 1) x [0, 1);
//   - hence in a tiling without gaps or overlaps every point of the tiled
//     region (boundaries included, except the outer east/north boundary)
//     belongs to exactly one polygon, never zero and never two.
// Coordinates are taken as planar (x = lon, y = lat), as PostGIS does for
// geometry(..., 4326). The predicates are exact for every finite double
// input: an orientation test whose floating-point value is trusted only
// outside its proven error bound and otherwise recomputed exactly with
// error-free transformations. (Exactness assumes products of coordinate
// differences neither underflow nor overflow, i.e. differences are 0 or
// between ~1e-150 and ~1e150 in magnitude: true for any real longitude and
// latitude data.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "geo/geometry.h"

namespace wangge::geo {

// True when `p` belongs to `shape` under the boundary rule above. Holes and
// several parts are handled by parity over all rings, so ring orientation
// does not matter; rings need not repeat their first point at the end.
// Brute force (every edge): for one-off checks and for tests. Unlike
// geo::Contains (closed: boundary points belong to every touching shape) a
// point on a shared edge belongs to exactly one of two neighbours.
bool BelongsTo(const MultiPolygon& shape, LonLat p);

class PointLocator {
 public:
  struct Entry {
    int64_t id;
    MultiPolygon shape;
  };

  // Builds the index; the shapes are not kept. Shapes should be valid
  // (simple rings, holes inside their shell) with disjoint interiors: a
  // tiling, possibly with gaps; neighbours need not share vertices, though
  // lookups near shared edges are fastest when they do. Ids need not be
  // unique or ordered. Entries with empty, zero-area or non-finite shapes
  // are never returned. Cost for 1,200 grids of 20-60 vertices: under 0.1 s
  // and about 7 MB.
  explicit PointLocator(std::vector<Entry> entries);

  // The id of the entry p belongs to under the boundary rule (see the top of
  // this file), or nullopt when it belongs to none (also for NaN or
  // infinite coordinates): exactly the entry whose shape BelongsTo(shape, p)
  // holds for. Where valid shapes overlap, one of the entries p belongs to;
  // for invalid shapes (self-intersecting rings) the answer is unspecified.
  // Tens of nanoseconds; thread-safe.
  std::optional<int64_t> Locate(LonLat p) const;

  // Number of entries the locator was built from.
  size_t size() const { return ids_.size(); }

  // Shape of the index, for benchmarks and diagnostics.
  struct Stats {
    int cells_x = 0, cells_y = 0;  // Fine cells over the bounding box.
    int blocks = 0;                // Coarse cells split into fine cells.
    int split_cells = 0;           // Cells cut by exactly one edge.
    int record_cells = 0;          // Cells needing a crossing test.
    size_t memory_bytes = 0;       // Heap bytes held by the index.
  };
  Stats GetStats() const;

 private:
  class Builder;

  std::optional<int64_t> Resolve(uint32_t word, LonLat p) const;
  std::optional<int64_t> LocateInRecord(uint32_t offset, LonLat p) const;

  // Entry index -> id.
  std::vector<int64_t> ids_;
  // Query box [min, max) in each axis, cut into nx_ x ny_ fine cells; fine
  // cell (i, j) covers [min_x + i * w, min_x + (i + 1) * w) x [...]. Fine
  // cells are grouped kSub x kSub into coarse cells.
  double min_x_ = 0, min_y_ = 0, max_x_ = -1, max_y_ = -1;
  double inv_cell_w_ = 0, inv_cell_h_ = 0;
  int nx_ = 0, ny_ = 0, coarse_nx_ = 0;
  // A cell word, coarse or fine, is tagged by its top two bits:
  //   00: 0 = outside every entry, v > 0 = wholly inside entry v - 1;
  //   01: cut by one edge only: split_edges_[value] decides;
  //   10: (fine) crossing test: the record at records_[value];
  //   11: (coarse) block: fine words blocks_[value * kSub^2 ...].
  // Coarse words, row-major.
  std::vector<uint32_t> coarse_;
  std::vector<uint32_t> blocks_;
  // An edge that alone cuts some cell: canonical endpoints (a before b in
  // (lat, lon) order) and the entries on its two sides (index + 1, 0 for
  // none). "Left" is west of an upward edge, north of a horizontal one.
  struct SplitEdge {
    double ax, ay, bx, by;
    uint32_t left, right;
  };
  std::vector<SplitEdge> split_edges_;
  // Crossing-test records, each self-contained so that a lookup reads one
  // run of adjacent cache lines:
  //   [candidate count | covered << 32]
  //   per candidate: [entry index | parity << 31 | edge count << 32]
  //                  edge count x [ax][ay][bx][by] (double bits)
  // A candidate's edges are its non-horizontal edges that an eastward ray
  // from the cell may cross; the parity bit folds in those east of the cell
  // that span the whole cell row (every such ray crosses them). "Covered"
  // means the candidates tile the whole cell, so the last one is the answer
  // when no other is, and its edges are not stored.
  std::vector<uint64_t> records_;
};

}  // namespace wangge::geo
