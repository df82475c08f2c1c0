// Aggregates of cases for the statistics API (issue 5, the big screen):
// counters per local day and area, at two levels (each case's grid and its
// community) and of three kinds (per 小类, per source, and the total), so
// that a street's figures read its ten communities' rows rather than every
// grid's or every case. They are a pure function of the current case rows
// (CaseStatsDelta::Add says which row counts where), so they are kept
// exactly in step with `cases`: CaseStore adds the statements to every
// insert and update of cases, in the same transaction. The figures of now
// (open, overdue) come from the open cases themselves, read from the grid
// and state index alone.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct CaseRow;

// Statistics count Asia/Shanghai calendar days (UTC+8, no daylight saving).
inline constexpr int64_t kStatsUtcOffsetMs = 8 * 3600000LL;
inline constexpr int64_t kDayMs = 86400000LL;

// The local calendar day of an instant, as days since 1970-01-01.
int64_t StatsDay(int64_t at_ms);
// The UTC instant at which local day `day` starts.
int64_t StatsDayStart(int64_t day);

// The counters of a day row, in the order of their columns
// (kDayColumns). For the cases reported on the row's day: how many
// (kCreated) and how many of them are in each state now (kIn*). For the
// cases closed on the row's day and still closed: how many (kClosed) and
// how many of them on time (kClosedOnTime).
enum DayColumn : size_t {
  kCreated,
  kInReported,
  kInAccepted,
  kInDispatched,
  kInHandled,
  kInShelved,
  kInClosed,
  kInClosedOnTime,
  kInVoided,
  kClosed,
  kClosedOnTime,
  kDayColumnCount,
};
inline constexpr std::array<std::string_view, kDayColumnCount> kDayColumns = {
    "created",    "in_reported", "in_accepted",   "in_dispatched",
    "in_handled", "in_shelved",  "in_closed",     "in_closed_on_time",
    "in_voided",  "closed",      "closed_on_time"};
using DayCounts = std::array<int64_t, kDayColumnCount>;

// Cases open now (not closed or voided; shelved ones count) and, of
// those, the ones whose running step is past its deadline (light red).
struct NowCounts {
  int64_t open = 0;
  int64_t overdue = 0;
};

// A counter row: an area (a grid or a community) and a day, and which
// cases it counts: category_id 0 and source "" for all of them (the
// total), a 小类 with source "" for that 小类's, category 0 with a source
// for that source's. No row crosses a 小类 with a source, which keeps a
// street's month to a few thousand rows.
struct StatsDayKey {
  int64_t area_id = 0;
  int64_t day = 0;
  int64_t category_id = 0;
  std::string source;
  auto operator<=>(const StatsDayKey&) const = default;
};

// A change of the aggregates, keyed and summed so that each row is written
// once. Keys are ordered, so every transaction touches rows in one order.
class CaseStatsDelta {
 public:
  // Adds (sign +1) or takes away (sign -1) what `row` counts for.
  void Add(const CaseRow& row, int sign);
  // Drops keys whose counters sum to nothing.
  void Prune();
  bool empty() const { return days_.empty(); }
  const std::map<StatsDayKey, DayCounts>& days() const { return days_; }

 private:
  std::map<StatsDayKey, DayCounts> days_;
};

// What a statistics query groups by. kNone sums everything into one row.
enum class StatsGroup { kNone, kGrid, kCategory, kSource, kDay };

class CaseStatsStore {
 public:
  // The statements that add `delta` to the counters, writing only the
  // columns that change: per set of columns (a batch of new cases has one)
  // multi-row upserts of 64, 32, ... 1 rows, the same text in both
  // dialects.
  static std::vector<Statement> ApplyStatements(const CaseStatsDelta& delta);
  // Runs ApplyStatements inside the caller's transaction. On PostgreSQL it
  // first takes the audit chain's lock, which every case write takes
  // anyway: counter rows are then only ever written under that one lock,
  // so two writers never wait for each other's rows in opposite orders.
  static Status Apply(Connection& c, const CaseStatsDelta& delta);
  // Recomputes the counters from `cases` (the migration's backfill; repair).
  static Status Rebuild(Connection& c);

  struct DayRow {
    std::string key;  // the group's value as text ("" for kNone)
    DayCounts counts{};
  };
  struct NowRow {
    std::string key;
    NowCounts counts;
  };
  // Day counters of the areas `area_ids` (grids and communities that
  // cover a scope without overlap; for kGrid, grids only) over local days
  // [first_day, last_day], summed per group. Rows are found by area and day
  // (the primary key), so callers name the areas even when they mean all.
  static Result<std::vector<DayRow>> SumDays(
      Connection& c, const std::vector<int64_t>& area_ids, int64_t first_day,
      int64_t last_day, StatsGroup group);
  // Cases of `grid_ids` open now and those overdue at `now`, per group
  // (kDay sums everything). Reads index entries of open cases only.
  static Result<std::vector<NowRow>> SumNow(
      Connection& c, const std::vector<int64_t>& grid_ids, int64_t now,
      StatsGroup group);
};

}  // namespace wangge::store
