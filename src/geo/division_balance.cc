// Repair and refinement moves of a division: the Balancer, which keeps every
// grid connected while it balances populations and shortens outlines.
#include "geo/division_balance.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

namespace wangge::geo::internal {
namespace {

// Iterated local search (Balancer::Perturb) costs a refinement per round;
// it pays where grids hold few units, so its rounds shrink with the input:
// min(200, 40,000 / units).
constexpr int kPerturbRounds = 200;
constexpr int kPerturbUnitRounds = 40'000;

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

}  // namespace

std::vector<int> RepairAndBalance(const Graph& graph,
                                  const std::vector<int64_t>& pop, int k,
                                  double target,
                                  const std::vector<int>& piece_of_grid,
                                  const DivisionOptions& options,
                                  std::vector<int> assignment) {
  const int n = graph.n;
  Balancer balancer(graph, pop, k, target, (options.ufactor - 1) * target,
                    std::move(assignment));
  balancer.RepairConnectivity();
  balancer.FillEmpty(piece_of_grid);
  balancer.Refine(options.refine_passes);
  if (options.refine_passes > 0)
    balancer.Perturb(std::min(kPerturbRounds, kPerturbUnitRounds / n),
                     options.seed, options.refine_passes);
  balancer.Polish(options.refine_passes);
  return balancer.assignment();
}

}  // namespace wangge::geo::internal
