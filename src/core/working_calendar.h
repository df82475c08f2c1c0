// Working time for case deadlines (DOMAIN.md §3): office hours on working
// days, public holidays off, make-up working days (调休) on. Pure
// arithmetic on UTC instants; a community's local time is UTC plus a fixed
// offset (Asia/Shanghai: +8 h, no daylight saving since 1991).
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "core/clock.h"

namespace wangge {

struct CalendarOptions {
  int utc_offset_minutes = 8 * 60;
  // Office periods of a working day in local minutes since midnight,
  // ascending and not overlapping: 8:30–12:00 and 13:30–17:30 by default.
  std::vector<std::pair<int, int>> work_periods = {
      {8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 17 * 60 + 30}};
};

// Whether a time limit runs in working time or around the clock.
enum class TimeBasis { kWorking, kNatural };

// The traffic light of a step (DOMAIN.md §3): green under 80 % of its limit
// used, yellow from 80 % to 100 %, red past it.
enum class TrafficLight { kGreen, kYellow, kRed };

class WorkingCalendar {
 public:
  explicit WorkingCalendar(CalendarOptions options = {});

  // Local calendar days (days since 1970-01-01 in local time).
  void AddHoliday(int64_t local_day) { holidays_.insert(local_day); }
  void AddMakeupWorkday(int64_t local_day) { makeup_days_.insert(local_day); }

  // Monday to Friday unless a holiday; a weekend day if it is a make-up
  // working day.
  bool IsWorkday(int64_t local_day) const;
  int64_t LocalDay(Millis at) const;

  // The instant at which `duration` of time on `basis` has passed since
  // `start`. In working time, time outside office periods does not count,
  // and a zero duration from outside office hours ends at the start of the
  // next period.
  Millis AddTime(Millis start, Millis duration, TimeBasis basis) const;
  // Time on `basis` between `from` and `to` (0 when `to` <= `from`).
  Millis TimeBetween(Millis from, Millis to, TimeBasis basis) const;
  // The light of a step started at `start` with `limit`, seen at `now`.
  TrafficLight Light(Millis start, Millis now, Millis limit,
                     TimeBasis basis) const;

 private:
  // Working time of one local day between local minute offsets.
  Millis WorkingMillisOfDay(int64_t local_day, Millis from_ms,
                            Millis to_ms) const;
  CalendarOptions options_;
  std::set<int64_t> holidays_;
  std::set<int64_t> makeup_days_;
};

}  // namespace wangge
