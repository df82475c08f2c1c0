// The coverage check behind the rule 全面覆盖, 界线明确, 不留空白: the grids
// of a community (or of a whole street) cover it completely, do not overlap,
// stay inside it, and every household lies in the grid it is registered to.
// The report is what a street office reviews, so every defect carries its
// area, a point inside it to show on a map, and its shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/geometry.h"

namespace wangge::geo {

struct GridShape {
  int64_t id = 0;
  std::string code;
  std::string name;
  MultiPolygon shape;
};

struct HouseholdPoint {
  int64_t id = 0;
  std::string household_no;
  int64_t grid_id = 0;  // the grid the household is registered to
  LonLat point;
};

struct CoverageOptions {
  // A connected gap, overlap or overhang is reported only when its area is
  // above these many square metres: floating-point slivers along edges that
  // are shared but were digitised twice fall below them. The gap tolerance
  // also applies to outside_community pieces.
  double gap_tolerance_m2 = 1.0;
  double overlap_tolerance_m2 = 1.0;
  // A household point this close to its own grid still counts as inside, so
  // that a point computed to lie on a boundary is not flagged for rounding.
  // Applied conservatively: only points certainly within it are excused.
  double point_tolerance_m = 0.01;
};

// One connected piece of wrong area.
struct AreaDefect {
  std::string kind;  // "gap" | "overlap" | "outside_community"
  // Codes of the grids involved: none for a gap, the two grids (in input
  // order) for an overlap, the overhanging grid for outside_community.
  std::vector<std::string> grid_codes;
  double area_m2 = 0;
  LonLat location;     // a point inside the piece (RepresentativePoint)
  MultiPolygon shape;  // the piece itself, one polygon
};

struct HouseholdDefect {
  std::string kind;  // "outside_own_grid" | "in_no_grid"
  int64_t household_id = 0;
  std::string household_no;
  int64_t grid_id = 0;  // the registered grid
  // For outside_own_grid: the grid that does contain the point, if any
  // (the lowest input position when several do).
  std::optional<int64_t> found_grid_id;
  LonLat point;
};

struct CoverageReport {
  std::vector<AreaDefect> areas;  // gaps, then overlaps, then overhangs
  std::vector<HouseholdDefect> households;  // in input order
  // True when nothing is to be fixed.
  bool Clean() const;
};

// Checks that `grids` tile `community` and that each household lies in its
// own grid (a point on a grid's boundary is inside it, so a household on the
// edge between two grids is fine in either). Gaps are the community minus
// the union of the grids; overlaps are pairwise intersections of grids
// (pairs found through an R-tree of bounding boxes); outside_community is
// each grid minus the community. Each connected piece is reported on its own
// if its area exceeds the tolerance. Edges shared with bit-identical
// vertices produce no defect. Households are located through an R-tree of
// grid boxes, so 100,000 points against 500 grids take well under a second.
// A household whose grid_id is not among `grids` is reported as
// outside_own_grid (with the grid that contains it) or in_no_grid.
//
// Shapes are expected to be valid (see ValidateMultiPolygon); either ring
// orientation is accepted. An empty `community` (no boundary on record)
// skips the gap and outside_community checks: only overlaps and households
// are checked then.
CoverageReport CheckCoverage(const MultiPolygon& community,
                             const std::vector<GridShape>& grids,
                             const std::vector<HouseholdPoint>& households,
                             const CoverageOptions& options = {});

}  // namespace wangge::geo
