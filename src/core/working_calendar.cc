#include "core/working_calendar.h"

#include <algorithm>

namespace wangge {

namespace {
constexpr Millis kMinute = 60 * 1000;
constexpr Millis kDay = 24 * 60 * kMinute;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

WorkingCalendar::WorkingCalendar(CalendarOptions options)
    : options_(std::move(options)) {}

int64_t WorkingCalendar::LocalDay(Millis at) const {
  return FloorDiv(at + options_.utc_offset_minutes * kMinute, kDay);
}

bool WorkingCalendar::IsWorkday(int64_t local_day) const {
  if (makeup_days_.count(local_day)) return true;
  if (holidays_.count(local_day)) return false;
  // 1970-01-01 was a Thursday: day 0 → weekday 4 (Monday = 1 … Sunday = 7).
  const int64_t weekday = (local_day + 3) - FloorDiv(local_day + 3, 7) * 7 + 1;
  return weekday <= 5;
}

Millis WorkingCalendar::WorkingMillisOfDay(int64_t local_day, Millis from_ms,
                                           Millis to_ms) const {
  if (!IsWorkday(local_day) || to_ms <= from_ms) return 0;
  Millis total = 0;
  for (const auto& [start, end] : options_.work_periods) {
    const Millis a = std::max<Millis>(from_ms, start * kMinute);
    const Millis b = std::min<Millis>(to_ms, end * kMinute);
    if (b > a) total += b - a;
  }
  return total;
}

Millis WorkingCalendar::AddTime(Millis start, Millis duration,
                                TimeBasis basis) const {
  if (basis == TimeBasis::kNatural)
    return start + std::max<Millis>(0, duration);
  const Millis offset = options_.utc_offset_minutes * kMinute;
  int64_t day = LocalDay(start);
  Millis into_day = start + offset - day * kDay;  // local ms since midnight
  Millis left = std::max<Millis>(0, duration);
  // Walk day by day; a year of holidays is at most a few hundred steps.
  for (int guard = 0; guard < 3660; ++guard, ++day, into_day = 0) {
    if (!IsWorkday(day)) continue;
    for (const auto& [start_min, end_min] : options_.work_periods) {
      const Millis a = std::max<Millis>(into_day, start_min * kMinute);
      const Millis b = end_min * kMinute;
      if (b <= a) continue;
      if (left <= b - a) return day * kDay + a + left - offset;
      left -= b - a;
    }
  }
  return start + duration;  // no working day in ten years: a bad calendar
}

Millis WorkingCalendar::TimeBetween(Millis from, Millis to,
                                    TimeBasis basis) const {
  if (to <= from) return 0;
  if (basis == TimeBasis::kNatural) return to - from;
  const Millis offset = options_.utc_offset_minutes * kMinute;
  const int64_t first = LocalDay(from), last = LocalDay(to);
  const Millis from_ms = from + offset - first * kDay;
  const Millis to_ms = to + offset - last * kDay;
  if (first == last) return WorkingMillisOfDay(first, from_ms, to_ms);
  Millis total = WorkingMillisOfDay(first, from_ms, kDay);
  for (int64_t d = first + 1; d < last; ++d)
    total += WorkingMillisOfDay(d, 0, kDay);
  return total + WorkingMillisOfDay(last, 0, to_ms);
}

TrafficLight WorkingCalendar::Light(Millis start, Millis now, Millis limit,
                                    TimeBasis basis) const {
  const Millis used = TimeBetween(start, now, basis);
  if (used > limit) return TrafficLight::kRed;
  // used / limit >= 0.8, in integers.
  if (used * 5 >= limit * 4) return TrafficLight::kYellow;
  return TrafficLight::kGreen;
}

}  // namespace wangge
