#include "service/stats_service.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "service/permissions.h"
#include "store/case_stats_store.h"

namespace wangge::service {

namespace {

using store::CaseStatsStore;
using store::StatsGroup;

// Long enough for any report anyone asks for, short enough that a mistyped
// `from` cannot make one request read every row.
constexpr int64_t kMaxPeriodDays = 3660;
constexpr int64_t kDefaultPeriodDays = 30;

constexpr std::array<std::string_view, 6> kSources = {
    "grid_staff", "patrol", "visit", "resident", "hotline", "open311"};

constexpr std::array<std::pair<std::string_view, store::DayColumn>, 7> kStates =
    {{{"reported", store::kInReported},
      {"accepted", store::kInAccepted},
      {"dispatched", store::kInDispatched},
      {"handled", store::kInHandled},
      {"shelved", store::kInShelved},
      {"closed", store::kInClosed},
      {"voided", store::kInVoided}}};

std::optional<double> Ratio(int64_t part, int64_t whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

void AddDays(StatsFigures& f, const store::DayCounts& c) {
  f.created += c[store::kCreated];
  f.closed += c[store::kClosed];
  f.closed_on_time += c[store::kClosedOnTime];
  f.voided += c[store::kInVoided];
  f.due_closed += c[store::kInClosed];
  f.due_closed_on_time += c[store::kInClosedOnTime];
}

// The period's day counters and the open cases now of a scope, per group
// key.
struct Sums {
  std::map<std::string, store::DayCounts> days;
  std::map<std::string, store::NowCounts> now;

  StatsFigures Figures(const std::string& key) const {
    StatsFigures f;
    if (auto it = days.find(key); it != days.end()) AddDays(f, it->second);
    if (auto it = now.find(key); it != now.end()) {
      f.open = it->second.open;
      f.overdue = it->second.overdue;
    }
    return f;
  }
};

enum class WithNow { kNo, kYes };

// A scope's grids, and the fewest counter areas that cover them exactly:
// each community whose grids are all in the scope, and the other grids.
struct Areas {
  std::vector<int64_t> grids;  // sorted
  std::vector<int64_t> cover;  // sorted
};

Result<Sums> ReadSums(store::Connection& c, const Areas& areas,
                      const StatsPeriod& p, StatsGroup group, Millis now,
                      WithNow with_now) {
  Sums s;
  // Per grid the grids' own rows; otherwise the cover's.
  const auto& rows = group == StatsGroup::kGrid ? areas.grids : areas.cover;
  WG_ASSIGN(auto days,
            CaseStatsStore::SumDays(c, rows, p.first_day, p.last_day, group));
  for (auto& r : days) s.days[r.key] = r.counts;
  if (with_now == WithNow::kYes) {
    WG_ASSIGN(auto open, CaseStatsStore::SumNow(c, areas.grids, now, group));
    for (auto& r : open) s.now[r.key] = r.counts;
  }
  return s;
}

}  // namespace

Result<StatsPeriod> ResolveStatsPeriod(std::optional<Millis> from,
                                       std::optional<Millis> to, Millis now) {
  if (to && *to <= 0)
    return Invalid("stats.to", "to must be a positive instant (ms)", "to");
  if (from && *from < 0)
    return Invalid("stats.from", "from must be an instant (ms) from 1970 on",
                   "from");
  const Millis end = to.value_or(now);
  if (from && *from >= end)
    return Invalid("stats.from", "from must be before to", "from");
  StatsPeriod p;
  p.last_day = store::StatsDay(end - 1);
  p.first_day =
      from ? store::StatsDay(*from) : p.last_day - (kDefaultPeriodDays - 1);
  if (p.last_day - p.first_day + 1 > kMaxPeriodDays)
    return Invalid(
        "stats.period",
        "the period is at most " + std::to_string(kMaxPeriodDays) + " days",
        "from");
  p.from = store::StatsDayStart(p.first_day);
  p.to = store::StatsDayStart(p.last_day + 1);
  return p;
}

std::optional<double> StatsFigures::closure_rate() const {
  return Ratio(due_closed, due_to_close());
}

std::optional<double> StatsFigures::on_time_rate() const {
  return Ratio(due_closed_on_time, due_to_close());
}

std::optional<StatsGroupBy> ParseStatsGroup(std::string_view name) {
  for (auto g :
       {StatsGroupBy::kGrid, StatsGroupBy::kCategory, StatsGroupBy::kSource,
        StatsGroupBy::kState, StatsGroupBy::kDay})
    if (StatsGroupName(g) == name) return g;
  return std::nullopt;
}

std::string_view StatsGroupName(StatsGroupBy group) {
  switch (group) {
    case StatsGroupBy::kGrid:
      return "grid";
    case StatsGroupBy::kCategory:
      return "category";
    case StatsGroupBy::kSource:
      return "source";
    case StatsGroupBy::kState:
      return "state";
    case StatsGroupBy::kDay:
      return "day";
  }
  return "";
}

struct StatsService::Scope {
  std::shared_ptr<const CaseCatalog::Snapshot> snap;
  Areas areas;
};

namespace {

// The communities whose grids `grids` (sorted) hold all of, and the grids
// left over. Counter rows of a community count the cases whose
// community_id is it, which are the cases of its grids.
std::vector<int64_t> CoverOf(const CaseCatalog::Snapshot& snap,
                             const std::vector<int64_t>& grids) {
  std::map<int64_t, int> in_scope, total;
  for (const auto& [id, area] : snap.areas)
    if (area.level == "grid" && area.parent_id) ++total[*area.parent_id];
  std::vector<int64_t> cover;
  for (int64_t id : grids) {
    const AreaNode* g = snap.Area(id);
    const AreaNode* parent =
        g && g->parent_id ? snap.Area(*g->parent_id) : nullptr;
    if (parent && parent->level == "community")
      ++in_scope[parent->id];
    else
      cover.push_back(id);
  }
  for (int64_t id : grids) {
    const AreaNode* g = snap.Area(id);
    if (!g || !g->parent_id || !in_scope.contains(*g->parent_id)) continue;
    const int64_t community = *g->parent_id;
    if (in_scope[community] == total[community])
      cover.push_back(community);
    else
      cover.push_back(id);
  }
  std::ranges::sort(cover);
  const auto [first, last] = std::ranges::unique(cover);
  cover.erase(first, last);
  return cover;
}

}  // namespace

Result<StatsService::Scope> StatsService::ScopeOf(
    store::Connection& c, const Actor& actor, std::optional<int64_t> area_id) {
  Scope scope;
  WG_ASSIGN(scope.snap, catalog_.Current());
  if (area_id && !scope.snap->Area(*area_id)) {
    // An area made since the snapshot; else no such area.
    WG_ASSIGN(scope.snap, catalog_.WithArea(*area_id));
    if (!scope.snap->Area(*area_id))
      return Invalid("stats.area_id", "area_id names no area", "area_id");
  }
  // The scope rule of case lists (and its 403 for an area outside it).
  WG_ASSIGN(auto grids, ScopedGridIds(c, actor, area_id));
  auto& ids = scope.areas.grids;
  if (grids) {
    ids = std::move(*grids);
    // A grid made since the snapshot: a fresh one, so that its community's
    // grids are all known before the community stands for them.
    for (int64_t id : ids) {
      if (scope.snap->Area(id)) continue;
      WG_ASSIGN(scope.snap, catalog_.WithArea(id));
      break;
    }
  } else {
    for (const auto& [id, area] : scope.snap->areas)
      if (area.level == "grid") ids.push_back(id);
  }
  std::ranges::sort(ids);
  scope.areas.cover = CoverOf(*scope.snap, ids);
  return scope;
}

Result<StatsOverview> StatsService::Overview(const Actor& actor,
                                             const StatsQuery& q) {
  const Millis now = clock_.Now();
  WG_ASSIGN(auto period, ResolveStatsPeriod(q.from, q.to, now));
  return db_.Read([&](store::Connection& c) -> Result<StatsOverview> {
    WG_ASSIGN(auto scope, ScopeOf(c, actor, q.area_id));
    StatsOverview o;
    o.period = period;
    o.generated_at = now;
    WG_ASSIGN(auto sums, ReadSums(c, scope.areas, period, StatsGroup::kNone,
                                  now, WithNow::kYes));
    o.figures = sums.Figures("");
    const int64_t today = store::StatsDay(now);
    WG_ASSIGN(auto today_rows,
              CaseStatsStore::SumDays(c, scope.areas.cover, today, today,
                                      StatsGroup::kNone));
    for (const auto& r : today_rows) {
      o.created_today += r.counts[store::kCreated];
      o.closed_today += r.counts[store::kClosed];
    }
    return o;
  });
}

Result<StatsBreakdown> StatsService::Breakdown(const Actor& actor,
                                               StatsGroupBy group,
                                               const StatsQuery& q) {
  const Millis now = clock_.Now();
  WG_ASSIGN(auto period, ResolveStatsPeriod(q.from, q.to, now));
  return db_.Read([&](store::Connection& c) -> Result<StatsBreakdown> {
    WG_ASSIGN(auto scope, ScopeOf(c, actor, q.area_id));
    StatsBreakdown b;
    b.group = group;
    b.period = period;
    b.generated_at = now;
    const StatsGroup by = group == StatsGroupBy::kGrid ? StatsGroup::kGrid
                          : group == StatsGroupBy::kCategory
                              ? StatsGroup::kCategory
                          : group == StatsGroupBy::kSource ? StatsGroup::kSource
                          : group == StatsGroupBy::kDay    ? StatsGroup::kDay
                                                           : StatsGroup::kNone;
    // Open and overdue are figures of now: per day they mean nothing, and
    // per state only the open states have them.
    const WithNow with_now =
        group == StatsGroupBy::kDay || group == StatsGroupBy::kState
            ? WithNow::kNo
            : WithNow::kYes;
    WG_ASSIGN(auto sums, ReadSums(c, scope.areas, period, by, now, with_now));
    const auto& snap = *scope.snap;
    switch (group) {
      case StatsGroupBy::kGrid:
        for (int64_t id : scope.areas.grids) {
          StatsItem item;
          item.id = id;
          if (const AreaNode* g = snap.Area(id)) {
            item.key = g->code;
            item.name = g->name;
          }
          item.figures = sums.Figures(std::to_string(id));
          b.items.push_back(std::move(item));
        }
        std::ranges::sort(b.items, {}, &StatsItem::key);
        break;
      case StatsGroupBy::kCategory: {
        // 大类 by their order, then each one's 小类 by theirs.
        using Order = std::tuple<int64_t, std::string, int64_t, std::string>;
        std::vector<std::pair<Order, StatsItem>> sorted;
        for (const auto& [id, cat] : snap.categories) {
          if (!cat.row.parent_id) continue;
          const std::string key = std::to_string(id);
          StatsFigures f = sums.Figures(key);
          const bool used = sums.days.contains(key) || sums.now.contains(key);
          if (!cat.row.active && !used) continue;
          const CatalogCategory* parent = snap.Category(*cat.row.parent_id);
          StatsItem item;
          item.id = id;
          item.key = cat.row.code;
          item.name = cat.row.name;
          if (parent) {
            item.parent_code = parent->row.code;
            item.parent_name = parent->row.name;
          }
          item.figures = f;
          Order order{parent ? parent->row.sort : 0, item.parent_code,
                      cat.row.sort, cat.row.code};
          sorted.emplace_back(std::move(order), std::move(item));
        }
        std::ranges::sort(sorted, {}, &std::pair<Order, StatsItem>::first);
        for (auto& [order, item] : sorted) b.items.push_back(std::move(item));
        break;
      }
      case StatsGroupBy::kSource:
        for (auto source : kSources) {
          StatsItem item;
          item.key = item.name = std::string(source);
          item.figures = sums.Figures(item.key);
          b.items.push_back(std::move(item));
        }
        break;
      case StatsGroupBy::kState: {
        const store::DayCounts counts =
            sums.days.contains("") ? sums.days.at("") : store::DayCounts{};
        for (const auto& [state, col] : kStates) {
          StatsItem item;
          item.key = item.name = std::string(state);
          item.count = counts[col];
          if (state == "closed")
            item.figures.due_closed_on_time = counts[store::kInClosedOnTime];
          b.items.push_back(std::move(item));
        }
        break;
      }
      case StatsGroupBy::kDay:
        for (int64_t day = period.first_day; day <= period.last_day; ++day) {
          StatsItem item;
          item.key = item.name = FormatDate(day);
          item.figures = sums.Figures(std::to_string(day));
          b.items.push_back(std::move(item));
        }
        break;
    }
    return b;
  });
}

}  // namespace wangge::service
