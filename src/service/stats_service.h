// Statistics for the command-centre big screen (issue 5, point 4): counts
// by grid, category, source, state and day over a period of local
// (Asia/Shanghai) days, closure and on-time rates, and the cases open and
// overdue now, within the caller's scope (as case lists scope it; the
// administrator roles, who read no cases, see every grid's counts, which
// hold no personal data). Read from the day counters that every case write
// keeps and the index of open cases (store/case_stats_store.h), never by
// counting all cases, so that a street's figures over a year of ten million
// cases take milliseconds; nothing is cached in the process, so every
// process on one database answers alike at once.
//
// Definitions (docs/API figures follow them):
//   created             cases reported in the period (voided ones included)
//   closed              cases closed in the period and still closed (a case
//                       reopened since counts again when it closes again)
//   closed_on_time      of those, closed with every step within its limit
//                       (the case row's on_time flag: EndStep clears it for
//                       a step finished late, the deadline job when a step
//                       goes red)
//   voided              cases reported in the period and voided since
//   due_to_close        cases reported in the period that are not voided:
//                       open ones count, overdue or not, shelved or not
//   due_closed          of those, the ones closed now; due_closed_on_time:
//                       closed on time
//   closure_rate        due_closed / due_to_close (null when 0)
//   on_time_rate        due_closed_on_time / due_to_close (null when 0)
//   open                cases open now (not closed or voided; shelved ones
//                       count), whatever the period
//   overdue             open cases whose running step is past its deadline
//                       now (light red), whatever the period
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/case_catalog.h"
#include "store/database.h"

namespace wangge::service {

struct StatsQuery {
  std::optional<Millis> from, to;  // UTC instants; `to` is exclusive
  std::optional<int64_t> area_id;  // narrows the caller's scope
};

// A period widened to whole local days: [from, to) runs from the midnight
// that starts `first_day` to the one that ends `last_day`.
struct StatsPeriod {
  Millis from = 0, to = 0;
  int64_t first_day = 0, last_day = 0;  // days since 1970-01-01, local
};

// The days of [from, to) (each defaulting as the API says: `to` now, `from`
// 30 local days back to the start of a day), or kInvalidArgument naming the
// field. Pure, for tests.
Result<StatsPeriod> ResolveStatsPeriod(std::optional<Millis> from,
                                       std::optional<Millis> to, Millis now);

struct StatsFigures {
  int64_t created = 0, closed = 0, closed_on_time = 0, voided = 0;
  int64_t due_closed = 0, due_closed_on_time = 0;
  int64_t open = 0, overdue = 0;

  int64_t due_to_close() const { return created - voided; }
  std::optional<double> closure_rate() const;
  std::optional<double> on_time_rate() const;
};

struct StatsOverview {
  StatsPeriod period;
  StatsFigures figures;
  int64_t created_today = 0, closed_today = 0;
  Millis generated_at = 0;
};

enum class StatsGroupBy { kGrid, kCategory, kSource, kState, kDay };
std::optional<StatsGroupBy> ParseStatsGroup(std::string_view name);
std::string_view StatsGroupName(StatsGroupBy group);

struct StatsItem {
  std::string key;   // grid code, 小类 code, source, state or YYYY-MM-DD
  std::string name;  // grid or category name; the key otherwise
  std::optional<int64_t> id;             // grid and category
  std::string parent_code, parent_name;  // category: its 大类
  // state: cases reported in the period that are in this state now (for
  // "closed", figures.due_closed_on_time says how many of them on time).
  int64_t count = 0;
  StatsFigures figures;
};

struct StatsBreakdown {
  StatsGroupBy group = StatsGroupBy::kGrid;
  StatsPeriod period;
  std::vector<StatsItem> items;
  Millis generated_at = 0;
};

class StatsService {
 public:
  StatsService(store::Database& db, const Clock& clock, CaseCatalog& catalog)
      : db_(db), clock_(clock), catalog_(catalog) {}

  // The figures of the caller's scope (narrowed to `q.area_id`; 403 for an
  // area outside the scope, 400 for one that does not exist).
  Result<StatsOverview> Overview(const Actor& actor, const StatsQuery& q);
  // The same per grid (every grid in scope, idle ones too, by code), per
  // 小类 (every active one, and retired ones with cases), per source and
  // per state (every one) or per day (every day of the period, in order).
  Result<StatsBreakdown> Breakdown(const Actor& actor, StatsGroupBy group,
                                   const StatsQuery& q);

 private:
  struct Scope;
  Result<Scope> ScopeOf(store::Connection& c, const Actor& actor,
                        std::optional<int64_t> area_id);

  store::Database& db_;
  const Clock& clock_;
  CaseCatalog& catalog_;
};

}  // namespace wangge::service
