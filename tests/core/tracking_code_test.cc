#include "core/tracking_code.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/crypto.h"

namespace wangge {
namespace {

class TrackingCodeTest : public ::testing::Test {
 protected:
  void SetUp() override { InitCrypto(); }
  FieldCipher cipher_{FieldCipher::GenerateKey()};
  TrackingCodec codec_ = TrackingCodec::ForCases(cipher_);
};

TEST_F(TrackingCodeTest, EveryIdRoundTripsThroughTenReadableLetters) {
  std::mt19937_64 rnd(7);
  std::vector<int64_t> ids = {1, 2, 3, 31, 32, 1000000, TrackingCodec::kMaxId};
  for (int i = 0; i < 20000; ++i)
    ids.push_back(1 + static_cast<int64_t>(rnd() % TrackingCodec::kMaxId));
  for (int64_t id : ids) {
    const std::string code = codec_.Encode(id);
    ASSERT_EQ(code.size(), 10u);
    EXPECT_EQ(code.find_first_of("01IO"), std::string::npos) << code;
    auto back = codec_.Decode(code);
    ASSERT_TRUE(back) << code;
    EXPECT_EQ(*back, id);
  }
}

TEST_F(TrackingCodeTest, ConsecutiveIdsGiveUnrelatedDistinctNumbers) {
  std::set<std::string> codes;
  int same_prefix = 0;
  std::string previous;
  for (int64_t id = 1; id <= 50000; ++id) {
    const std::string code = codec_.Encode(id);
    EXPECT_TRUE(codes.insert(code).second) << "duplicate " << code;
    if (!previous.empty() && code.substr(0, 4) == previous.substr(0, 4))
      ++same_prefix;
    previous = code;
  }
  // Neighbouring cases must not give each other's numbers away: with 32^4
  // four-letter prefixes, sharing one is rare unless the mapping leaks.
  EXPECT_LT(same_prefix, 5);
}

TEST_F(TrackingCodeTest, AnotherKeyGivesOtherNumbers) {
  TrackingCodec other =
      TrackingCodec::ForCases(FieldCipher(FieldCipher::GenerateKey()));
  int equal = 0;
  for (int64_t id = 1; id <= 1000; ++id)
    equal += codec_.Encode(id) == other.Encode(id);
  EXPECT_EQ(equal, 0);
  // A number made under another key decodes to some id, which is why the
  // store also compares the stored number.
  EXPECT_NE(codec_.Decode(other.Encode(42)), std::optional<int64_t>(42));
}

TEST_F(TrackingCodeTest, LowerCaseIsAcceptedAndMalformedTextIsRefused) {
  const std::string code = codec_.Encode(123456);
  std::string lower = code;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(ch));
  EXPECT_EQ(codec_.Decode(lower), std::optional<int64_t>(123456));
  EXPECT_EQ(TrackingCodec::Canonical(lower), code);
  EXPECT_FALSE(codec_.Decode(""));
  EXPECT_FALSE(codec_.Decode(code.substr(0, 9)));
  EXPECT_FALSE(codec_.Decode(code + "A"));
  EXPECT_FALSE(codec_.Decode("0000000000")) << "0 is not in the alphabet";
  EXPECT_FALSE(codec_.Decode("ABCDEFGH-J"));
}

}  // namespace
}  // namespace wangge
