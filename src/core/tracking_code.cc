#include "core/tracking_code.h"

#include <sodium.h>

namespace wangge {

namespace {
constexpr char kAlphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
constexpr int kRounds = 6;
constexpr int kHalfBits = 25;
constexpr uint32_t kHalfMask = (uint32_t{1} << kHalfBits) - 1;

int LetterValue(char ch) {
  if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  for (int i = 0; i < 32; ++i)
    if (kAlphabet[i] == ch) return i;
  return -1;
}
}  // namespace

uint32_t TrackingCodec::Round(int round, uint32_t half) const {
  unsigned char in[5] = {static_cast<unsigned char>(round),
                         static_cast<unsigned char>(half),
                         static_cast<unsigned char>(half >> 8),
                         static_cast<unsigned char>(half >> 16),
                         static_cast<unsigned char>(half >> 24)};
  unsigned char out[crypto_shorthash_BYTES];
  crypto_shorthash(out, in, sizeof in, key_.data());
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{out[i]} << (8 * i);
  return v & kHalfMask;
}

std::string TrackingCodec::Canonical(std::string_view code) {
  std::string out(code);
  for (char& ch : out)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return out;
}

std::string TrackingCodec::Encode(int64_t id) const {
  const auto v = static_cast<uint64_t>(id) & static_cast<uint64_t>(kMaxId);
  uint32_t left = static_cast<uint32_t>(v >> kHalfBits);
  uint32_t right = static_cast<uint32_t>(v) & kHalfMask;
  for (int r = 0; r < kRounds; ++r) {
    const uint32_t next = left ^ Round(r, right);
    left = right;
    right = next;
  }
  uint64_t code = (uint64_t{left} << kHalfBits) | right;
  std::string out(kLength, ' ');
  for (int i = kLength - 1; i >= 0; --i) {
    out[i] = kAlphabet[code & 31];
    code >>= 5;
  }
  return out;
}

std::optional<int64_t> TrackingCodec::Decode(std::string_view code) const {
  if (code.size() != kLength) return std::nullopt;
  uint64_t v = 0;
  for (char ch : code) {
    const int d = LetterValue(ch);
    if (d < 0) return std::nullopt;
    v = (v << 5) | static_cast<uint64_t>(d);
  }
  uint32_t left = static_cast<uint32_t>(v >> kHalfBits);
  uint32_t right = static_cast<uint32_t>(v) & kHalfMask;
  for (int r = kRounds - 1; r >= 0; --r) {
    const uint32_t prev = right ^ Round(r, left);
    right = left;
    left = prev;
  }
  const int64_t id =
      static_cast<int64_t>((uint64_t{left} << kHalfBits) | right);
  if (id < 1) return std::nullopt;
  return id;
}

}  // namespace wangge
