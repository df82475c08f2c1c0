#include "service/demo/synthetic_cases.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>

#include "core/tracking_code.h"
#include "service/case_catalog.h"
// StartStep: open cases get the deadlines live ones would have.
#include "service/case_internal.h"
#include "service/demo/people_generator.h"
#include "store/audit_store.h"
#include "store/case_stats_store.h"
#include "store/case_store.h"

namespace wangge::demo {

namespace {

using service::CaseStep;
using store::CaseRow;

constexpr Millis kMinute = 60000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

// Explicit indexes of `cases` with the DDL that makes them again exactly as
// the migrations did; the primary key and unique constraints stay.
constexpr std::string_view kCaseIndexesSqlite =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
    "NULL AND tbl_name = 'cases'";
constexpr std::string_view kCaseIndexesPostgres =
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
    "current_schema() AND tablename = 'cases' AND indexname NOT IN (SELECT "
    "conname FROM pg_constraint WHERE conrelid = 'cases'::regclass)";
constexpr std::string_view kBulkCacheSqlite = "PRAGMA cache_size=-1048576";
constexpr std::string_view kBulkMemoryPostgres =
    "SET LOCAL maintenance_work_mem = '512MB'";
// One statement per call: VACUUM runs outside any transaction block.
constexpr std::array<std::string_view, 2> kSettlePostgres = {
    "VACUUM (ANALYZE) cases", "VACUUM (ANALYZE) case_stats_daily"};
constexpr std::string_view kCounters =
    "SELECT community_id, year, last FROM case_counters";
constexpr std::string_view kSetCounter =
    "INSERT INTO case_counters (community_id, year, last) VALUES (?, ?, ?) "
    "ON CONFLICT (community_id, year) DO UPDATE SET last = excluded.last";

// Shares of the sources (grid staff find most problems) and levels.
constexpr std::array<std::pair<std::string_view, double>, 6> kSources = {{
    {"grid_staff", 0.50},
    {"patrol", 0.15},
    {"visit", 0.08},
    {"resident", 0.10},
    {"hotline", 0.12},
    {"open311", 0.05},
}};
constexpr std::array<std::pair<std::string_view, double>, 4> kLevels = {{
    {"simple", 0.20},
    {"ordinary", 0.70},
    {"prominent", 0.09},
    {"major", 0.01},
}};
constexpr double kVoidedShare = 0.03;
// Long-running problems: parked in the problem pool (挂账), or stuck with
// the party that should handle them (overdue, red).
constexpr double kShelvedShare = 0.003;
constexpr double kStuckShare = 0.002;
// Handling time from report to close: log-normal, median 20 hours.
constexpr double kMedianHours = 20.0;
constexpr double kSpread = 1.0;

// Draws an index with probability proportional to its weight.
class Weighted {
 public:
  explicit Weighted(const std::vector<double>& weights) : cum_(weights.size()) {
    std::partial_sum(weights.begin(), weights.end(), cum_.begin());
  }
  size_t Draw(Rng& rng) const {
    const double x = rng.Unit() * cum_.back();
    const auto it = std::upper_bound(cum_.begin(), cum_.end(), x);
    return std::min<size_t>(it - cum_.begin(), cum_.size() - 1);
  }

 private:
  std::vector<double> cum_;
};

double Normal(Rng& rng) {
  const double u = std::max(rng.Unit(), 1e-12);
  return std::sqrt(-2 * std::log(u)) *
         std::cos(2 * std::numbers::pi * rng.Unit());
}

struct GridRef {
  int64_t id = 0;
  int64_t community_id = 0;
  std::string community_code;
};

struct CategoryRef {
  int64_t id = 0;
  int64_t policy_id = 0;
  std::string name;
  std::shared_ptr<const service::CasePolicy> policy;
};

// Makes the cases of one local day; `rows` receives them in time order.
class Generator {
 public:
  Generator(const service::CaseCatalog::Snapshot& snap,
            std::vector<GridRef> grids, std::vector<CategoryRef> categories,
            uint64_t seed, Millis now)
      : snap_(snap),
        grids_(std::move(grids)),
        categories_(std::move(categories)),
        rng_(seed),
        now_(now),
        grid_pick_(GridWeights()),
        category_pick_(CategoryWeights()),
        source_pick_(Shares(kSources)),
        level_pick_(Shares(kLevels)) {}

  void Day(int64_t day, int64_t n, std::vector<CaseRow>& rows,
           SynthCasesSummary& sum) {
    const Millis start = store::StatsDayStart(day);
    const Millis end = std::min(start + kDay, now_);
    std::vector<Millis> times;
    times.reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      // Most problems are found in office hours.
      Millis t = rng_.Chance(0.8)
                     ? start + 8 * kHour +
                           static_cast<Millis>(rng_.Unit() * 10 * kHour)
                     : start + static_cast<Millis>(rng_.Unit() * kDay);
      if (t >= end)
        t = start + static_cast<Millis>(rng_.Unit() * (end - start));
      times.push_back(t);
    }
    std::ranges::sort(times);
    for (Millis t : times) {
      rows.push_back(Case(t));
      Count(rows.back(), sum);
    }
  }

 private:
  std::vector<double> GridWeights() {
    // Some grids are much busier than others (markets, old quarters).
    std::vector<double> w;
    for (size_t i = 0; i < grids_.size(); ++i)
      w.push_back(std::exp(0.6 * Normal(rng_)));
    return w;
  }
  std::vector<double> CategoryWeights() {
    // A few kinds of problem make most of the cases (Zipf, shuffled ranks).
    std::vector<double> w;
    for (size_t i = 0; i < categories_.size(); ++i) w.push_back(1.0 / (i + 1));
    for (size_t i = w.size(); i > 1; --i) std::swap(w[i - 1], w[rng_.Index(i)]);
    return w;
  }
  template <class Table>
  static std::vector<double> Shares(const Table& table) {
    std::vector<double> w;
    for (const auto& [name, share] : table) w.push_back(share);
    return w;
  }

  CaseRow Case(Millis created) {
    const GridRef& grid = grids_[grid_pick_.Draw(rng_)];
    const CategoryRef& cat = categories_[category_pick_.Draw(rng_)];
    CaseRow r;
    r.category_id = cat.id;
    r.policy_id = cat.policy_id;
    r.level = std::string(kLevels[level_pick_.Draw(rng_)].first);
    if (!cat.policy->AllowsLevel(r.level)) r.level = cat.policy->levels.front();
    r.source = std::string(kSources[source_pick_.Draw(rng_)].first);
    if (r.source == "open311") r.open311_client = "synth";
    r.title = cat.name;
    r.grid_id = grid.id;
    r.community_id = grid.community_id;
    r.reporter_name = "合成";
    r.created_at = r.updated_at = created;
    r.is_major = r.level == "major";
    Owner(r, "community", grid.community_id, "", created);

    const Millis age = now_ - created;
    const double roll = rng_.Unit();
    if (roll < kVoidedShare) {
      r.state = "voided";
      r.reason = "重复上报";
      r.updated_at = std::min(now_, created + kHour);
      return r;
    }
    const Millis took = std::clamp<Millis>(
        static_cast<Millis>(kMedianHours * kHour *
                            std::exp(kSpread * Normal(rng_))),
        20 * kMinute, 60 * kDay);
    const bool shelved = roll < kVoidedShare + kShelvedShare;
    const bool stuck =
        !shelved && roll < kVoidedShare + kShelvedShare + kStuckShare;
    if (!shelved && !stuck && took < age) {
      Close(r, cat, took);
      return r;
    }
    // Still open: how far it has come decides its state.
    r.accepted_at = created + age / 10;
    if (shelved) {
      r.state = "shelved";
      r.reason = "需统筹改造";
      r.review_on = FormatDate(store::StatsDay(now_) + 30);
      r.updated_at = created + age / 4;
      return r;
    }
    const double done = stuck ? 0.5 : static_cast<double>(age) / took;
    CaseStep step = CaseStep::kHandle;
    double started = 0.25;
    if (done < 0.1) {
      r.state = "reported";
      step = CaseStep::kAccept;
      started = 0;
      r.accepted_at.reset();
    } else if (done < 0.25) {
      r.state = "accepted";
      step = CaseStep::kDispatch;
      started = 0.1;
    } else if (done < 0.8) {
      r.state = "dispatched";
      Owner(r, "grid", grid.id, "leader", created);
    } else {
      r.state = "handled";
      step = CaseStep::kVerify;
      started = 0.8;
    }
    const Millis step_start = created + static_cast<Millis>(age * started);
    r.step_seq = static_cast<int64_t>(step);
    service::StartStep(r, step, *cat.policy, *snap_.calendar, step_start);
    r.owner_since = step_start;
    if (r.state == "handled") r.handled_at = step_start;
    r.updated_at = step_start;
    // What the deadline job would have marked by now.
    if (*r.step_deadline_at <= now_) {
      r.alert = "red";
      r.on_time = false;
    } else if (*r.step_yellow_at <= now_) {
      r.alert = "yellow";
    }
    return r;
  }

  void Close(CaseRow& r, const CategoryRef& cat, Millis took) {
    r.state = "closed";
    r.accepted_at = r.created_at + took / 10;
    r.handled_at = r.created_at + took * 8 / 10;
    r.closed_at = r.updated_at = r.created_at + took;
    Millis limit = 0;
    for (CaseStep s : service::kCaseSteps)
      limit += cat.policy->Limit(r.level, s).millis();
    r.on_time = took <= limit ? rng_.Chance(0.95) : false;
    if (rng_.Chance(0.6)) r.satisfaction = "satisfied";
  }

  static void Owner(CaseRow& r, std::string kind, int64_t area_id,
                    std::string role, Millis since) {
    r.owner_kind = std::move(kind);
    r.owner_area_id = area_id;
    r.owner_role = std::move(role);
    r.owner_since = since;
  }

  static void Count(const CaseRow& r, SynthCasesSummary& sum) {
    ++sum.cases;
    if (r.state == "closed") {
      ++sum.closed;
    } else if (r.state == "voided") {
      ++sum.voided;
    } else {
      ++sum.open;
      if (r.alert == "red") ++sum.red;
    }
  }

  const service::CaseCatalog::Snapshot& snap_;
  std::vector<GridRef> grids_;
  std::vector<CategoryRef> categories_;
  Rng rng_;
  Millis now_;
  Weighted grid_pick_, category_pick_, source_pick_, level_pick_;
};

// Cases per day: growing by a quarter over the history, fewer at weekends,
// today only up to now.
std::vector<int64_t> CasesPerDay(int64_t first_day, int64_t last_day,
                                 int64_t total, Millis now) {
  std::vector<double> w;
  const double span = std::max<int64_t>(1, last_day - first_day);
  for (int64_t d = first_day; d <= last_day; ++d) {
    const bool weekend = (d + 3) % 7 >= 5;  // 1970-01-01 was a Thursday
    double x = (1 + 0.25 * (d - first_day) / span) * (weekend ? 0.7 : 1.0);
    if (d == last_day)
      x *= static_cast<double>(now - store::StatsDayStart(d)) / kDay;
    w.push_back(x);
  }
  const double sum = std::accumulate(w.begin(), w.end(), 0.0);
  std::vector<int64_t> n;
  double cum = 0;
  int64_t given = 0;
  for (double x : w) {
    cum += x;
    const auto upto = static_cast<int64_t>(std::llround(total * cum / sum));
    n.push_back(upto - given);
    given = upto;
  }
  return n;
}

}  // namespace

Result<SynthCasesSummary> MakeSyntheticCases(
    store::Database& db, const Clock& clock, const FieldCipher& cipher,
    const SynthCasesOptions& options,
    const std::function<void(int64_t)>& progress) {
  if (options.cases < 1 || options.days < 1 || options.batch < 1)
    return Invalid("synth.size", "cases, days and batch must be positive");
  const Millis now = clock.Now();
  service::CaseCatalog catalog(db, clock);
  WG_ASSIGN(auto snap, catalog.Current());
  std::vector<GridRef> grids;
  for (const auto& [id, area] : snap->areas) {
    if (area.level != "grid") continue;
    const service::AreaNode* community = snap->Ancestor(id, "community");
    if (community) grids.push_back({id, community->id, community->code});
  }
  std::vector<CategoryRef> categories;
  for (const auto& [id, cat] : snap->categories)
    if (cat.row.parent_id && cat.row.active && cat.policy &&
        !cat.policy->levels.empty())
      categories.push_back({id, cat.policy_id, cat.row.name, cat.policy});
  if (grids.empty())
    return Invalid("synth.no_grids",
                   "no grid in a community: make a city first (wangge synth)");
  if (categories.empty())
    return Invalid("synth.no_categories", "no active 小类 with a policy");

  SynthCasesSummary sum;
  sum.grids = static_cast<int64_t>(grids.size());
  const TrackingCodec tracking = TrackingCodec::ForCases(cipher);
  const store::Dialect dialect = db.dialect();
  const int64_t last_day = store::StatsDay(now);
  const int64_t first_day = last_day - options.days + 1;
  const auto per_day = CasesPerDay(first_day, last_day, options.cases, now);
  Generator gen(*snap, std::move(grids), std::move(categories), options.seed,
                now);

  WG_TRY(db.Write([&](store::Connection& c) -> Status {
    const bool pg = dialect == store::Dialect::kPostgres;
    WG_TRY(c.ExecScript(pg ? kBulkMemoryPostgres : kBulkCacheSqlite));
    WG_ASSIGN(store::Rows indexes,
              c.Query(pg ? kCaseIndexesPostgres : kCaseIndexesSqlite));
    for (const auto& ix : indexes)
      WG_TRY(c.ExecScript("DROP INDEX " + ix.Text(0)));
    std::map<std::pair<int64_t, int>, int64_t> numbers;
    WG_ASSIGN(auto counters, c.Query(kCounters));
    for (const auto& r : counters)
      numbers[{r.Int(0), static_cast<int>(r.Int(1))}] = r.Int(2);
    int64_t next_id = 0;
    if (!pg) {
      WG_ASSIGN(next_id, c.QueryInt("SELECT COALESCE(MAX(id), 0) FROM cases"));
    }

    std::vector<CaseRow> rows;
    auto flush = [&]() -> Status {
      if (rows.empty()) return {};
      std::vector<int64_t> ids;
      if (pg) {
        const store::Statement reserve = store::CaseStore::ReserveIdsStatement(
            dialect, store::CaseStore::IdTable::kCases, rows.size());
        WG_ASSIGN(auto reserved, c.QueryAll({&reserve, 1}));
        WG_ASSIGN(ids, store::CaseStore::ReservedIds(dialect, reserved[0],
                                                     rows.size()));
      } else {
        for (size_t i = 0; i < rows.size(); ++i) ids.push_back(++next_id);
      }
      for (size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = ids[i];
        rows[i].tracking = tracking.Encode(ids[i]);
      }
      WG_TRY(c.QueryAll(store::CaseStore::InsertStatements(dialect, rows, {})));
      if (progress) progress(sum.cases);
      rows.clear();
      return {};
    };
    for (int64_t d = first_day; d <= last_day; ++d) {
      const size_t from = rows.size();
      gen.Day(d, per_day[d - first_day], rows, sum);
      const int year = std::stoi(FormatDate(d).substr(0, 4));
      for (size_t i = from; i < rows.size(); ++i) {
        CaseRow& r = rows[i];
        const service::AreaNode* community = snap->Area(r.community_id);
        r.number = service::CaseNumber(community ? community->code : "0", year,
                                       ++numbers[{r.community_id, year}]);
      }
      if (static_cast<int64_t>(rows.size()) >= options.batch) WG_TRY(flush());
    }
    WG_TRY(flush());
    for (const auto& [key, last] : numbers)
      WG_TRY(c.Exec(kSetCounter, {key.first, int64_t{key.second}, last}));
    for (const auto& ix : indexes) WG_TRY(c.ExecScript(ix.Text(1)));
    store::AuditEntry e;
    e.at = clock.Now();
    e.username = "cli";
    e.action = "synth.cases";
    e.target_type = "cases";
    e.detail = "{\"cases\":" + std::to_string(sum.cases) +
               ",\"days\":" + std::to_string(options.days) + "}";
    e.result = "ok";
    e.remote_addr = "local";
    WG_TRY(store::AuditStore::Append(c, e));
    return {};
  }));
  if (dialect == store::Dialect::kPostgres) {
    // A settled history, as autovacuum leaves one in a running system:
    // statistics that fit ten million rows, and the visibility map that
    // lets index-only scans (open cases, lists) skip the table.
    for (auto sql : kSettlePostgres)
      WG_TRY(
          db.Read([sql](store::Connection& c) { return c.ExecScript(sql); }));
  }
  return sum;
}

}  // namespace wangge::demo
