// Public tracking numbers (resident self-report receipts, Open311 tokens).
//
// A tracking number is ten characters of a 32-letter alphabet (no 0/O or
// 1/I to misread) that stand one-to-one for a case id below 2^50 through a
// keyed permutation: a Feistel network of six rounds on two 25-bit halves
// with SipHash-2-4 as the round function. Without the key the numbers are
// as hard to guess as random ones (2^50 of them); unlike random numbers
// they need no unique index, since distinct ids give distinct numbers, and
// they decode straight to the id. (A unique index over random keys put
// every new case on its own index page: the largest single cost of case
// intake.)
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"

namespace wangge {

class TrackingCodec {
 public:
  using Key = std::array<unsigned char, 16>;
  static constexpr int kLength = 10;
  // Ids from 1 up to this one have a tracking number.
  static constexpr int64_t kMaxId = (int64_t{1} << 50) - 1;

  explicit TrackingCodec(const Key& key) : key_(key) {}
  // The codec of case tracking numbers, keyed from the data key.
  static TrackingCodec ForCases(const FieldCipher& cipher) {
    return TrackingCodec(cipher.Subkey("case-tracking"));
  }

  // The tracking number of `id` (1 <= id <= kMaxId).
  std::string Encode(int64_t id) const;
  // The id a tracking number stands for, or nothing when the text is not
  // one (wrong length or letters). Lower case is accepted.
  std::optional<int64_t> Decode(std::string_view code) const;
  // The number as stored and shown: upper case.
  static std::string Canonical(std::string_view code);

 private:
  uint32_t Round(int round, uint32_t half) const;
  Key key_;
};

}  // namespace wangge
