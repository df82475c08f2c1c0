// Adjacency of division units: projection, shared boundaries found by exact
// and collinear edge matching, the CSR graph, pieces and grid connectivity.
#include "geo/division_graph.h"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iterator>
#include <numeric>
#include <queue>
#include <tuple>
#include <utility>
#include <vector>

namespace wangge::geo {
namespace internal {
namespace {

namespace bgi = boost::geometry::index;
using BoxEntry = std::pair<Box, int>;
using BoxTree = bgi::rtree<BoxEntry, bgi::rstar<16>>;

constexpr double kEarthRadiusM = 6371008.8;
// Independently digitised split points of a shared edge rarely sit exactly on
// the neighbour's edge; this close to its line counts as on it.
constexpr double kCollinearToleranceM = 0.05;

// Equirectangular projection about the data's centre. Over a community (a
// few km) its scale error is far below 1%, enough for lengths, areas and
// compactness; and being per-axis linear it maps equal vertices to equal
// points, which the exact edge matching relies on.
struct Projection {
  double lon0 = 0, lat0 = 0, kx = 1, ky = 1;
  XY operator()(const LonLat& p) const {
    return XY((p.lon - lon0) * kx, (p.lat - lat0) * ky);
  }
};

Projection MakeProjection(const std::vector<DivisionUnit>& units) {
  double lo_lon = 1e300, hi_lon = -1e300, lo_lat = 1e300, hi_lat = -1e300;
  for (const DivisionUnit& u : units)
    for (const Polygon& p : u.shape)
      for (const LonLat& q : p.outer) {
        lo_lon = std::min(lo_lon, q.lon), hi_lon = std::max(hi_lon, q.lon);
        lo_lat = std::min(lo_lat, q.lat), hi_lat = std::max(hi_lat, q.lat);
      }
  Projection proj;
  if (lo_lon > hi_lon) return proj;
  proj.lon0 = (lo_lon + hi_lon) / 2;
  proj.lat0 = (lo_lat + hi_lat) / 2;
  proj.ky = kEarthRadiusM * kPi / 180;
  proj.kx = proj.ky * std::cos(proj.lat0 * kPi / 180);
  return proj;
}

double RingArea(const std::vector<XY>& r) {
  double twice = 0;
  for (size_t i = 0; i + 1 < r.size(); ++i)
    twice += r[i].x() * r[i + 1].y() - r[i + 1].x() * r[i].y();
  return std::abs(twice) / 2;
}

// One boundary edge, endpoints in lexicographic order so that both
// neighbours' copies of a shared edge compare equal.
struct Edge {
  double ax, ay, bx, by;
  int unit;
  double length;
  auto Key() const { return std::tie(ax, ay, bx, by, unit); }
};

// Length along which e and f (of different units) run on one line.
double CollinearOverlap(const Edge* e, const Edge* f) {
  if (f->length > e->length) std::swap(e, f);  // test the short one's ends
  const double dx = e->bx - e->ax, dy = e->by - e->ay, len = e->length;
  auto off = [&](double x, double y) {
    return std::abs(dx * (y - e->ay) - dy * (x - e->ax)) / len;
  };
  if (off(f->ax, f->ay) > kCollinearToleranceM ||
      off(f->bx, f->by) > kCollinearToleranceM)
    return 0;
  auto along = [&](double x, double y) {
    return (dx * (x - e->ax) + dy * (y - e->ay)) / len;
  };
  double t0 = along(f->ax, f->ay), t1 = along(f->bx, f->by);
  if (t0 > t1) std::swap(t0, t1);
  return std::max(0.0, std::min(len, t1) - std::max(0.0, t0));
}

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(int n) : parent(n) {
    std::iota(parent.begin(), parent.end(), 0);
  }
  int Find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

}  // namespace

std::vector<UnitGeometry> Project(const std::vector<DivisionUnit>& units) {
  const Projection proj = MakeProjection(units);
  std::vector<UnitGeometry> out(units.size());
  for (size_t u = 0; u < units.size(); ++u) {
    UnitGeometry& g = out[u];
    for (const Polygon& p : units[u].shape) {
      for (size_t r = 0; r <= p.holes.size(); ++r) {
        const Ring& ring = r == 0 ? p.outer : p.holes[r - 1];
        if (ring.empty()) continue;
        std::vector<XY> xy;
        xy.reserve(ring.size() + 1);
        for (const LonLat& q : ring) xy.push_back(proj(q));
        if (!(ring.front() == ring.back())) xy.push_back(xy.front());
        const double a = RingArea(xy);
        g.area += r == 0 ? a : -a;
        for (size_t i = 0; i + 1 < xy.size(); ++i)
          g.perimeter += bg::distance(xy[i], xy[i + 1]);
        if (!g.has_box) g.box = Box(xy[0], xy[0]);
        for (const XY& q : xy) bg::expand(g.box, q);
        g.has_box = true;
        g.rings.push_back(std::move(xy));
      }
    }
  }
  return out;
}

std::vector<PairLength> SharedLengths(const std::vector<UnitGeometry>& geo) {
  std::vector<Edge> edges;
  for (size_t u = 0; u < geo.size(); ++u)
    for (const auto& ring : geo[u].rings)
      for (size_t i = 0; i + 1 < ring.size(); ++i) {
        XY p = ring[i], q = ring[i + 1];
        if (bg::equals(p, q)) continue;
        if (std::tie(q.x(), q.y()) < std::tie(p.x(), p.y())) std::swap(p, q);
        edges.push_back({p.x(), p.y(), q.x(), q.y(), static_cast<int>(u),
                         bg::distance(p, q)});
      }
  std::sort(edges.begin(), edges.end(),
            [](const Edge& a, const Edge& b) { return a.Key() < b.Key(); });

  // Fast path: identical edges, adjacent after sorting.
  std::vector<PairLength> raw;
  std::vector<int> loose;  // edges no other unit repeats exactly
  for (size_t i = 0; i < edges.size();) {
    size_t j = i + 1;
    auto same = [&](const Edge& a, const Edge& b) {
      return a.ax == b.ax && a.ay == b.ay && a.bx == b.bx && a.by == b.by;
    };
    while (j < edges.size() && same(edges[i], edges[j])) ++j;
    bool shared = false;
    for (size_t a = i; a < j; ++a)
      for (size_t b = a + 1; b < j; ++b)
        if (edges[a].unit != edges[b].unit) {
          raw.push_back({edges[a].unit, edges[b].unit, edges[a].length});
          shared = true;
        }
    for (size_t k = i; k < j && !shared; ++k)
      loose.push_back(static_cast<int>(k));
    i = j;
  }

  // Slow path, only for the leftovers: collinear overlaps of edges split at
  // different vertices, prefiltered by an R-tree of edge boxes.
  std::vector<BoxEntry> boxes;
  boxes.reserve(loose.size());
  for (size_t i = 0; i < loose.size(); ++i) {
    const Edge& e = edges[loose[i]];
    const double t = kCollinearToleranceM;
    boxes.push_back({Box(XY(e.ax - t, std::min(e.ay, e.by) - t),
                         XY(e.bx + t, std::max(e.ay, e.by) + t)),
                     static_cast<int>(i)});
  }
  const BoxTree tree(boxes.begin(), boxes.end());
  std::vector<BoxEntry> hits;
  for (size_t i = 0; i < loose.size(); ++i) {
    hits.clear();
    tree.query(bgi::intersects(boxes[i].first), std::back_inserter(hits));
    const Edge& e = edges[loose[i]];
    for (const BoxEntry& hit : hits) {
      const Edge& f = edges[loose[hit.second]];
      if (hit.second <= static_cast<int>(i) || f.unit == e.unit) continue;
      if (const double len = CollinearOverlap(&e, &f); len > 0)
        raw.push_back(
            {std::min(e.unit, f.unit), std::max(e.unit, f.unit), len});
    }
  }

  std::sort(raw.begin(), raw.end(),
            [](const PairLength& a, const PairLength& b) {
              return std::tie(a.a, a.b) < std::tie(b.a, b.b);
            });
  std::vector<PairLength> out;
  for (const PairLength& p : raw) {
    if (!out.empty() && out.back().a == p.a && out.back().b == p.b)
      out.back().length += p.length;
    else
      out.push_back(p);
  }
  return out;
}

Graph BuildGraph(int n, const std::vector<PairLength>& pairs,
                 const std::vector<std::pair<int, int>>& bridges) {
  std::vector<std::tuple<int, int, double>> arcs;
  for (const PairLength& p : pairs)
    arcs.insert(arcs.end(), {{p.a, p.b, p.length}, {p.b, p.a, p.length}});
  for (auto [a, b] : bridges)
    arcs.insert(arcs.end(), {{a, b, 0.0}, {b, a, 0.0}});
  std::sort(arcs.begin(), arcs.end());
  Graph g;
  g.n = n;
  g.xadj.assign(n + 1, 0);
  for (const auto& arc : arcs) ++g.xadj[std::get<0>(arc) + 1];
  std::partial_sum(g.xadj.begin(), g.xadj.end(), g.xadj.begin());
  for (const auto& [a, b, len] : arcs) {
    g.adj.push_back(b);
    g.len.push_back(len);
  }
  return g;
}

std::vector<std::pair<int, int>> PlanPieces(
    const std::vector<UnitGeometry>& geo, const std::vector<PairLength>& adj,
    const std::vector<int64_t>& pop, int k, double island_pop,
    std::vector<std::vector<int>>* pieces) {
  const int n = static_cast<int>(geo.size());
  UnionFind uf(n);
  for (const PairLength& p : adj) {
    int a = uf.Find(p.a), b = uf.Find(p.b);
    if (a != b) uf.parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::vector<int>> members(n);
  std::vector<int64_t> piece_pop(n, 0);
  int count = 0;
  for (int u = 0; u < n; ++u) {
    const int r = uf.Find(u);
    count += members[r].empty();
    members[r].push_back(u);
    piece_pop[r] += pop[u];
  }
  std::vector<std::pair<int, int>> bridges;
  if (count > 1) {
    std::vector<BoxEntry> boxes;
    for (int u = 0; u < n; ++u) boxes.push_back({geo[u].box, u});
    const BoxTree tree(boxes.begin(), boxes.end());
    using Entry = std::tuple<int64_t, int>;  // (population, root), smallest 1st
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    for (int r = 0; r < n; ++r)
      if (!members[r].empty()) queue.push({piece_pop[r], r});
    while (count > 1 && !queue.empty()) {
      auto [p, r] = queue.top();
      queue.pop();
      if (uf.Find(r) != r || p != piece_pop[r]) continue;  // stale
      if (count <= k && static_cast<double>(p) >= island_pop) break;
      std::tuple<double, int, int> best{1e300, -1, -1};
      std::vector<BoxEntry> hit;
      for (int u : members[r]) {
        hit.clear();
        tree.query(bgi::nearest(geo[u].box, 1) &&
                       bgi::satisfies([&](const BoxEntry& e) {
                         return uf.Find(e.second) != r;
                       }),
                   std::back_inserter(hit));
        if (hit.empty()) continue;
        const double d = bg::comparable_distance(geo[u].box, hit[0].first);
        best = std::min(best, {d, u, hit[0].second});
      }
      const int u = std::get<1>(best), v = std::get<2>(best);
      bridges.push_back({std::min(u, v), std::max(u, v)});
      int keep = uf.Find(v), gone = r;
      if (gone < keep) std::swap(keep, gone);  // root = lowest member
      uf.parent[gone] = keep;
      if (members[keep].size() < members[gone].size())  // append the smaller
        members[keep].swap(members[gone]);
      members[keep].insert(members[keep].end(), members[gone].begin(),
                           members[gone].end());
      members[gone].clear();
      piece_pop[keep] += piece_pop[gone];
      --count;
      queue.push({piece_pop[keep], keep});
    }
  }
  pieces->clear();
  for (int r = 0; r < n; ++r)
    if (!members[r].empty()) {
      std::sort(members[r].begin(), members[r].end());
      pieces->push_back(std::move(members[r]));
    }
  return bridges;
}

std::vector<bool> ConnectedGrids(const Graph& g,
                                 const std::vector<int>& grid_of, int k) {
  std::vector<int> pieces(k, 0);
  std::vector<char> seen(g.n, 0);
  std::vector<int> queue;
  for (int s = 0; s < g.n; ++s) {
    if (seen[s]) continue;
    ++pieces[grid_of[s]];
    queue.assign(1, s);
    seen[s] = 1;
    for (size_t i = 0; i < queue.size(); ++i)
      for (int e = g.xadj[queue[i]]; e < g.xadj[queue[i] + 1]; ++e) {
        const int v = g.adj[e];
        if (g.len[e] > 0 && !seen[v] && grid_of[v] == grid_of[s]) {
          seen[v] = 1;
          queue.push_back(v);
        }
      }
  }
  std::vector<bool> out(k);
  for (int h = 0; h < k; ++h) out[h] = pieces[h] == 1;
  return out;
}

}  // namespace internal

std::vector<std::pair<int, int>> SharedBoundaryAdjacency(
    const std::vector<DivisionUnit>& units, double min_shared_edge_m) {
  std::vector<std::pair<int, int>> out;
  for (const internal::PairLength& p :
       internal::SharedLengths(internal::Project(units)))
    if (p.length > min_shared_edge_m) out.push_back({p.a, p.b});
  return out;
}

}  // namespace wangge::geo
