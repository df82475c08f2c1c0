#include "core/clock.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

TEST(ClockTest, FormatsUtc) {
  EXPECT_EQ(FormatUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatUtc(1795996800000), "2026-11-30T00:00:00Z");
}

TEST(ClockTest, ParsesAndFormatsDates) {
  int64_t days = 0;
  ASSERT_TRUE(ParseDate("2024-02-29", &days));
  EXPECT_EQ(FormatDate(days), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29", &days));
  EXPECT_FALSE(ParseDate("2023-2-1", &days));
  EXPECT_FALSE(ParseDate("abcd-ef-gh", &days));
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.Now(), 1000);
  clock.Advance(500);
  EXPECT_EQ(clock.Now(), 1500);
}

}  // namespace
}  // namespace wangge
