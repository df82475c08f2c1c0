#include "geo/locator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace wangge::geo {
namespace {

// Cell word tags and value (see locator.h).
constexpr uint32_t kTagMask = 0xc0000000u;
constexpr uint32_t kValueMask = 0x3fffffffu;
constexpr uint32_t kPure = 0x00000000u;
constexpr uint32_t kSplit = 0x40000000u;
constexpr uint32_t kRecord = 0x80000000u;
constexpr uint32_t kBlock = 0xc0000000u;
// A record's candidate header holds the entry index in its low 31 bits.
constexpr uint64_t kParityBit = 0x80000000u;
constexpr uint64_t kEntryMask = 0x7fffffffu;

// Two-level grid. Coarse cells (about kCoarseCellsPerEdge per edge: some
// 50 m across for a 1,200-grid city) are few enough to stay in cache, and
// most lie wholly inside one grid. A coarse cell that edges cut is either
// cut by one edge alone (one side test decides) or split into kSub x kSub
// fine cells, one cache line of words, most of which are again whole or cut
// by one edge. The few fine cells left (around vertices) carry a
// crossing-test record.
constexpr int kSubShift = 2;
constexpr int kSub = 1 << kSubShift;
constexpr int kSubMask = kSub - 1;
constexpr double kCoarseCellsPerEdge = 8;
// 4 MiB of coarse words at most, whatever the input.
constexpr double kMaxCoarseCells = 1 << 20;

// Machine epsilon in Shewchuk's sense (half an ulp of 1) and his error bound
// for the floating-point value of a 2x2 orientation determinant: when
// |det| exceeds kCcwErrBoundA * (|detleft| + |detright|), det has the sign
// of the exact value (Shewchuk, "Adaptive Precision Floating-Point
// Arithmetic and Fast Robust Geometric Predicates", 1997).
constexpr double kEpsilon = std::numeric_limits<double>::epsilon() / 2;
constexpr double kCcwErrBoundA = (3.0 + 16.0 * kEpsilon) * kEpsilon;

// Error-free transformations: the rounded result plus the exact rounding
// error, so that s + e == a + b (resp. a - b, a * b) exactly. They need
// IEEE double arithmetic as written: no -ffast-math.
inline void TwoSum(double a, double b, double& s, double& e) {
  s = a + b;
  const double bv = s - a;
  const double av = s - bv;
  e = (a - av) + (b - bv);
}

inline void TwoDiff(double a, double b, double& d, double& e) {
  d = a - b;
  const double bv = a - d;
  const double av = d + bv;
  e = (a - av) + (bv - b);
}

inline void TwoProduct(double a, double b, double& p, double& e) {
  p = a * b;
  e = std::fma(a, b, -p);
}

// Exact sign of (bx - ax) * (py - ay) - (by - ay) * (px - ax). Each
// difference is split into an exact pair, the products into 16 exact terms,
// and the terms summed into a non-overlapping expansion whose largest
// component carries the sign (Shewchuk's Grow-Expansion with zero
// elimination). Only reached when the filtered value is too close to 0 to
// trust, i.e. for points within a few ulps of an edge's line.
[[gnu::noinline]] int OrientExactSign(double ax, double ay, double bx,
                                      double by, double px, double py) {
  double d[4][2];
  TwoDiff(bx, ax, d[0][0], d[0][1]);
  TwoDiff(py, ay, d[1][0], d[1][1]);
  TwoDiff(by, ay, d[2][0], d[2][1]);
  TwoDiff(px, ax, d[3][0], d[3][1]);
  double terms[16];
  int t = 0;
  for (int u = 0; u < 2; ++u) {
    for (int v = 0; v < 2; ++v) {
      TwoProduct(d[0][u], d[1][v], terms[t], terms[t + 1]);
      t += 2;
      TwoProduct(d[2][u], d[3][v], terms[t], terms[t + 1]);
      terms[t] = -terms[t];
      terms[t + 1] = -terms[t + 1];
      t += 2;
    }
  }
  double h[17];
  int n = 0;
  for (double q : terms) {
    int m = 0;
    for (int k = 0; k < n; ++k) {
      double s, e;
      TwoSum(q, h[k], s, e);
      q = s;
      if (e != 0) h[m++] = e;
    }
    if (q != 0) h[m++] = q;
    n = m;
  }
  if (n == 0) return 0;
  return h[n - 1] > 0 ? 1 : -1;
}

// An edge in canonical orientation: a before b in (lat, lon) order.
struct Segment {
  double ax, ay, bx, by;
};

// True when p lies strictly left of the line through a and b (directed a to
// b): for an upward edge, strictly west of it.
inline bool LeftOf(double ax, double ay, double bx, double by, double px,
                   double py) {
  const double detleft = (bx - ax) * (py - ay);
  const double detright = (by - ay) * (px - ax);
  const double det = detleft - detright;
  const double bound =
      kCcwErrBoundA * (std::fabs(detleft) + std::fabs(detright));
  // Which side p is on is a coin toss for the branch predictor: select
  // rather than branch, except for the (rare) undecided case.
  const bool left = det > bound;
  if (!(left | (det < -bound))) [[unlikely]] {
    return OrientExactSign(ax, ay, bx, by, px, py) > 0;
  }
  return left;
}

// Whether the eastward ray from p crosses the canonical edge (ay < by) under
// the half-open rule: the edge spans p's latitude in [ay, by) and p is
// strictly west of it (left of the upward edge: positive orientation). Both
// conditions are exact. This is the ordinary crossing test at p + (e, e*e)
// for infinitesimal e, which is what the boundary rule says. Branch-free
// but for the rare exact fallback: in mixed cells the outcome of each test
// is unpredictable, and mispredictions would cost more than the arithmetic.
inline bool Crosses(double ax, double ay, double bx, double by, double px,
                    double py) {
  const bool spans = (py >= ay) & (py < by);
  const double detleft = (bx - ax) * (py - ay);
  const double detright = (by - ay) * (px - ax);
  const double det = detleft - detright;
  const double bound =
      kCcwErrBoundA * (std::fabs(detleft) + std::fabs(detright));
  const bool west = det > bound;
  const bool sure = west | (det < -bound);
  if (spans & !sure) [[unlikely]] {
    return OrientExactSign(ax, ay, bx, by, px, py) > 0;
  }
  return spans & west;
}

// The sign of the ring's area: 1 counter-clockwise, -1 clockwise, 0 when
// it is too close to zero for rounding to tell (a degenerate ring).
int Orientation(const Ring& ring) {
  double sum = 0, magnitude = 0;
  for (size_t i = 1; i + 1 < ring.size(); ++i) {
    // Relative to the first vertex, to keep the products small.
    const double l =
        (ring[i].lon - ring[0].lon) * (ring[i + 1].lat - ring[0].lat);
    const double r =
        (ring[i + 1].lon - ring[0].lon) * (ring[i].lat - ring[0].lat);
    sum += l - r;
    magnitude += std::fabs(l) + std::fabs(r);
  }
  // A generous bound on the rounding error of the sum.
  const double error =
      8 * kEpsilon * static_cast<double>(ring.size()) * magnitude;
  if (sum > error) return 1;
  if (sum < -error) return -1;
  return 0;
}

// Which side of a canonical edge its shape's interior lies on.
enum Side : uint8_t { kSideUnknown = 0, kSideLeft = 1, kSideRight = 2 };

// Calls fn(edge, side) for every non-degenerate edge of the ring, with the
// edge in canonical orientation (a before b in (lat, lon) order; left of an
// upward edge is west, left of a horizontal one is north). A ring that does
// not repeat its first point is closed implicitly.
template <typename Fn>
void ForEachEdge(const Ring& ring, bool hole, Fn&& fn) {
  size_t n = ring.size();
  if (n >= 2 && ring.front() == ring.back()) --n;
  if (n < 2) return;
  // The shape's interior is left of the ring's own direction for a
  // counter-clockwise shell or a clockwise hole.
  const int orientation = Orientation(ring);
  const bool left = (orientation > 0) != hole;
  for (size_t i = 0; i < n; ++i) {
    LonLat a = ring[i];
    LonLat b = ring[i + 1 < n ? i + 1 : 0];
    if (a == b) continue;
    const bool swapped = b.lat < a.lat || (b.lat == a.lat && b.lon < a.lon);
    if (swapped) std::swap(a, b);
    const Side side = orientation == 0  ? kSideUnknown
                      : left != swapped ? kSideLeft
                                        : kSideRight;
    fn(Segment{a.lon, a.lat, b.lon, b.lat}, side);
  }
}

template <typename Fn>
void ForEachEdge(const MultiPolygon& shape, Fn&& fn) {
  for (const Polygon& polygon : shape) {
    ForEachEdge(polygon.outer, false, fn);
    for (const Ring& hole : polygon.holes) ForEachEdge(hole, true, fn);
  }
}

bool AllFinite(const MultiPolygon& shape) {
  for (const Polygon& polygon : shape) {
    for (const LonLat& v : polygon.outer) {
      if (!std::isfinite(v.lon) || !std::isfinite(v.lat)) return false;
    }
    for (const Ring& hole : polygon.holes) {
      for (const LonLat& v : hole) {
        if (!std::isfinite(v.lon) || !std::isfinite(v.lat)) return false;
      }
    }
  }
  return true;
}

// Lon of the canonical edge at latitude y (ay <= y <= by), kept inside the
// edge's lon range despite rounding.
template <typename E>
double LonAt(const E& e, double y) {
  const double x = e.ax + (y - e.ay) * ((e.bx - e.ax) / (e.by - e.ay));
  return std::clamp(x, std::min(e.ax, e.bx), std::max(e.ax, e.bx));
}

}  // namespace

bool BelongsTo(const MultiPolygon& shape, LonLat p) {
  if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) return false;
  bool inside = false;
  ForEachEdge(shape, [&](const Segment& e, Side) {
    if (e.ay != e.by) inside ^= Crosses(e.ax, e.ay, e.bx, e.by, p.lon, p.lat);
  });
  return inside;
}

// Builds a PointLocator: collects canonical edges, finds which are shared,
// lays the grid, then classifies fine cells row by row (sweeping each row's
// centre line for the whole-cell answers) and folds them into coarse cells.
class PointLocator::Builder {
 public:
  Builder(PointLocator& out, std::vector<Entry>& entries) : out_(out) {
    Collect(entries);
  }

  void Run() {
    if (edges_.empty() || !(x1_ > x0_) || !(y1_ > y0_)) return;
    if (std::none_of(edges_.begin(), edges_.end(),
                     [](const BuildEdge& e) { return e.s.ay != e.s.by; })) {
      return;  // Nothing has area: Locate stays nullopt.
    }
    FindShared();
    LayGrid();
    BucketRows();
    // The fine words of one coarse row, and which fine cells edges touch.
    std::vector<uint32_t> fine(static_cast<size_t>(kSub) * out_.nx_);
    std::vector<uint8_t> touched(fine.size());
    const int coarse_ny = out_.ny_ / kSub;
    out_.coarse_.assign(static_cast<size_t>(coarse_ny) * out_.coarse_nx_, 0);
    for (int cj = 0; cj < coarse_ny; ++cj) {
      for (int s = 0; s < kSub; ++s) {
        const size_t row = static_cast<size_t>(s) * out_.nx_;
        ClassifyRow(cj * kSub + s, &fine[row], &touched[row]);
      }
      for (int ci = 0; ci < out_.coarse_nx_; ++ci) {
        out_.coarse_[static_cast<size_t>(cj) * out_.coarse_nx_ + ci] =
            Fold(fine, touched, ci);
      }
    }
    out_.blocks_.shrink_to_fit();
    out_.split_edges_.shrink_to_fit();
    out_.records_.shrink_to_fit();
  }

 private:
  struct BuildEdge {
    Segment s;
    uint32_t owner;
    Side side;
    uint32_t uid;  // Same value for bit-identical canonical edges.
  };
  // What is known of one geometric edge, over all its copies.
  struct Shared {
    uint32_t copy = 0;             // Index of one copy in edges_.
    uint32_t left = 0, right = 0;  // Entry index + 1 on each side, or 0.
    // One copy per side at most, from different entries, sides known: the
    // edge alone decides which entry a point beside it belongs to.
    bool simple = true;
    bool interior = false;  // Simple, and entries on both sides.
    uint32_t split = std::numeric_limits<uint32_t>::max();  // In split_edges_.
  };
  struct RowEdge {
    uint32_t owner;
    uint32_t edge;
    double lo, hi;  // Lon range of the edge within the row, widened.
    bool spans;     // Covers the row's whole (widened) latitude range.
  };
  struct Touch {
    int cell;
    uint32_t owner;
    uint32_t uid;
    auto operator<=>(const Touch&) const = default;
  };
  struct Crossing {
    double x;
    uint32_t owner;
  };
  struct Candidate {
    uint32_t who;
    uint32_t parity;
    uint32_t first, count;  // Into cand_edges_.
  };

  void Collect(std::vector<Entry>& entries) {
    x0_ = y0_ = std::numeric_limits<double>::infinity();
    x1_ = y1_ = -x0_;
    out_.ids_.reserve(entries.size());
    for (size_t k = 0; k < entries.size(); ++k) {
      out_.ids_.push_back(entries[k].id);
      // An entry with a non-finite vertex has no meaningful region.
      if (!AllFinite(entries[k].shape)) continue;
      const auto owner = static_cast<uint32_t>(k);
      ForEachEdge(entries[k].shape, [&](const Segment& e, Side side) {
        edges_.push_back({e, owner, side, 0});
        x0_ = std::min({x0_, e.ax, e.bx});
        x1_ = std::max({x1_, e.ax, e.bx});
        y0_ = std::min(y0_, e.ay);
        y1_ = std::max(y1_, e.by);
      });
    }
    entries.clear();
    entries.shrink_to_fit();
  }

  // Groups bit-identical canonical edges (a proper tiling gives each inner
  // edge exactly twice, once from each side).
  void FindShared() {
    std::vector<uint32_t> order(edges_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto key = [&](uint32_t i) {
      const Segment& s = edges_[i].s;
      return std::array<double, 4>{s.ax, s.ay, s.bx, s.by};
    };
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
    for (size_t g = 0; g < order.size();) {
      Shared shared;
      shared.copy = order[g];
      int lefts = 0, rights = 0;
      size_t end = g;
      for (; end < order.size() && key(order[end]) == key(order[g]); ++end) {
        BuildEdge& e = edges_[order[end]];
        e.uid = static_cast<uint32_t>(shared_.size());
        if (e.side == kSideLeft) {
          ++lefts;
          shared.left = e.owner + 1;
        } else if (e.side == kSideRight) {
          ++rights;
          shared.right = e.owner + 1;
        } else {
          shared.simple = false;
        }
      }
      shared.simple = shared.simple && lefts <= 1 && rights <= 1 &&
                      shared.left != shared.right;
      shared.interior = shared.simple && lefts == 1 && rights == 1;
      shared_.push_back(shared);
      g = end;
    }
  }

  void LayGrid() {
    const double w = x1_ - x0_, h = y1_ - y0_;
    // Cells roughly square on the ground, so that a cell row crosses about
    // as many edges as a column.
    const double k_lon = std::clamp(
        std::cos((y0_ + y1_) / 2 * std::numbers::pi / 180), 0.05, 1.0);
    const double target =
        std::clamp(kCoarseCellsPerEdge * static_cast<double>(edges_.size()),
                   1.0, kMaxCoarseCells);
    const double cx =
        std::clamp(std::round(std::sqrt(target * w * k_lon / h)), 1.0, target);
    const double cy = std::clamp(std::round(target / cx), 1.0,
                                 std::floor(kMaxCoarseCells / cx));
    out_.coarse_nx_ = static_cast<int>(cx);
    out_.nx_ = out_.coarse_nx_ * kSub;
    out_.ny_ = static_cast<int>(cy) * kSub;
    out_.min_x_ = x0_;
    out_.min_y_ = y0_;
    out_.max_x_ = x1_;
    out_.max_y_ = y1_;
    out_.inv_cell_w_ = out_.nx_ / w;
    out_.inv_cell_h_ = out_.ny_ / h;
    cell_w_ = w / out_.nx_;
    cell_h_ = h / out_.ny_;
    // Every cell is treated as slightly larger than it is, so that rounding
    // in Locate's cell index (a few ulps) can never put a point outside the
    // cell whose word was built for it. The margin is far above those ulps
    // and far below anything geometric.
    mx_ = std::max(cell_w_ * 1e-6,
                   64 * kEpsilon * std::max(std::fabs(x0_), std::fabs(x1_)));
    my_ = std::max(cell_h_ * 1e-6,
                   64 * kEpsilon * std::max(std::fabs(y0_), std::fabs(y1_)));
  }

  int CellX(double x) const {
    return static_cast<int>(std::clamp(std::floor((x - x0_) * out_.inv_cell_w_),
                                       0.0, out_.nx_ - 1.0));
  }
  int CellY(double y) const {
    return static_cast<int>(std::clamp(std::floor((y - y0_) * out_.inv_cell_h_),
                                       0.0, out_.ny_ - 1.0));
  }

  // Buckets edges by the coarse rows their latitude range meets
  // (generously: each fine row clips exactly).
  void BucketRows() {
    const int coarse_ny = out_.ny_ / kSub;
    row_start_.assign(coarse_ny + 1, 0);
    auto for_rows = [&](const Segment& e, auto&& fn) {
      const int j0 = CellY(e.ay - 2 * my_) >> kSubShift;
      const int j1 = CellY(e.by + 2 * my_) >> kSubShift;
      for (int j = j0; j <= j1; ++j) fn(j);
    };
    for (const BuildEdge& e : edges_) {
      for_rows(e.s, [&](int j) { ++row_start_[j + 1]; });
    }
    for (int j = 0; j < coarse_ny; ++j) row_start_[j + 1] += row_start_[j];
    bucket_.resize(row_start_[coarse_ny]);
    std::vector<uint32_t> fill(row_start_.begin(), row_start_.end() - 1);
    for (size_t e = 0; e < edges_.size(); ++e) {
      for_rows(edges_[e].s,
               [&](int j) { bucket_[fill[j]++] = static_cast<uint32_t>(e); });
    }
  }

  // Fills words[0, nx) for fine row j, and touched[0, nx): whether any
  // edge comes near the cell.
  void ClassifyRow(int j, uint32_t* words, uint8_t* touched) {
    const double band_lo = y0_ + j * cell_h_ - my_;
    const double band_hi = y0_ + (j + 1) * cell_h_ + my_;
    const double center_y = y0_ + (j + 0.5) * cell_h_;
    row_edges_.clear();
    touches_.clear();
    crossings_.clear();
    const int cj = j >> kSubShift;
    for (uint32_t b = row_start_[cj]; b < row_start_[cj + 1]; ++b) {
      const uint32_t index = bucket_[b];
      const BuildEdge& edge = edges_[index];
      const Segment& e = edge.s;
      double lo, hi;
      if (e.ay == e.by) {
        if (e.ay < band_lo || e.ay > band_hi) continue;
        lo = e.ax - mx_;
        hi = e.bx + mx_;
      } else {
        const double clip_lo = std::max(e.ay, band_lo);
        const double clip_hi = std::min(e.by, band_hi);
        if (clip_lo > clip_hi) continue;
        const double xa = LonAt(e, clip_lo), xb = LonAt(e, clip_hi);
        // LonAt's rounding error grows with the edge's lon/lat slope (for a
        // nearly horizontal edge an ulp of latitude is metres of longitude):
        // widen by a bound on it, so no touched cell is missed.
        const double error =
            8 * kEpsilon *
            (std::fabs((e.bx - e.ax) / (e.by - e.ay)) *
                 (std::fabs(band_lo) + std::fabs(band_hi) + std::fabs(e.ay)) +
             std::fabs(e.ax) + std::fabs(e.bx));
        lo = std::min(xa, xb) - mx_ - error;
        hi = std::max(xa, xb) + mx_ + error;
        row_edges_.push_back(
            {edge.owner, index, lo, hi, e.ay <= band_lo && e.by > band_hi});
        if (e.ay <= center_y && center_y < e.by) {
          crossings_.push_back({LonAt(e, center_y), edge.owner});
        }
      }
      for (int i = CellX(lo), last = CellX(hi); i <= last; ++i) {
        touches_.push_back({i, edge.owner, edge.uid});
      }
    }
    std::sort(touches_.begin(), touches_.end());
    std::sort(
        row_edges_.begin(), row_edges_.end(),
        [](const RowEdge& a, const RowEdge& b) { return a.owner < b.owner; });
    std::sort(crossings_.begin(), crossings_.end(),
              [](const Crossing& a, const Crossing& b) { return a.x > b.x; });

    // Sweep the row from east to west along its centre line. `inside_`
    // holds the entries whose crossing count east of the current cell centre
    // is odd, i.e. those containing the centre. For an untouched cell that is
    // exact (every edge is farther than the margin); for a touched cell the
    // touching entries are candidates anyway.
    inside_.clear();
    size_t next_crossing = 0;
    size_t touch_end = touches_.size();
    for (int i = out_.nx_ - 1; i >= 0; --i) {
      const double center_x = x0_ + (i + 0.5) * cell_w_;
      while (next_crossing < crossings_.size() &&
             crossings_[next_crossing].x > center_x) {
        const uint32_t who = crossings_[next_crossing++].owner;
        auto it = std::find(inside_.begin(), inside_.end(), who);
        if (it != inside_.end()) {
          inside_.erase(it);
        } else {
          inside_.push_back(who);
        }
      }
      size_t touch_begin = touch_end;
      while (touch_begin > 0 && touches_[touch_begin - 1].cell == i) {
        --touch_begin;
      }
      touched[i] = touch_begin != touch_end;
      if (touch_begin == touch_end) {
        // No edge comes near: the whole cell shares its centre's answer.
        words[i] = inside_.empty()
                       ? 0
                       : *std::min_element(inside_.begin(), inside_.end()) + 1;
      } else {
        words[i] = MixedCell(i, touch_begin, touch_end);
      }
      touch_end = touch_begin;
    }
  }

  // The word for fine cell i of the current row, touched by
  // touches_[begin, end).
  uint32_t MixedCell(int i, size_t begin, size_t end) {
    // Candidates: entries with an edge in the cell, and entries holding the
    // cell's centre (which, if they touch no edge here, hold the whole
    // cell: only possible where entries overlap).
    bool covered = true;
    bool one_edge = true;
    owners_.clear();
    for (size_t t = begin; t < end; ++t) {
      const Shared& shared = shared_[touches_[t].uid];
      covered = covered && shared.interior;
      one_edge = one_edge && touches_[t].uid == touches_[begin].uid;
      if (owners_.empty() || owners_.back() != touches_[t].owner) {
        owners_.push_back(touches_[t].owner);
      }
    }
    for (uint32_t who : inside_) {
      if (std::find(owners_.begin(), owners_.end(), who) == owners_.end()) {
        owners_.push_back(who);
        covered = one_edge = false;
      }
    }
    const uint32_t uid = touches_[begin].uid;
    if (one_edge && shared_[uid].simple) {
      // The edge crosses the whole cell (an endpoint inside would bring its
      // other edge along), so its side decides.
      Shared& shared = shared_[uid];
      if (shared.split == std::numeric_limits<uint32_t>::max()) {
        const Segment& e = edges_[shared.copy].s;
        shared.split = static_cast<uint32_t>(out_.split_edges_.size());
        out_.split_edges_.push_back(
            {e.ax, e.ay, e.bx, e.by, shared.left, shared.right});
      }
      if (shared.split > kValueMask) {
        throw std::length_error("PointLocator: too many edges");
      }
      return kSplit | shared.split;
    }

    const double cell_lo = x0_ + i * cell_w_, cell_hi = x0_ + (i + 1) * cell_w_;
    candidates_.clear();
    cand_edges_.clear();
    for (uint32_t who : owners_) {
      Candidate c{who, 0, static_cast<uint32_t>(cand_edges_.size()), 0};
      auto range = std::equal_range(
          row_edges_.begin(), row_edges_.end(), RowEdge{who, 0, 0, 0, false},
          [](const RowEdge& a, const RowEdge& b) { return a.owner < b.owner; });
      for (auto it = range.first; it != range.second; ++it) {
        // West of the cell: no eastward ray from the cell reaches it.
        if (it->hi < cell_lo - mx_) continue;
        // East of the cell across its full height: every ray crosses it.
        if (it->spans && it->lo > cell_hi + mx_) {
          c.parity ^= 1;
          continue;
        }
        cand_edges_.push_back(it->edge);
        ++c.count;
      }
      // With no edge left and even parity, no point of the cell belongs to
      // this candidate.
      if (c.count > 0 || c.parity != 0) candidates_.push_back(c);
    }
    if (candidates_.empty()) return 0;
    if (covered && candidates_.size() == 1) return candidates_[0].who + 1;
    // Cheapest candidates first; in a covered cell the costliest is then the
    // one never tested.
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const Candidate& a, const Candidate& b) {
                       return a.count < b.count;
                     });
    const size_t offset = out_.records_.size();
    if (offset > kValueMask) {
      throw std::length_error("PointLocator: index too large");
    }
    auto& records = out_.records_;
    records.push_back(candidates_.size() |
                      (static_cast<uint64_t>(covered) << 32));
    for (size_t c = 0; c < candidates_.size(); ++c) {
      const Candidate& cand = candidates_[c];
      const bool last_covered = covered && c + 1 == candidates_.size();
      const uint32_t count = last_covered ? 0 : cand.count;
      records.push_back(cand.who | (static_cast<uint64_t>(cand.parity) << 31) |
                        (static_cast<uint64_t>(count) << 32));
      for (uint32_t k = 0; k < count; ++k) {
        const Segment& e = edges_[cand_edges_[cand.first + k]].s;
        for (double v : {e.ax, e.ay, e.bx, e.by}) {
          records.push_back(std::bit_cast<uint64_t>(v));
        }
      }
    }
    return kRecord | static_cast<uint32_t>(offset);
  }

  // The word for coarse cell ci of the current coarse row, whose fine words
  // are fine[s * nx + ci * kSub + t] for s, t in [0, kSub).
  uint32_t Fold(const std::vector<uint32_t>& fine,
                const std::vector<uint8_t>& touched, int ci) {
    auto index = [&](int s, int t) {
      return static_cast<size_t>(s) * out_.nx_ + ci * kSub + t;
    };
    auto at = [&](int s, int t) { return fine[index(s, t)]; };
    const uint32_t first = at(0, 0);
    bool same = true;
    uint32_t split = 0;  // The one split word seen, if any.
    bool one_split = true;
    for (int s = 0; s < kSub; ++s) {
      for (int t = 0; t < kSub; ++t) {
        const uint32_t w = at(s, t);
        same = same && w == first;
        const uint32_t tag = w & kTagMask;
        if (tag == kSplit) {
          if (split == 0) split = w;
          one_split = one_split && w == split;
        } else if (tag != kPure || touched[index(s, t)]) {
          // A whole cell that some other edge touches (its candidates
          // resolved to one) rules out "only that edge".
          one_split = false;
        }
      }
    }
    // All alike (each fine cell wholly inside the same entry, or all cut by
    // the same edge alone): so is the coarse cell. Or cut by one edge and
    // otherwise untouched: the coarse cell is only touched by that edge, so
    // its side decides everywhere in it.
    if (same && (first & kTagMask) != kRecord) return first;
    if (one_split && split != 0) return split;
    const size_t block = out_.blocks_.size() / (kSub * kSub);
    if (block > kValueMask) {
      throw std::length_error("PointLocator: index too large");
    }
    for (int s = 0; s < kSub; ++s) {
      for (int t = 0; t < kSub; ++t) out_.blocks_.push_back(at(s, t));
    }
    return kBlock | static_cast<uint32_t>(block);
  }

  PointLocator& out_;
  std::vector<BuildEdge> edges_;
  std::vector<Shared> shared_;
  double x0_, y0_, x1_, y1_;
  double cell_w_ = 0, cell_h_ = 0, mx_ = 0, my_ = 0;
  std::vector<uint32_t> row_start_, bucket_;
  // Scratch for one row.
  std::vector<RowEdge> row_edges_;
  std::vector<Touch> touches_;
  std::vector<Crossing> crossings_;
  std::vector<uint32_t> inside_, owners_, cand_edges_;
  std::vector<Candidate> candidates_;
};

PointLocator::PointLocator(std::vector<Entry> entries) {
  if (entries.size() >= kValueMask) {
    throw std::length_error("PointLocator: too many entries");
  }
  Builder(*this, entries).Run();
}

std::optional<int64_t> PointLocator::Locate(LonLat p) const {
  // Also false for NaN. Points at max_x_ or max_y_ belong to nothing: the
  // point just east-north-east of them is outside every shape.
  if (!(p.lon >= min_x_ && p.lon < max_x_ && p.lat >= min_y_ &&
        p.lat < max_y_)) {
    return std::nullopt;
  }
  int i = static_cast<int>((p.lon - min_x_) * inv_cell_w_);
  int j = static_cast<int>((p.lat - min_y_) * inv_cell_h_);
  if (i >= nx_) i = nx_ - 1;
  if (j >= ny_) j = ny_ - 1;
  uint32_t word = coarse_[static_cast<size_t>(j >> kSubShift) * coarse_nx_ +
                          (i >> kSubShift)];
  if ((word & kTagMask) == kBlock) {
    word = blocks_[static_cast<size_t>(word & kValueMask) * (kSub * kSub) +
                   (j & kSubMask) * kSub + (i & kSubMask)];
  }
  if ((word & kTagMask) == kPure) [[likely]] {
    if (word == 0) return std::nullopt;
    return ids_[word - 1];
  }
  return Resolve(word, p);
}

std::optional<int64_t> PointLocator::Resolve(uint32_t word, LonLat p) const {
  if ((word & kTagMask) == kSplit) {
    const SplitEdge& e = split_edges_[word & kValueMask];
    // Left is west of an upward edge (p strictly west: on the edge counts
    // as east), north of a horizontal one (on the edge counts as north).
    const bool left = e.ay == e.by
                          ? p.lat >= e.ay
                          : LeftOf(e.ax, e.ay, e.bx, e.by, p.lon, p.lat);
    const uint32_t side = left ? e.left : e.right;
    if (side == 0) return std::nullopt;
    return ids_[side - 1];
  }
  return LocateInRecord(word & kValueMask, p);
}

std::optional<int64_t> PointLocator::LocateInRecord(uint32_t offset,
                                                    LonLat p) const {
  const uint64_t* r = records_.data() + offset;
  const uint64_t head = *r++;
  const bool covered = (head >> 32) != 0;
  // In a covered cell the last candidate is the answer when no other is.
  for (auto n = static_cast<uint32_t>(head) - covered; n > 0; --n) {
    const uint64_t candidate = *r++;
    bool inside = (candidate & kParityBit) != 0;
    for (auto k = static_cast<uint32_t>(candidate >> 32); k > 0; --k, r += 4) {
      inside ^=
          Crosses(std::bit_cast<double>(r[0]), std::bit_cast<double>(r[1]),
                  std::bit_cast<double>(r[2]), std::bit_cast<double>(r[3]),
                  p.lon, p.lat);
    }
    if (n == 1 && covered) {
      // The common case (two neighbours share the cell): pick without a
      // branch, since which side p falls on is a coin toss.
      const uint64_t chosen = inside ? candidate : *r;
      return ids_[chosen & kEntryMask];
    }
    if (inside) return ids_[candidate & kEntryMask];
  }
  if (covered) return ids_[*r & kEntryMask];
  return std::nullopt;
}

PointLocator::Stats PointLocator::GetStats() const {
  Stats stats;
  stats.cells_x = nx_;
  stats.cells_y = ny_;
  stats.blocks = static_cast<int>(blocks_.size() / (kSub * kSub));
  auto count = [&](uint32_t w) {
    if ((w & kTagMask) == kSplit) ++stats.split_cells;
    if ((w & kTagMask) == kRecord) ++stats.record_cells;
  };
  for (uint32_t w : coarse_) count(w);
  for (uint32_t w : blocks_) count(w);
  stats.memory_bytes = ids_.capacity() * sizeof(int64_t) +
                       coarse_.capacity() * sizeof(uint32_t) +
                       blocks_.capacity() * sizeof(uint32_t) +
                       split_edges_.capacity() * sizeof(SplitEdge) +
                       records_.capacity() * sizeof(uint64_t);
  return stats;
}

}  // namespace wangge::geo
