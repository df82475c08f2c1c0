#include "core/working_calendar.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

constexpr Millis kMinute = 60 * 1000;
constexpr Millis kHour = 60 * kMinute;

// A Beijing local time as a UTC instant.
Millis Local(const char* date, int hour, int minute) {
  int64_t day = 0;
  EXPECT_TRUE(ParseDate(date, &day)) << date;
  return day * 24 * kHour + hour * kHour + minute * kMinute - 8 * kHour;
}

int64_t Day(const char* date) {
  int64_t day = 0;
  EXPECT_TRUE(ParseDate(date, &day));
  return day;
}

TEST(WorkingCalendarTest, WeekendsAreOffMakeupDaysOn) {
  WorkingCalendar cal;
  EXPECT_TRUE(cal.IsWorkday(Day("2026-11-27")));   // Friday
  EXPECT_FALSE(cal.IsWorkday(Day("2026-11-28")));  // Saturday
  EXPECT_FALSE(cal.IsWorkday(Day("2026-11-29")));  // Sunday
  EXPECT_TRUE(cal.IsWorkday(Day("2026-11-30")));   // Monday
  cal.AddHoliday(Day("2026-10-01"));
  cal.AddMakeupWorkday(Day("2026-10-10"));  // a Saturday worked for 国庆
  EXPECT_FALSE(cal.IsWorkday(Day("2026-10-01")));
  EXPECT_TRUE(cal.IsWorkday(Day("2026-10-10")));
}

TEST(WorkingCalendarTest, LocalDayUsesBeijingTime) {
  WorkingCalendar cal;
  // 2026-11-27 23:30 in Beijing is still 15:30 UTC the same day; 00:30 on
  // the 28th in Beijing is 16:30 UTC on the 27th.
  EXPECT_EQ(cal.LocalDay(Local("2026-11-27", 23, 30)), Day("2026-11-27"));
  EXPECT_EQ(cal.LocalDay(Local("2026-11-28", 0, 30)), Day("2026-11-28"));
}

TEST(WorkingCalendarTest, WorkingHoursSkipLunchNightsAndWeekends) {
  WorkingCalendar cal;
  // Friday 16:00 + 4 working hours: 1.5 h on Friday, then Monday
  // 8:30–11:00.
  EXPECT_EQ(
      cal.AddTime(Local("2026-11-27", 16, 0), 4 * kHour, TimeBasis::kWorking),
      Local("2026-11-30", 11, 0));
  // Monday 11:00 + 2 h: one hour before lunch, one after (13:30–14:30).
  EXPECT_EQ(
      cal.AddTime(Local("2026-11-30", 11, 0), 2 * kHour, TimeBasis::kWorking),
      Local("2026-11-30", 14, 30));
  // Reported on Saturday night: the clock starts Monday 8:30.
  EXPECT_EQ(cal.AddTime(Local("2026-11-28", 22, 0), 30 * kMinute,
                        TimeBasis::kWorking),
            Local("2026-11-30", 9, 0));
  // A limit that ends exactly at the close of a period ends there.
  EXPECT_EQ(cal.AddTime(Local("2026-11-30", 8, 30), 3 * kHour + 30 * kMinute,
                        TimeBasis::kWorking),
            Local("2026-11-30", 12, 0));
  // Natural time runs around the clock.
  EXPECT_EQ(
      cal.AddTime(Local("2026-11-27", 16, 0), 4 * kHour, TimeBasis::kNatural),
      Local("2026-11-27", 20, 0));
}

TEST(WorkingCalendarTest, HolidaysAndMakeupDaysMoveDeadlines) {
  WorkingCalendar cal;
  for (const char* d : {"2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",
                        "2026-10-07", "2026-10-08"})
    cal.AddHoliday(Day(d));
  cal.AddMakeupWorkday(Day("2026-09-27"));  // Sunday worked
  cal.AddMakeupWorkday(Day("2026-10-10"));  // Saturday worked
  // Wednesday 30 Sep 17:00 + 1 working day (7.5 h): 30 min on the 30th,
  // then the holiday and the weekend, then 7 h on Friday 9 Oct
  // (8:30–12:00, 13:30–17:00).
  EXPECT_EQ(cal.AddTime(Local("2026-09-30", 17, 0), 7 * kHour + 30 * kMinute,
                        TimeBasis::kWorking),
            Local("2026-10-09", 17, 0));
  // 4 more working hours from there run on into the make-up Saturday.
  EXPECT_EQ(
      cal.AddTime(Local("2026-10-09", 17, 0), 4 * kHour, TimeBasis::kWorking),
      Local("2026-10-10", 12, 0))
      << "30 min on Friday, then 8:30–12:00 on the make-up Saturday";
  EXPECT_EQ(cal.TimeBetween(Local("2026-09-26", 9, 0),
                            Local("2026-09-28", 9, 0), TimeBasis::kWorking),
            7 * kHour + 30 * kMinute + 30 * kMinute)
      << "Saturday off, the make-up Sunday worked in full, Monday to 9:00";
}

TEST(WorkingCalendarTest, TimeBetweenIsTheInverseOfAddTime) {
  WorkingCalendar cal;
  cal.AddHoliday(Day("2026-12-01"));
  const Millis start = Local("2026-11-26", 10, 17);
  for (Millis d :
       {Millis{0}, 45 * kMinute, 3 * kHour, 17 * kHour, 40 * kHour}) {
    const Millis end = cal.AddTime(start, d, TimeBasis::kWorking);
    EXPECT_EQ(cal.TimeBetween(start, end, TimeBasis::kWorking), d) << d;
  }
  EXPECT_EQ(cal.TimeBetween(Local("2026-11-27", 10, 0),
                            Local("2026-11-27", 9, 0), TimeBasis::kWorking),
            0);
}

TEST(WorkingCalendarTest, TrafficLightsAtEightyAndHundredPercent) {
  WorkingCalendar cal;
  const Millis start = Local("2026-11-30", 8, 30);
  const Millis limit = 2 * kHour + 30 * kMinute;  // ends 11:00
  EXPECT_EQ(
      cal.Light(start, Local("2026-11-30", 10, 29), limit, TimeBasis::kWorking),
      TrafficLight::kGreen);
  EXPECT_EQ(
      cal.Light(start, Local("2026-11-30", 10, 30), limit, TimeBasis::kWorking),
      TrafficLight::kYellow)
      << "2 h of 2.5 h is exactly 80 %";
  EXPECT_EQ(
      cal.Light(start, Local("2026-11-30", 11, 0), limit, TimeBasis::kWorking),
      TrafficLight::kYellow)
      << "at the limit it is still yellow";
  EXPECT_EQ(
      cal.Light(start, Local("2026-11-30", 11, 1), limit, TimeBasis::kWorking),
      TrafficLight::kRed);
  // Over lunch the working clock stands still: 12:00–13:30 adds nothing.
  EXPECT_EQ(cal.Light(Local("2026-11-30", 11, 0), Local("2026-11-30", 13, 29),
                      2 * kHour, TimeBasis::kWorking),
            TrafficLight::kGreen);
}

}  // namespace
}  // namespace wangge
