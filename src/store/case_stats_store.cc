#include "store/case_stats_store.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "store/audit_store.h"
#include "store/case_store.h"
#include "store/values_rows.h"

namespace wangge::store {

namespace {

constexpr std::string_view kDayKeyColumns = "area_id, day, category_id, source";

// The upserts of the day counters in `mask` (bit i: kDayColumns[i]), one
// set of texts per set of columns, for 1, 2, 4, ... 64 rows (15
// parameters each at most), made once and kept: a batch of new cases
// touches only `created` and `in_reported`, and writing just those keeps
// the statement small. Multi-row VALUES rather than PostgreSQL's unnest of
// column arrays: unnest materialises every column in a tuple store of its
// own, which cost more than the rows' inserts.
const ChunkedValuesSql& DailyUpsertSql(uint32_t mask) {
  static std::mutex mu;
  static std::map<uint32_t, std::unique_ptr<ChunkedValuesSql>> made;
  std::lock_guard lock(mu);
  auto& sql = made[mask];
  if (!sql) {
    std::string cols, set;
    size_t width = 4;
    for (size_t i = 0; i < kDayColumnCount; ++i) {
      if (!(mask & (1u << i))) continue;
      const std::string col(kDayColumns[i]);
      cols += ", " + col;
      set += std::string(set.empty() ? "" : ", ") + col +
             " = case_stats_daily." + col + " + excluded." + col;
      ++width;
    }
    sql = std::make_unique<ChunkedValuesSql>(
        "INSERT INTO case_stats_daily (" + std::string(kDayKeyColumns) + cols +
            ")",
        width, 64,
        " ON CONFLICT (area_id, day, category_id, source) DO UPDATE SET " +
            set);
  }
  return *sql;
}

uint32_t NonZero(const DayCounts& counts) {
  uint32_t mask = 0;
  for (size_t i = 0; i < kDayColumnCount; ++i)
    if (counts[i]) mask |= 1u << i;
  return mask;
}

// The counters from the case rows: what CaseStatsDelta::Add counts, in SQL
// (migration 0008 backfills with the same statement). Each case
// contributes on the day it was reported and, closed, on the day it
// closed; each contribution goes to its grid and its community (lvl), as
// its 小类's, its source's and the total (kind).
constexpr std::string_view kRebuildDelete = "DELETE FROM case_stats_daily";
constexpr std::string_view kRebuild =
    "INSERT INTO case_stats_daily (area_id, day, category_id, source, "
    "created, in_reported, in_accepted, in_dispatched, in_handled, "
    "in_shelved, in_closed, in_closed_on_time, in_voided, closed, "
    "closed_on_time) "
    "SELECT CASE WHEN v.lvl = 0 THEN c.grid_id ELSE c.community_id END,"
    " c.day, CASE WHEN v.kind = 1 THEN c.category_id ELSE 0 END,"
    " CASE WHEN v.kind = 2 THEN c.source ELSE '' END, SUM(c.created),"
    " SUM(c.in_reported), SUM(c.in_accepted), SUM(c.in_dispatched),"
    " SUM(c.in_handled), SUM(c.in_shelved), SUM(c.in_closed),"
    " SUM(c.in_closed_on_time), SUM(c.in_voided), SUM(c.closed),"
    " SUM(c.closed_on_time) FROM ("
    " SELECT grid_id, community_id, (created_at + 28800000) / 86400000 AS day,"
    " category_id, source, 1 AS created,"
    " CASE WHEN state = 'reported' THEN 1 ELSE 0 END AS in_reported,"
    " CASE WHEN state = 'accepted' THEN 1 ELSE 0 END AS in_accepted,"
    " CASE WHEN state = 'dispatched' THEN 1 ELSE 0 END AS in_dispatched,"
    " CASE WHEN state = 'handled' THEN 1 ELSE 0 END AS in_handled,"
    " CASE WHEN state = 'shelved' THEN 1 ELSE 0 END AS in_shelved,"
    " CASE WHEN state = 'closed' THEN 1 ELSE 0 END AS in_closed,"
    " CASE WHEN state = 'closed' AND on_time <> 0 THEN 1 ELSE 0 END"
    "  AS in_closed_on_time,"
    " CASE WHEN state = 'voided' THEN 1 ELSE 0 END AS in_voided,"
    " 0 AS closed, 0 AS closed_on_time FROM cases"
    " UNION ALL"
    " SELECT grid_id, community_id, (closed_at + 28800000) / 86400000,"
    " category_id, source, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,"
    " CASE WHEN on_time <> 0 THEN 1 ELSE 0 END"
    " FROM cases WHERE state = 'closed' AND closed_at IS NOT NULL"
    ") AS c CROSS JOIN (SELECT 0 AS lvl, 0 AS kind UNION ALL SELECT 0, 1"
    " UNION ALL SELECT 0, 2 UNION ALL SELECT 1, 0 UNION ALL SELECT 1, 1"
    " UNION ALL SELECT 1, 2) AS v "
    "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";

std::string_view GroupColumn(StatsGroup g, bool daily) {
  switch (g) {
    case StatsGroup::kGrid:
      return daily ? "area_id" : "grid_id";
    case StatsGroup::kCategory:
      return "category_id";
    case StatsGroup::kSource:
      return "source";
    case StatsGroup::kDay:
      return daily ? "day" : "";
    case StatsGroup::kNone:
      break;
  }
  return "";
}

// The counter rows a group sums: the totals, or those per 小类 or per
// source (StatsDayKey).
std::string_view KindCondition(StatsGroup g) {
  switch (g) {
    case StatsGroup::kCategory:
      return "category_id <> 0 AND source = ''";
    case StatsGroup::kSource:
      return "category_id = 0 AND source <> ''";
    default:
      return "category_id = 0 AND source = ''";
  }
}

// The condition that keeps the rows of a list of areas, with the list as
// one parameter: a statement of fixed text whatever the scope.
std::string SetCondition(Dialect d, std::string_view column) {
  return std::string(column) + (d == Dialect::kPostgres
                                    ? " = ANY(?::bigint[])"
                                    : " IN (SELECT value FROM json_each(?))");
}

SqlValue IdSetParam(Dialect d, const std::vector<int64_t>& ids) {
  std::string s = d == Dialect::kPostgres ? "{" : "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ids[i]);
  }
  s += d == Dialect::kPostgres ? "}" : "]";
  return s;
}

// The sums of a scope per group, one text per dialect, group and source
// (the day counters, or the open cases), made once:
//   SELECT <group>, SUM(...)... FROM case_stats_daily
//     WHERE <areas> AND day >= ? AND day <= ? AND <kind> [GROUP BY <group>]
//   SELECT <group>, COUNT(*), COUNT(<overdue>) FROM cases
//     WHERE <grids> AND <open states> [GROUP BY <group>]
// The open cases are read from the grid and state index alone, which
// holds every column asked for (migration 0008); SQLite is told to use it
// so that no plan ever reads the case rows.
const std::string& SumSql(Dialect d, StatsGroup g, bool daily) {
  static const auto kAll = [] {
    std::array<std::array<std::array<std::string, 2>, 5>, 2> all;
    for (int dialect = 0; dialect < 2; ++dialect) {
      const Dialect dd = dialect ? Dialect::kPostgres : Dialect::kSqlite;
      for (int group = 0; group < 5; ++group) {
        for (int table = 0; table < 2; ++table) {
          const std::string col(
              GroupColumn(static_cast<StatsGroup>(group), table));
          std::string sql = "SELECT " + (col.empty() ? "''" : col);
          if (table) {
            for (auto c : kDayColumns) sql += ", SUM(" + std::string(c) + ")";
            sql += " FROM case_stats_daily WHERE " +
                   SetCondition(dd, "area_id") +
                   " AND day >= ? AND day <= ? AND " +
                   std::string(KindCondition(static_cast<StatsGroup>(group)));
          } else {
            sql +=
                ", COUNT(*), COUNT(CASE WHEN step_deadline_at <= ? THEN 1 "
                "END) FROM cases";
            if (dd == Dialect::kSqlite) sql += " INDEXED BY cases_grid_state";
            sql += " WHERE " + SetCondition(dd, "grid_id") +
                   " AND state IN ('reported', 'accepted', 'dispatched', "
                   "'handled', 'shelved')";
          }
          if (!col.empty()) sql += " GROUP BY " + col;
          all[dialect][group][table] = std::move(sql);
        }
      }
    }
    return all;
  }();
  return kAll[d == Dialect::kPostgres][static_cast<int>(g)][daily];
}

}  // namespace

int64_t StatsDay(int64_t at_ms) {
  const int64_t local = at_ms + kStatsUtcOffsetMs;
  return local >= 0 ? local / kDayMs : -((-local + kDayMs - 1) / kDayMs);
}

int64_t StatsDayStart(int64_t day) { return day * kDayMs - kStatsUtcOffsetMs; }

void CaseStatsDelta::Add(const CaseRow& row, int sign) {
  static constexpr std::pair<std::string_view, DayColumn> kStates[] = {
      {"reported", kInReported},     {"accepted", kInAccepted},
      {"dispatched", kInDispatched}, {"handled", kInHandled},
      {"shelved", kInShelved},       {"closed", kInClosed},
      {"voided", kInVoided}};
  const bool closed = row.state == "closed";
  // On the day it was reported: the case and the state it is in now; on
  // the day it closed, if it is closed: the closure.
  DayCounts reported{}, done{};
  reported[kCreated] = sign;
  for (const auto& [state, col] : kStates)
    if (row.state == state) reported[col] = sign;
  if (closed && row.on_time) reported[kInClosedOnTime] = sign;
  const bool counts_done = closed && row.closed_at.has_value();
  if (counts_done) {
    done[kClosed] = sign;
    if (row.on_time) done[kClosedOnTime] = sign;
  }
  const auto add = [this](const StatsDayKey& key, const DayCounts& counts) {
    DayCounts& to = days_[key];
    for (size_t i = 0; i < kDayColumnCount; ++i) to[i] += counts[i];
  };
  for (int64_t area : {row.grid_id, row.community_id}) {
    for (const auto& [category, source] :
         {std::pair<int64_t, std::string_view>{0, ""},
          {row.category_id, ""},
          {0, row.source}}) {
      StatsDayKey key{area, StatsDay(row.created_at), category,
                      std::string(source)};
      add(key, reported);
      if (counts_done) {
        key.day = StatsDay(*row.closed_at);
        add(key, done);
      }
    }
  }
}

void CaseStatsDelta::Prune() {
  std::erase_if(days_, [](const auto& kv) { return NonZero(kv.second) == 0; });
}

std::vector<Statement> CaseStatsStore::ApplyStatements(
    const CaseStatsDelta& delta) {
  // One statement per set of columns that change (intake: one set).
  std::map<uint32_t,
           std::vector<const std::pair<const StatsDayKey, DayCounts>*>>
      by_mask;
  for (const auto& kv : delta.days())
    if (uint32_t mask = NonZero(kv.second)) by_mask[mask].push_back(&kv);
  std::vector<Statement> out;
  for (const auto& [mask, rows] : by_mask) {
    // Statements of 64, 32, ... 1 rows: one step (SQLite) and one
    // statement in the round trip (PostgreSQL) each instead of one per row.
    DailyUpsertSql(mask).Append(
        std::span(rows),
        [mask](const std::pair<const StatsDayKey, DayCounts>* kv,
               std::vector<SqlValue>& params) {
          const auto& [k, counts] = *kv;
          params.insert(params.end(),
                        {k.area_id, k.day, k.category_id, k.source});
          for (size_t i = 0; i < kDayColumnCount; ++i)
            if (mask & (1u << i)) params.emplace_back(counts[i]);
        },
        out);
  }
  return out;
}

Status CaseStatsStore::Apply(Connection& c, const CaseStatsDelta& delta) {
  if (delta.empty()) return {};
  std::vector<Statement> all = AuditStore::LockStatements(c.dialect());
  for (auto& st : ApplyStatements(delta)) all.push_back(std::move(st));
  WG_TRY(c.QueryAll(all));
  return {};
}

Status CaseStatsStore::Rebuild(Connection& c) {
  WG_TRY(c.Exec(kRebuildDelete));
  WG_TRY(c.Exec(kRebuild));
  return {};
}

Result<std::vector<CaseStatsStore::DayRow>> CaseStatsStore::SumDays(
    Connection& c, const std::vector<int64_t>& area_ids, int64_t first_day,
    int64_t last_day, StatsGroup group) {
  const Dialect d = c.dialect();
  const SqlValue params[] = {IdSetParam(d, area_ids), first_day, last_day};
  std::vector<DayRow> out;
  WG_TRY(c.QueryEach(SumSql(d, group, true), params, [&](const Row& r) {
    DayRow& row = out.emplace_back();
    row.key = r.Text(0);
    for (size_t i = 0; i < kDayColumnCount; ++i) row.counts[i] = r.Int(1 + i);
    return true;
  }));
  return out;
}

Result<std::vector<CaseStatsStore::NowRow>> CaseStatsStore::SumNow(
    Connection& c, const std::vector<int64_t>& grid_ids, int64_t now,
    StatsGroup group) {
  const Dialect d = c.dialect();
  const SqlValue params[] = {now, IdSetParam(d, grid_ids)};
  std::vector<NowRow> out;
  WG_TRY(c.QueryEach(SumSql(d, group, false), params, [&](const Row& r) {
    out.push_back({r.Text(0), {r.Int(1), r.Int(2)}});
    return true;
  }));
  return out;
}

}  // namespace wangge::store
