// First cut of a division: apportioning grids to pieces, the balance target,
// and METIS k-way partitioning with a fallback when METIS refuses.
#include "geo/division_partition.h"

#include <metis.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

namespace wangge::geo::internal {

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

}  // namespace wangge::geo::internal
