#include "core/id_card.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

TEST(IdCardTest, AcceptsValidNumberAndDerivesBirthAndGender) {
  // 11010519491231002X is the GB 11643 worked example.
  auto info = ValidateIdCard("11010519491231002x");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->normalized, "11010519491231002X");
  EXPECT_EQ(info->birth_date, "1949-12-31");
  EXPECT_EQ(info->gender, 'F');
}

TEST(IdCardTest, RejectsWrongCheckDigit) {
  auto info = ValidateIdCard("110105194912310021");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().key, "id_card.invalid");
  EXPECT_EQ(info.error().field, "id_card");
  EXPECT_NE(info.error().message.find("check digit"), std::string::npos);
}

TEST(IdCardTest, RejectsWrongLengthLettersAndImpossibleDates) {
  EXPECT_FALSE(ValidateIdCard("1101051949123100"));
  EXPECT_FALSE(ValidateIdCard("11010519491231002XX"));
  EXPECT_FALSE(ValidateIdCard("1101051949A231002X"));
  // Feb 30th with a correct check digit still fails on the date.
  std::string first17 = "32011519900230001";
  EXPECT_FALSE(ValidateIdCard(first17 + IdCardCheckChar(first17)));
}

TEST(IdCardTest, CheckCharMatchesKnownNumbers) {
  EXPECT_EQ(IdCardCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(IdCardCheckChar("44052419800101001"), '3');
}

}  // namespace
}  // namespace wangge
