#include "geo/coverage.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

// Boost 1.81's envelope of a polygon with holes trips a false
// -Wmaybe-uninitialized in GCC 12.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#pragma GCC diagnostic pop

#include "geo/measure.h"

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::d2::point_xy<double>;
using BRing = bg::model::ring<BPoint, false, true>;
using BPolygon = bg::model::polygon<BPoint, false, true>;
using BMulti = bg::model::multi_polygon<BPolygon>;
using BBox = bg::model::box<BPoint>;
using BoxEntry = std::pair<BBox, size_t>;  // box, index into grids
using BoxTree = bgi::rtree<BoxEntry, bgi::rstar<16>>;

// Upper bound of metres per degree along any direction on WGS84 (the prime
// vertical radius at the pole times pi/180); dividing by it gives a degree
// distance that is never more than the metric one.
constexpr double kMaxMetresPerDegree = 111700.0;

BRing ToBoostRing(const Ring& ring) {
  BRing out;
  out.reserve(ring.size());
  for (const LonLat& p : ring) out.emplace_back(p.lon, p.lat);
  return out;
}

BMulti ToBoost(const MultiPolygon& shape) {
  BMulti out;
  for (const Polygon& polygon : shape) {
    if (polygon.outer.empty()) continue;
    BPolygon& b = out.emplace_back();
    b.outer() = ToBoostRing(polygon.outer);
    for (const Ring& hole : polygon.holes) {
      b.inners().push_back(ToBoostRing(hole));
    }
  }
  bg::correct(out);  // either input orientation; closes open rings
  return out;
}

Polygon FromBoost(const BPolygon& b) {
  auto ring = [](const BRing& r) {
    Ring out;
    out.reserve(r.size());
    for (const BPoint& p : r) out.push_back({p.x(), p.y()});
    return out;
  };
  Polygon polygon{ring(b.outer()), {}};
  for (const BRing& inner : b.inners()) polygon.holes.push_back(ring(inner));
  return polygon;
}

// Splits an overlay result into its connected pieces (Boost returns each
// as one polygon) and keeps those above the tolerance.
void AddPieces(const BMulti& result, const std::string& kind,
               const std::vector<std::string>& codes, double tolerance_m2,
               std::vector<AreaDefect>& out) {
  for (const BPolygon& b : result) {
    MultiPolygon piece{FromBoost(b)};
    double area = AreaM2(piece);
    if (!(area > tolerance_m2)) continue;
    out.push_back(AreaDefect{.kind = kind,
                             .grid_codes = codes,
                             .area_m2 = area,
                             .location = RepresentativePoint(piece),
                             .shape = std::move(piece)});
  }
}

bool Covers(const BMulti& shape, const BBox& box, const BPoint& p) {
  return bg::covered_by(p, box) && bg::covered_by(p, shape);
}

}  // namespace

bool CoverageReport::Clean() const {
  return areas.empty() && households.empty();
}

CoverageReport CheckCoverage(const MultiPolygon& community,
                             const std::vector<GridShape>& grids,
                             const std::vector<HouseholdPoint>& households,
                             const CoverageOptions& options) {
  CoverageReport report;
  const BMulti area = ToBoost(community);
  std::vector<BMulti> shapes;
  std::vector<BBox> boxes;
  std::vector<BoxEntry> entries;
  shapes.reserve(grids.size());
  for (size_t i = 0; i < grids.size(); ++i) {
    shapes.push_back(ToBoost(grids[i].shape));
    boxes.push_back(shapes.back().empty()
                        ? BBox(BPoint(0, 0), BPoint(-1, -1))  // matches nothing
                        : bg::return_envelope<BBox>(shapes.back()));
    if (!shapes.back().empty()) entries.emplace_back(boxes.back(), i);
  }
  const BoxTree tree(entries.begin(), entries.end());  // packing constructor

  // Gaps: what of the community no grid covers.
  if (!area.empty()) {
    std::vector<MultiPolygon> parts;
    parts.reserve(grids.size());
    for (const GridShape& grid : grids) parts.push_back(grid.shape);
    BMulti covered = ToBoost(UnionAll(parts));
    BMulti gaps;
    bg::difference(area, covered, gaps);
    AddPieces(gaps, "gap", {}, options.gap_tolerance_m2, report.areas);
  }

  // Overlaps: every pair whose boxes meet. Boxes of neighbours touch along
  // their shared edge, so most candidate pairs are neighbours whose
  // intersection is empty or a sliver.
  for (size_t i = 0; i < grids.size(); ++i) {
    if (shapes[i].empty()) continue;
    std::vector<BoxEntry> near;
    tree.query(bgi::intersects(boxes[i]), std::back_inserter(near));
    std::sort(near.begin(), near.end(),
              [](const BoxEntry& a, const BoxEntry& b) {
                return a.second < b.second;
              });
    for (const auto& [box, j] : near) {
      if (j <= i) continue;
      BMulti both;
      bg::intersection(shapes[i], shapes[j], both);
      AddPieces(both, "overlap", {grids[i].code, grids[j].code},
                options.overlap_tolerance_m2, report.areas);
    }
  }

  // Overhangs: what of each grid lies outside the community.
  for (size_t i = 0; i < grids.size() && !area.empty(); ++i) {
    if (shapes[i].empty()) continue;
    BMulti outside;
    bg::difference(shapes[i], area, outside);
    AddPieces(outside, "outside_community", {grids[i].code},
              options.gap_tolerance_m2, report.areas);
  }

  // Households: first their own grid (the common case, one point-in-polygon
  // test), then the R-tree for the grid that does contain them.
  std::unordered_map<int64_t, size_t> by_id;
  for (size_t i = 0; i < grids.size(); ++i) by_id.emplace(grids[i].id, i);
  const double tolerance_deg = options.point_tolerance_m / kMaxMetresPerDegree;
  std::vector<BoxEntry> hits;
  for (const HouseholdPoint& h : households) {
    const BPoint p(h.point.lon, h.point.lat);
    auto own = by_id.find(h.grid_id);
    if (own != by_id.end()) {
      const BMulti& shape = shapes[own->second];
      if (Covers(shape, boxes[own->second], p)) continue;
      if (!shape.empty() && tolerance_deg > 0 &&
          bg::distance(p, shape) <= tolerance_deg) {
        continue;
      }
    }
    hits.clear();
    tree.query(bgi::intersects(p), std::back_inserter(hits));
    std::optional<size_t> found;
    for (const auto& [box, j] : hits) {
      if ((!found || j < *found) && bg::covered_by(p, shapes[j])) found = j;
    }
    HouseholdDefect defect{.kind = found ? "outside_own_grid" : "in_no_grid",
                           .household_id = h.id,
                           .household_no = h.household_no,
                           .grid_id = h.grid_id,
                           .found_grid_id = std::nullopt,
                           .point = h.point};
    if (found) defect.found_grid_id = grids[*found].id;
    report.households.push_back(std::move(defect));
  }
  return report;
}

}  // namespace wangge::geo
