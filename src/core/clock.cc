#include "core/clock.h"

#include <chrono>
#include <cstdio>

namespace wangge {

Millis SystemClock::Now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

std::string FormatUtc(Millis at) {
  using namespace std::chrono;
  const sys_seconds secs{duration_cast<seconds>(milliseconds{at})};
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  char buf[32];
  std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ",
      static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
      static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
      static_cast<long>(hms.minutes().count()),
      static_cast<long>(hms.seconds().count()));
  return buf;
}

bool ParseDate(const std::string& text, int64_t* days_since_epoch) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return false;
  const std::chrono::year_month_day ymd{
      std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return false;
  *days_since_epoch = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return true;
}

std::string FormatDate(int64_t days_since_epoch) {
  const std::chrono::year_month_day ymd{
      std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace wangge
