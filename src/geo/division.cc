// Grid division: Divide() validates the input, runs the stages (adjacency,
// pieces, METIS, repair and balance) and reports each grid's measures.
#include "geo/division.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "geo/division_balance.h"
#include "geo/division_graph.h"
#include "geo/division_internal.h"
#include "geo/division_partition.h"

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
using internal::Apportion;
using internal::BalanceTarget;
using internal::BuildGraph;
using internal::ConnectedGrids;
using internal::Graph;
using internal::kPi;
using internal::PairLength;
using internal::PartitionPiece;
using internal::PlanPieces;
using internal::Project;
using internal::RepairAndBalance;
using internal::SharedLengths;
using internal::UnitGeometry;
using internal::XY;

using BPolygon = bg::model::polygon<XY, /*ClockWise=*/false, /*Closed=*/true>;
using BMulti = bg::model::multi_polygon<BPolygon>;

BMulti ToBoost(const MultiPolygon& shape) {
  BMulti out;
  for (const Polygon& p : shape) {
    BPolygon bp;
    for (const LonLat& q : p.outer) bg::append(bp.outer(), XY(q.lon, q.lat));
    bp.inners().resize(p.holes.size());
    for (size_t h = 0; h < p.holes.size(); ++h)
      for (const LonLat& q : p.holes[h])
        bg::append(bp.inners()[h], XY(q.lon, q.lat));
    out.push_back(std::move(bp));
  }
  bg::correct(out);
  return out;
}

MultiPolygon FromBoost(const BMulti& shape) {
  auto ring = [](const auto& r) {
    Ring out;
    for (const XY& p : r) out.push_back({p.x(), p.y()});
    return out;
  };
  MultiPolygon out;
  for (const BPolygon& p : shape) {
    Polygon poly{ring(p.outer()), {}};
    for (const auto& h : p.inners()) poly.holes.push_back(ring(h));
    out.push_back(std::move(poly));
  }
  return out;
}

// Union of the units' shapes, merged pairwise (balanced) so no operand grows
// large early. Shared edges with identical vertices dissolve. Should Boost
// reject the input (self-intersections), the parts are returned unmerged.
MultiPolygon UnionOf(const std::vector<DivisionUnit>& units,
                     const std::vector<int>& members) {
  if (members.size() == 1) return units[members[0]].shape;
  try {
    std::vector<BMulti> parts;
    for (int u : members) parts.push_back(ToBoost(units[u].shape));
    while (parts.size() > 1) {
      std::vector<BMulti> next;
      for (size_t i = 0; i + 1 < parts.size(); i += 2) {
        BMulti merged;
        bg::union_(parts[i], parts[i + 1], merged);
        next.push_back(std::move(merged));
      }
      if (parts.size() % 2) next.push_back(std::move(parts.back()));
      parts.swap(next);
    }
    return FromBoost(parts[0]);
  } catch (const std::exception&) {
    MultiPolygon out;
    for (int u : members)
      out.insert(out.end(), units[u].shape.begin(), units[u].shape.end());
    return out;
  }
}

Status Validate(const std::vector<DivisionUnit>& units,
                const DivisionOptions& o) {
  if (units.empty())
    return Invalid("division.units_empty", "no village groups to divide",
                   "units");
  if (o.grids < 1)
    return Invalid("division.grids_invalid", "the number of grids must be >= 1",
                   "grids");
  if (static_cast<size_t>(o.grids) > units.size())
    return Invalid("division.grids_too_many",
                   "more grids than village groups: each grid needs a group",
                   "grids");
  if (!(o.ufactor >= 1.0 && o.ufactor <= 2.0))
    return Invalid("division.ufactor_invalid", "ufactor must be in [1, 2]",
                   "ufactor");
  if (o.refine_passes < 0)
    return Invalid("division.refine_passes_invalid",
                   "refine_passes must be >= 0", "refine_passes");
  if (!(o.min_shared_edge_m >= 0) || !std::isfinite(o.min_shared_edge_m))
    return Invalid("division.min_shared_edge_invalid",
                   "min_shared_edge_m must be a finite length >= 0",
                   "min_shared_edge_m");
  if (!(o.min_island_share >= 0) || !std::isfinite(o.min_island_share))
    return Invalid("division.min_island_share_invalid",
                   "min_island_share must be >= 0", "min_island_share");
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string at = "units[" + std::to_string(i) + "].";
    if (units[i].population < 0)
      return Invalid("division.population_negative", "population must be >= 0",
                     at + "population");
    if (units[i].households < 0)
      return Invalid("division.households_negative", "households must be >= 0",
                     at + "households");
    if (units[i].shape.empty())
      return Invalid("division.shape_empty", "a village group needs a shape",
                     at + "shape");
    for (const Polygon& p : units[i].shape) {
      bool ok = IsClosed(p.outer);
      for (const Ring& h : p.holes) ok = ok && IsClosed(h);
      for (size_t r = 0; ok && r <= p.holes.size(); ++r)
        for (const LonLat& q : r == 0 ? p.outer : p.holes[r - 1])
          ok = ok && std::isfinite(q.lon) && std::isfinite(q.lat);
      if (!ok)
        return Invalid("division.shape_invalid",
                       "rings must be closed with >= 4 finite points",
                       at + "shape");
    }
  }
  return {};
}

}  // namespace

Result<DivisionPlan> Divide(const std::vector<DivisionUnit>& units,
                            const DivisionOptions& options) {
  WG_TRY(Validate(units, options));
  const int n = static_cast<int>(units.size());
  const int k = options.grids;
  const std::vector<UnitGeometry> geo = Project(units);
  const std::vector<PairLength> shared = SharedLengths(geo);
  std::vector<PairLength> adjacent;
  for (const PairLength& p : shared)
    if (p.length > options.min_shared_edge_m) adjacent.push_back(p);

  std::vector<int64_t> pop(n);
  int64_t total = 0;
  for (int u = 0; u < n; ++u) total += pop[u] = units[u].population;
  const double mean = static_cast<double>(total) / k;

  // Pieces, K split among them, METIS on each.
  std::vector<std::vector<int>> pieces;
  const auto bridges = PlanPieces(geo, adjacent, pop, k,
                                  options.min_island_share * mean, &pieces);
  const Graph graph = BuildGraph(n, adjacent, bridges);
  std::vector<double> weight;
  std::vector<int> size;
  for (const auto& piece : pieces) {
    int64_t p = 0;
    for (int u : piece) p += pop[u];
    weight.push_back(total > 0 ? static_cast<double>(p) : piece.size());
    size.push_back(static_cast<int>(piece.size()));
  }
  const std::vector<int> share = Apportion(weight, size, k);
  std::vector<int> assignment(n, 0), piece_of_grid;
  for (size_t c = 0; c < pieces.size(); ++c) {
    const int base = static_cast<int>(piece_of_grid.size());
    const auto part = PartitionPiece(graph, pieces[c], pop, share[c], options);
    for (size_t i = 0; i < pieces[c].size(); ++i)
      assignment[pieces[c][i]] = base + part[i];
    piece_of_grid.insert(piece_of_grid.end(), share[c], static_cast<int>(c));
  }

  const double target = BalanceTarget(pop, k);
  const std::vector<int> raw = RepairAndBalance(
      graph, pop, k, target, piece_of_grid, options, std::move(assignment));

  // Renumber grids by lowest unit so numbering follows the input order.
  std::vector<int> renumber(k, -1);
  int next = 0;
  for (int u = 0; u < n; ++u)
    if (renumber[raw[u]] < 0) renumber[raw[u]] = next++;

  DivisionPlan plan;
  plan.mean_population = mean;
  plan.assignment.resize(n);
  plan.grids.resize(k);
  std::vector<double> perimeter(k, 0);
  int64_t largest = 0;
  for (int u = 0; u < n; ++u) {
    const int g = plan.assignment[u] = renumber[raw[u]];
    DivisionGrid& grid = plan.grids[g];
    grid.units.push_back(u);
    grid.population += pop[u];
    grid.households += units[u].households;
    grid.area_m2 += geo[u].area;
    perimeter[g] += geo[u].perimeter;
    largest = std::max(largest, pop[u]);
  }
  // Union perimeter = sum of perimeters - twice the inner shared boundary;
  // exact for non-overlapping units and independent of Boost's union.
  for (const PairLength& p : shared)
    if (plan.assignment[p.a] == plan.assignment[p.b])
      perimeter[plan.assignment[p.a]] -= 2 * p.length;
  for (const PairLength& p : adjacent) plan.adjacency.push_back({p.a, p.b});
  const std::vector<bool> connected = ConnectedGrids(graph, plan.assignment, k);
  for (int g = 0; g < k; ++g) {
    DivisionGrid& grid = plan.grids[g];
    grid.index = g;
    grid.deviation = mean > 0 ? (grid.population - mean) / mean : 0;
    grid.compactness = perimeter[g] > 0
                           ? std::min(1.0, 4 * kPi * grid.area_m2 /
                                               (perimeter[g] * perimeter[g]))
                           : 0;
    grid.connected = connected[g];
    grid.shape = UnionOf(units, grid.units);
    plan.max_abs_deviation =
        std::max(plan.max_abs_deviation, std::abs(grid.deviation));
    plan.all_connected = plan.all_connected && grid.connected;
  }
  plan.deviation_lower_bound =
      mean > 0 ? std::max(0.0, (static_cast<double>(largest) - mean) / mean)
               : 0;
  return plan;
}

}  // namespace wangge::geo
