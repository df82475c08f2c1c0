#include "core/masking.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

TEST(MaskingTest, IdCardKeepsSixLeadingAndFourTrailing) {
  EXPECT_EQ(MaskIdCard("320115199001011234"), "320115********1234");
  EXPECT_EQ(MaskIdCard("12345"), "*****");
  EXPECT_EQ(MaskIdCard(""), "");
}

TEST(MaskingTest, PhoneShowsPrefixAndLastFour) {
  EXPECT_EQ(MaskPhone("13812341234"), "138****1234");
  EXPECT_EQ(MaskPhone("025-84561234"), "025*****1234");
  EXPECT_EQ(MaskPhone("1234"), "****");
}

TEST(MaskingTest, DocumentsShowLittle) {
  EXPECT_EQ(MaskDocument("E12345678901"), "E1********01");
  EXPECT_EQ(MaskDocument("C12345"), "C1**45");
  EXPECT_EQ(MaskDocument("C123"), "****");
}

TEST(MaskingTest, PlausiblePhones) {
  EXPECT_TRUE(IsPlausiblePhone("13812341234"));
  EXPECT_TRUE(IsPlausiblePhone("025-84561234"));
  EXPECT_FALSE(IsPlausiblePhone("12812341234"));
  EXPECT_FALSE(IsPlausiblePhone("1381234123x"));
  EXPECT_FALSE(IsPlausiblePhone("123"));
}

}  // namespace
}  // namespace wangge
