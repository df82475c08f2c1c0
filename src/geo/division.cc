#include "geo/division.h"

#include <metis.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <numeric>
#include <queue>
#include <tuple>
#include <unordered_set>

namespace wangge::geo {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using XY = bg::model::d2::point_xy<double>;
using Box = bg::model::box<XY>;
using BoxEntry = std::pair<Box, int>;
using BoxTree = bgi::rtree<BoxEntry, bgi::rstar<16>>;
using BPolygon = bg::model::polygon<XY, /*ClockWise=*/false, /*Closed=*/true>;
using BMulti = bg::model::multi_polygon<BPolygon>;

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kPi = 3.14159265358979323846;
// Independently digitised split points of a shared edge rarely sit exactly on
// the neighbour's edge; this close to its line counts as on it.
constexpr double kCollinearToleranceM = 0.05;
// Iterated local search (Balancer::Perturb) costs a refinement per round;
// it pays where grids hold few units, so its rounds shrink with the input:
// min(200, 40,000 / units).
constexpr int kPerturbRounds = 200;
constexpr int kPerturbUnitRounds = 40'000;

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

// A unit's rings in projected metres, with its measures.
struct UnitGeometry {
  std::vector<std::vector<XY>> rings;
  Box box;
  bool has_box = false;
  double area = 0;
  double perimeter = 0;
};

double RingArea(const std::vector<XY>& r) {
  double twice = 0;
  for (size_t i = 0; i + 1 < r.size(); ++i)
    twice += r[i].x() * r[i + 1].y() - r[i + 1].x() * r[i].y();
  return std::abs(twice) / 2;
}

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

struct PairLength {
  int a, b;       // a < b
  double length;  // metres of shared boundary
};

struct Graph {
  int n = 0;
  std::vector<int> xadj;    // CSR offsets, n + 1
  std::vector<int> adj;     // neighbours, ascending per unit
  std::vector<double> len;  // shared metres; 0 marks a bridge to an island
};

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

// Every pair of units with a positive shared boundary, a < b, ascending.
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

// CSR adjacency: shared-boundary edges plus "bridges" (length 0) that tie
// small islands to their nearest neighbour.
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

// Pieces of the community that will be partitioned separately: connected
// components of the shared-boundary graph, after tying every piece too small
// for a grid of its own (or beyond K pieces) to its nearest other piece.
// Returns the bridges; fills `pieces` with members ascending, pieces ordered
// by their lowest unit.
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

// Splits K among the pieces (each gets 1..size grids) so that their
// per-grid means stay close to the global mean.
std::vector<int> Apportion(const std::vector<double>& weight,
                           const std::vector<int>& size, int k) {
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  const double mean = total / k;
  std::vector<int> share(weight.size());
  int sum = 0;
  for (size_t c = 0; c < weight.size(); ++c) {
    const long r = mean > 0 ? std::lround(weight[c] / mean) : 1;
    share[c] = static_cast<int>(std::clamp<long>(r, 1, size[c]));
    sum += share[c];
  }
  auto cost = [&](size_t c, int s) { return std::abs(weight[c] / s - mean); };
  while (sum > k) {  // take from the piece that suffers least
    size_t best = weight.size();
    for (size_t c = 0; c < weight.size(); ++c)
      if (share[c] > 1 && (best == weight.size() ||
                           cost(c, share[c] - 1) < cost(best, share[best] - 1)))
        best = c;
    --share[best], --sum;
  }
  while (sum < k) {  // give to the heaviest per grid (D'Hondt)
    size_t best = weight.size();
    for (size_t c = 0; c < weight.size(); ++c)
      if (share[c] < size[c] &&
          (best == weight.size() ||
           weight[c] / share[c] > weight[best] / share[best]))
        best = c;
    ++share[best], ++sum;
  }
  return share;
}

// The population each of `parts` grids should hold: the mean, except that
// units heavier than the mean can only stand alone, and the other grids share
// the rest. So the largest c = (sum of units <= c) / (parts - units > c).
double BalanceTarget(std::vector<int64_t> w, int parts) {
  std::sort(w.begin(), w.end(), std::greater<>());
  double rest = std::accumulate(w.begin(), w.end(), 0.0);
  for (int h = 0; h < parts && h < static_cast<int>(w.size()); ++h) {
    const double cap = rest / (parts - h);
    if (static_cast<double>(w[h]) <= cap) return cap;
    rest -= static_cast<double>(w[h]);
  }
  return 0;  // unreachable while parts <= units
}

// METIS k-way partition of one piece into `parts`; part ids in [0, parts).
std::vector<int> PartitionPiece(const Graph& g, const std::vector<int>& units,
                                const std::vector<int64_t>& pop, int parts,
                                const DivisionOptions& options) {
  const int n = static_cast<int>(units.size());
  std::vector<int> part(n, 0);
  if (parts == 1) return part;  // METIS 5.1 crashes on nparts == 1
  if (parts >= n) {
    std::iota(part.begin(), part.end(), 0);
    return part;
  }
  std::vector<int> local(g.n, -1);
  for (int i = 0; i < n; ++i) local[units[i]] = i;
  int64_t total = 0;
  for (int u : units) total += pop[u];
  // A unit heavier than a part's share makes METIS's initial bisections
  // fail noisily; cap weights at the share left once such units stand alone.
  std::vector<int64_t> weights;
  for (int u : units) weights.push_back(pop[u]);
  const double cap = BalanceTarget(std::move(weights), parts);
  // idx_t is 32-bit: scale populations so their sum fits.
  const int64_t scale = std::max<int64_t>(1, total / 1'000'000'000 + 1);
  std::vector<idx_t> xadj{0}, adjncy, adjwgt, vwgt;
  for (int u : units) {
    const auto w = std::min<int64_t>(pop[u], std::llround(std::ceil(cap)));
    vwgt.push_back(static_cast<idx_t>(std::max<int64_t>(1, w / scale)));
    for (int e = g.xadj[u]; e < g.xadj[u + 1]; ++e) {
      if (local[g.adj[e]] < 0) continue;
      adjncy.push_back(local[g.adj[e]]);
      // Long shared boundaries are expensive to cut: compact grids.
      adjwgt.push_back(static_cast<idx_t>(
          std::clamp(std::lround(g.len[e]), 1L, 1'000'000L)));
    }
    xadj.push_back(static_cast<idx_t>(adjncy.size()));
  }
  std::vector<idx_t> result(n, 0);
  for (int contig : {1, 0}) {  // contiguity first; plain k-way if it fails
    idx_t opts[METIS_NOPTIONS];
    METIS_SetDefaultOptions(opts);
    opts[METIS_OPTION_NUMBERING] = 0;
    opts[METIS_OPTION_CONTIG] = contig;
    opts[METIS_OPTION_UFACTOR] = static_cast<idx_t>(
        std::max(1L, std::lround((options.ufactor - 1) * 1000)));
    opts[METIS_OPTION_SEED] = static_cast<idx_t>(options.seed % 2147483647u);
    idx_t nv = n, ncon = 1, np = parts, cut = 0;
    if (METIS_PartGraphKway(&nv, &ncon, xadj.data(), adjncy.data(), vwgt.data(),
                            nullptr, adjwgt.data(), &np, nullptr, nullptr, opts,
                            &cut, result.data()) == METIS_OK) {
      for (int i = 0; i < n; ++i) part[i] = static_cast<int>(result[i]);
      return part;
    }
  }
  // METIS refused: cut the unit order into runs of equal population; the
  // repair step makes the runs connected.
  int64_t acc = 0;
  for (int i = 0; i < n; ++i) {
    part[i] = static_cast<int>(std::min<int64_t>(
        parts - 1, acc * parts / std::max<int64_t>(1, total)));
    acc += pop[units[i]];
  }
  return part;
}

// Per grid, whether its units form one piece through real shared
// boundaries; bridges to islands do not count.
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

// Connectivity repair and population balancing of a partition. After
// RepairConnectivity() and FillEmpty() every grid is non-empty and connected
// (bridges included); every later move keeps it so. Deviations are in people
// from the balance target (see BalanceTarget), or, for a grid holding a unit
// heavier than the target, from that unit's population: such a grid is
// balanced when the unit stands alone, and the others still balance among
// themselves instead of all deviating alike from an unreachable mean.
class Balancer {
 public:
  // `tolerance`: deviation (people) refinement need not go below.
  Balancer(const Graph& g, const std::vector<int64_t>& pop, int k,
           double target, double tolerance, std::vector<int> assignment)
      : g_(g),
        pop_(pop),
        k_(k),
        target_(target),
        tolerance_(tolerance),
        assign_(std::move(assignment)),
        members_(k),
        pos_(g.n),
        gpop_(k, 0),
        heavy_(k, 0),
        mark_(g.n, 0),
        goal_mark_(g.n, 0) {
    Load(assign_);
  }

  const std::vector<int>& assignment() const { return assign_; }

  // Keeps each grid's most populous piece and hands every other piece to its
  // least populous neighbouring grid (which stays connected: the piece is
  // connected and touches it).
  void RepairConnectivity() {
    for (int grid = 0; grid < k_; ++grid) {
      const auto pieces = Pieces(grid);
      auto weight = [&](const std::vector<int>& piece) {
        int64_t sum = 0;
        for (int u : piece) sum += pop_[u];
        return std::make_pair(sum, piece.size());
      };
      size_t keep = 0;
      for (size_t i = 1; i < pieces.size(); ++i)
        if (weight(pieces[i]) > weight(pieces[keep])) keep = i;
      for (size_t i = 0; i < pieces.size(); ++i) {
        if (i == keep) continue;
        int to = -1;
        for (int u : pieces[i])
          for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
            const int h = assign_[g_.adj[e]];
            if (h != grid &&
                (to < 0 || std::tie(gpop_[h], h) < std::tie(gpop_[to], to)))
              to = h;
          }
        if (to >= 0)
          for (int u : pieces[i]) Move(u, to);
      }
    }
  }

  // METIS may leave a part empty; seed it with a unit the piece's most
  // populous grid can spare without splitting. Refinement then grows it.
  void FillEmpty(const std::vector<int>& piece_of_grid) {
    for (int e = 0; e < k_; ++e) {
      if (!members_[e].empty()) continue;
      int donor = -1;
      for (int h = 0; h < k_; ++h)
        if (piece_of_grid[h] == piece_of_grid[e] && members_[h].size() > 1 &&
            (donor < 0 || gpop_[h] > gpop_[donor]))
          donor = h;
      if (donor < 0) continue;
      std::vector<int> order = members_[donor];
      std::sort(order.begin(), order.end(), [&](int a, int b) {
        return std::make_pair(-pop_[a], a) < std::make_pair(-pop_[b], b);
      });
      for (int u : order)
        if (StaysConnected(donor, u, -1)) {
          Move(u, e);
          break;
        }
    }
  }

  // Iterated local search for inputs with few units per grid, where the
  // refinement's result depends much on where it starts: kick the best plan
  // with a few random boundary moves, refine again, keep what is better.
  // Stops once within the tolerance. Seeded, hence deterministic.
  void Perturb(int rounds, uint64_t seed, int passes) {
    uint64_t state = seed;
    auto next = [&state] {  // splitmix64: portable and reproducible
      uint64_t z = (state += 0x9E3779B97F4A7C15ull);
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      return z ^ (z >> 31);
    };
    std::vector<int> best = assign_;
    double best_max = MaxDev();
    for (int round = 0; round < rounds && best_max > tolerance_; ++round) {
      Load(best);
      for (int kicks = 0, tries = 0; kicks < 2 && tries < 100; ++tries) {
        const int u = static_cast<int>(next() % g_.n);
        const int degree = g_.xadj[u + 1] - g_.xadj[u];
        if (degree == 0) continue;
        const int to = assign_[g_.adj[g_.xadj[u] + next() % degree]];
        if (to == assign_[u] || !StaysConnected(assign_[u], u, -1)) continue;
        Move(u, to);
        ++kicks;
      }
      RefineTo(0, passes);
      if (MaxDev() < best_max - kEps) best_max = MaxDev(), best = assign_;
    }
    Load(best);
  }

  // Shortens the grids' outlines (balance refinement leaves ragged ones)
  // by moving or swapping boundary units wherever every grid involved stays
  // within the tolerance or the maximum deviation already reached, so the
  // maximum never rises.
  void Polish(int passes) {
    const double bound = std::max(tolerance_, MaxDev()) + kEps;
    std::vector<int> near;
    for (int pass = 0; pass < passes; ++pass) {
      bool changed = false;
      for (int u = 0; u < g_.n; ++u) {
        const int a = assign_[u];
        if (members_[a].size() == 1) continue;
        // Best single move or swap: (gain, partner or -1, grid). Swap
        // partners are the units within two steps of u.
        std::tuple<double, int, int> best{kEps, -1, -1};
        near.clear();
        for (int f = g_.xadj[u]; f < g_.xadj[u + 1]; ++f) {
          near.push_back(g_.adj[f]);
          for (int q = g_.xadj[g_.adj[f]]; q < g_.xadj[g_.adj[f] + 1]; ++q)
            near.push_back(g_.adj[q]);
        }
        std::sort(near.begin(), near.end());
        near.erase(std::unique(near.begin(), near.end()), near.end());
        for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
          const int h = assign_[g_.adj[e]];
          if (h == a) continue;
          const double gain = Gain(u, h);
          if (std::abs(Dev(a) - pop_[u]) <= bound &&
              std::abs(Dev(h) + pop_[u]) <= bound && gain > std::get<0>(best))
            best = {gain, -1, h};
          for (int v : near) {
            if (assign_[v] != h) continue;
            const int64_t net = pop_[u] - pop_[v];
            if (std::abs(Dev(a) - net) > bound ||
                std::abs(Dev(h) + net) > bound)
              continue;
            const double swap = gain + Gain(v, a) - 2 * SharedLength(u, v);
            if (swap > std::get<0>(best)) best = {swap, v, h};
          }
        }
        const auto [gain, v, h] = best;
        if (h < 0) continue;
        if (v < 0 ? !StaysConnected(a, u, -1)
                  : !StaysConnected(a, u, v) || !StaysConnected(h, v, u))
          continue;
        Move(u, h);
        if (v >= 0) Move(v, a);
        changed = true;
      }
      if (!changed) break;
    }
  }

  // Rounds of (sweeps of pairwise moves, then chains relieving the worst
  // grid) until every grid is within the tolerance, nothing improves, or
  // `passes` rounds ran.
  // Should that fall short, refinement starts over aiming at zero, which
  // also smooths the grids already within the tolerance to make room, and
  // the better of the two results stays.
  void Refine(int passes) {
    const std::vector<int> start = assign_;
    RefineTo(tolerance_, passes);
    if (MaxDev() <= tolerance_) return;
    const std::vector<int> first = assign_;
    const double first_max = MaxDev();
    Load(start);
    RefineTo(0, passes);
    if (first_max < MaxDev()) Load(first);
  }

 private:
  static constexpr double kEps = 1e-6;
  static constexpr int kMaxChain = 16;
  static constexpr size_t kMaxSteps = 4096;
  static constexpr int kOvershootAttempts = 8;

  struct Step {
    int grid;
    int unit;   // push: received from the parent; pull: given to the parent
    int first;  // the unit that left (push) or entered (pull) the start
    int parent;
    int depth;
  };

  void Load(const std::vector<int>& assignment) {
    assign_ = assignment;
    for (auto& m : members_) m.clear();
    std::fill(gpop_.begin(), gpop_.end(), 0);
    for (int u = 0; u < g_.n; ++u) {
      pos_[u] = static_cast<int>(members_[assign_[u]].size());
      members_[assign_[u]].push_back(u);
      gpop_[assign_[u]] += pop_[u];
    }
    for (int h = 0; h < k_; ++h) UpdateHeavy(h);
  }

  double Dev(int grid) const {
    return static_cast<double>(gpop_[grid]) -
           std::max(target_, static_cast<double>(heavy_[grid]));
  }

  void UpdateHeavy(int grid) {
    heavy_[grid] = 0;
    for (int u : members_[grid])
      if (pop_[u] > target_) heavy_[grid] = std::max(heavy_[grid], pop_[u]);
  }

  void RefineTo(double aim, int passes) {
    aim_ = aim;
    for (int round = 0; round < passes; ++round) {
      bool changed = false;
      for (int sweep = 0; sweep < passes && Sweep(); ++sweep) changed = true;
      for (int i = 0; i < k_ && RelieveWorst(); ++i) changed = true;
      if (!changed) break;
    }
  }

  double MaxDev() const {
    double m = 0;
    for (int h = 0; h < k_; ++h) m = std::max(m, std::abs(Dev(h)));
    return m;
  }

  void Move(int u, int to) {
    std::vector<int>& from = members_[assign_[u]];
    const int last = from.back();
    from[pos_[u]] = last;
    pos_[last] = pos_[u];
    from.pop_back();
    gpop_[assign_[u]] -= pop_[u];
    pos_[u] = static_cast<int>(members_[to].size());
    members_[to].push_back(u);
    gpop_[to] += pop_[u];
    const int from_grid = assign_[u];
    assign_[u] = to;
    if (pop_[u] > target_) UpdateHeavy(from_grid), UpdateHeavy(to);
  }

  // Boundary the move of u to `to` removes from the grids' outlines:
  // positive moves make grids more compact.
  double Gain(int u, int to) const {
    double gain = 0;
    for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
      const int h = assign_[g_.adj[e]];
      gain += h == to ? g_.len[e] : h == assign_[u] ? -g_.len[e] : 0;
    }
    return gain;
  }

  double SharedLength(int u, int v) const {
    for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e)
      if (g_.adj[e] == v) return g_.len[e];
    return 0;
  }

  std::vector<std::vector<int>> Pieces(int grid) {
    std::vector<std::vector<int>> out;
    ++epoch_;
    for (int s : members_[grid]) {
      if (mark_[s] == epoch_) continue;
      std::vector<int> piece{s};
      mark_[s] = epoch_;
      for (size_t i = 0; i < piece.size(); ++i)
        for (int e = g_.xadj[piece[i]]; e < g_.xadj[piece[i] + 1]; ++e) {
          const int v = g_.adj[e];
          if (assign_[v] == grid && mark_[v] != epoch_) {
            mark_[v] = epoch_;
            piece.push_back(v);
          }
        }
      out.push_back(std::move(piece));
    }
    return out;
  }

  // Whether grid - removed + added (added may be -1) is non-empty and
  // connected, given that the grid is connected now. Every remaining unit
  // reached `removed` through one of its neighbours, so it suffices that
  // those neighbours and `added` meet; the search stops once they do, which
  // keeps the check local in large grids.
  bool StaysConnected(int grid, int removed, int added) {
    if (removed == added) return true;
    auto inside = [&](int v) {
      return v == added || (assign_[v] == grid && v != removed);
    };
    ++epoch_;
    int remaining = 0;
    queue_.clear();
    auto target = [&](int v) {
      if (goal_mark_[v] == epoch_) return;
      goal_mark_[v] = epoch_;
      ++remaining;
      if (queue_.empty()) queue_.push_back(v), mark_[v] = epoch_;
    };
    if (added >= 0) target(added);
    for (int e = g_.xadj[removed]; e < g_.xadj[removed + 1]; ++e)
      if (inside(g_.adj[e])) target(g_.adj[e]);
    if (remaining <= 1) return remaining == 1;
    for (size_t i = 0; i < queue_.size(); ++i) {
      const int u = queue_[i];
      if (goal_mark_[u] == epoch_ && --remaining == 0) return true;
      for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
        const int v = g_.adj[e];
        if (mark_[v] != epoch_ && inside(v)) {
          mark_[v] = epoch_;
          queue_.push_back(v);
        }
      }
    }
    return false;
  }

  // One pass of single-unit moves into a neighbouring grid, each lowering
  // the larger |deviation| of the two grids involved, so the maximum never
  // rises; among equals, the move that shortens the outlines most.
  bool Sweep() {
    bool changed = false;
    std::vector<std::tuple<double, double, int>> options;
    for (int u = 0; u < g_.n; ++u) {
      const int from = assign_[u];
      if (pop_[u] == 0 || members_[from].size() == 1) continue;
      const double w = static_cast<double>(pop_[u]), df = Dev(from);
      options.clear();
      for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
        const int to = assign_[g_.adj[e]];
        if (to == from) continue;
        const double before = std::max(std::abs(df), std::abs(Dev(to)));
        const double after = std::max(std::abs(df - w), std::abs(Dev(to) + w));
        if (before > aim_ && after < before - kEps)
          options.push_back({after, -Gain(u, to), to});
      }
      if (options.empty() || !StaysConnected(from, u, -1)) continue;
      Move(u, std::get<2>(*std::min_element(options.begin(), options.end())));
      changed = true;
    }
    return changed;
  }

  // Pairwise moves stall when neighbours differ by less than any unit; the
  // worst grid is then relieved through a chain of grids instead.
  bool RelieveWorst() {
    int worst = 0;
    for (int h = 1; h < k_; ++h)
      if (std::abs(Dev(h)) > std::abs(Dev(worst))) worst = h;
    const double m = std::abs(Dev(worst));
    if (m <= aim_ || m < kEps) return false;
    const bool push = Dev(worst) > 0;
    if (Chain(worst, m, push, false)) return true;
    // All of the worst grid's movable units may be too big to move alone:
    // overshoot with one chain, then come back with another in the other
    // direction, or undo both.
    banned_.clear();
    for (int attempt = 0; attempt < kOvershootAttempts; ++attempt) {
      log_.clear();
      if (!Chain(worst, m, push, true)) break;
      if (std::abs(Dev(worst)) < m - kEps || Chain(worst, m, !push, false))
        return true;
      banned_.push_back(log_.front().first);  // try another first unit
      while (!log_.empty()) {
        Move(log_.back().first, log_.back().second);
        log_.pop_back();
      }
    }
    // Hemmed in by grids nearly as unbalanced: relieve one of those to make
    // room (it must improve, the rest stay below m, the sum of squared
    // deviations must fall, so the search still cannot cycle).
    std::vector<int> helpers;
    for (int u : members_[worst])
      for (int e = g_.xadj[u]; e < g_.xadj[u + 1]; ++e) {
        const int h = assign_[g_.adj[e]];
        if (h != worst && (Dev(h) > 0) == push && std::abs(Dev(h)) > kEps)
          helpers.push_back(h);
      }
    std::sort(helpers.begin(), helpers.end(), [&](int a, int b) {
      return std::make_pair(-std::abs(Dev(a)), a) <
             std::make_pair(-std::abs(Dev(b)), b);
    });
    helpers.erase(std::unique(helpers.begin(), helpers.end()), helpers.end());
    banned_.clear();
    for (int h : helpers)
      if (Chain(h, m, push, false, std::abs(Dev(h)))) return true;
    return false;
  }

  // Breadth-first search over grids for a chain of single-unit moves after
  // which every grid it touches is strictly below `m` (so the count of grids
  // at the maximum falls). Push: start -> g1 -> ... -> gk, each grid passing
  // on a unit (possibly the one it received) and gk absorbing the last.
  // Pull: the reverse, start taking a unit from g1, g1 from g2, and so on.
  // The chain may also close back on the start, an exchange of units, which
  // helps when all of the start's units are too big to give away alone.
  // With `overshoot` the start itself may end anywhere. With a
  // `start_limit` (a helper making room next to the worst grid) the start
  // must end below that instead of m, and the sum of squared deviations
  // must fall.
  bool Chain(int start, double m, bool push, bool overshoot,
             double start_limit = -1) {
    const bool helper = start_limit >= 0;
    if (!helper) start_limit = m;
    const double sign = push ? 1 : -1;  // + gives population away
    steps_.assign(1, {start, -1, -1, -1, 0});
    seen_.clear();
    // (|deviation left| - boundary gain / 2, unit, grid): balance first,
    // with compact outlines as the tie-breaker between similar moves.
    std::vector<std::tuple<double, int, int>> moves;
    for (size_t s = 0; s < steps_.size(); ++s) {
      const Step at = steps_[s];
      if (at.depth >= kMaxChain) continue;
      const int c = at.unit;
      const double base = Dev(at.grid) + (c < 0 ? 0 : sign * pop_[c]);
      moves.clear();
      auto add = [&](int x, int h) {
        const double left = base - sign * pop_[x];
        const bool open =
            h == start ? at.depth > 0 && x != at.first : !OnChain(s, h);
        // The start may overshoot for now if the chain comes back to it.
        if (pop_[x] > 0 && h != at.grid && open &&
            (at.depth > 0 ||
             std::find(banned_.begin(), banned_.end(), x) == banned_.end()) &&
            (at.depth == 0 || std::abs(left) < m - kEps))
          moves.push_back(
              {std::abs(left) - 0.5 * Gain(x, push ? h : at.grid), x, h});
      };
      if (push) {
        auto from = [&](int x) {
          for (int e = g_.xadj[x]; e < g_.xadj[x + 1]; ++e)
            add(x, assign_[g_.adj[e]]);
        };
        for (int x : members_[at.grid]) from(x);
        if (c >= 0) from(c);
      } else {
        for (int y : members_[at.grid])
          for (int e = g_.xadj[y]; y != c && e < g_.xadj[y + 1]; ++e)
            add(g_.adj[e], assign_[g_.adj[e]]);
      }
      std::sort(moves.begin(), moves.end());
      moves.erase(std::unique(moves.begin(), moves.end()), moves.end());
      // The grid at this step must stay connected after its exchange.
      auto feasible = [&](int x) {
        if (push) return x == c || StaysConnected(at.grid, x, c);
        return c < 0 || StaysConnected(at.grid, c, x);
      };
      // Whether the chain can stop with x entering (push) or leaving (pull)
      // grid h, leaving the start and h below m.
      auto ends = [&](int x, int h) {
        const int first = at.depth == 0 ? x : at.first;
        if (h == start)
          return std::abs(Dev(start) - sign * (pop_[first] - pop_[x])) <
                     start_limit - kEps &&
                 (!helper || SquaresFall(s, x, h, push)) &&
                 (push ? StaysConnected(start, first, x)
                       : StaysConnected(start, x, first));
        return (overshoot || std::abs(Dev(start) - sign * pop_[first]) <
                                 start_limit - kEps) &&
               std::abs(Dev(h) + sign * pop_[x]) < m - kEps &&
               (!helper || SquaresFall(s, x, h, push)) &&
               (push || StaysConnected(h, x, -1));
      };
      auto step = [&](int x, int h) {
        steps_.push_back({h, x, at.depth == 0 ? x : at.first,
                          static_cast<int>(s), at.depth + 1});
      };
      for (const auto& [left, x, h] : moves)
        if (ends(x, h) && feasible(x)) {
          step(x, h);
          Apply(push);
          return true;
        }
      for (const auto& [left, x, h] : moves) {
        if (h == start || !seen_.insert(int64_t{x} * k_ + h).second ||
            !feasible(x))
          continue;
        step(x, h);
        if (steps_.size() >= kMaxSteps) return false;
      }
    }
    return false;
  }

  // Whether the chain ending at step s, then x moving to (push) or from
  // (pull) grid h, lowers the sum of squared deviations.
  bool SquaresFall(int s, int x, int h, bool push) const {
    std::vector<std::pair<int, int64_t>> change;  // (grid, population delta)
    auto add = [&](int grid, int64_t delta) {
      for (auto& [g, d] : change)
        if (g == grid) return void(d += delta);
      change.push_back({grid, delta});
    };
    for (int t = s, unit = x, grid = h; unit >= 0; t = steps_[t].parent) {
      add(push ? steps_[t].grid : grid, -pop_[unit]);
      add(push ? grid : steps_[t].grid, pop_[unit]);
      unit = steps_[t].unit, grid = steps_[t].grid;
    }
    double sum = 0;
    for (const auto& [g, d] : change) sum += d * (2 * Dev(g) + d);
    return sum < -kEps;
  }

  // Whether grid h is already on the chain ending at step s.
  bool OnChain(int s, int h) const {
    for (; s >= 0; s = steps_[s].parent)
      if (steps_[s].grid == h) return true;
    return false;
  }

  // Carries out the chain ending at the last step. Pushed units may travel
  // several hops, so those moves run from the start outwards.
  void Apply(bool push) {
    std::vector<int> chain;
    for (int s = static_cast<int>(steps_.size()) - 1; s > 0;
         s = steps_[s].parent)
      chain.push_back(s);
    std::reverse(chain.begin(), chain.end());
    for (int s : chain) {
      const int u = steps_[s].unit;
      log_.push_back({u, assign_[u]});
      Move(u, push ? steps_[s].grid : steps_[steps_[s].parent].grid);
    }
  }

  const Graph& g_;
  const std::vector<int64_t>& pop_;
  const int k_;
  const double target_;
  const double tolerance_;
  double aim_ = 0;  // deviation the current refinement stops at
  std::vector<int> assign_;
  std::vector<std::vector<int>> members_;
  std::vector<int> pos_;
  std::vector<int64_t> gpop_;
  std::vector<int64_t> heavy_;  // per grid, its heaviest unit over target_
  std::vector<uint32_t> mark_, goal_mark_;
  uint32_t epoch_ = 0;
  std::vector<int> banned_;               // first units of failed overshoots
  std::vector<std::pair<int, int>> log_;  // (unit, grid it left) per move
  std::unordered_set<int64_t> seen_;      // (unit, grid) states of a search
  std::vector<int> queue_;
  std::vector<Step> steps_;
};

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

std::vector<std::pair<int, int>> SharedBoundaryAdjacency(
    const std::vector<DivisionUnit>& units, double min_shared_edge_m) {
  std::vector<std::pair<int, int>> out;
  for (const PairLength& p : SharedLengths(Project(units)))
    if (p.length > min_shared_edge_m) out.push_back({p.a, p.b});
  return out;
}

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
  Balancer balancer(graph, pop, k, target, (options.ufactor - 1) * target,
                    std::move(assignment));
  balancer.RepairConnectivity();
  balancer.FillEmpty(piece_of_grid);
  balancer.Refine(options.refine_passes);
  if (options.refine_passes > 0)
    balancer.Perturb(std::min(kPerturbRounds, kPerturbUnitRounds / n),
                     options.seed, options.refine_passes);
  balancer.Polish(options.refine_passes);

  // Renumber grids by lowest unit so numbering follows the input order.
  const std::vector<int>& raw = balancer.assignment();
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
