#include "service/image_sniff.h"

#include <cstdint>

namespace wangge::service {

namespace {
bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

uint8_t Byte(std::string_view bytes, size_t i) {
  return static_cast<uint8_t>(bytes[i]);
}

uint32_t LittleEndian32(std::string_view bytes, size_t at) {
  return uint32_t{Byte(bytes, at)} | uint32_t{Byte(bytes, at + 1)} << 8 |
         uint32_t{Byte(bytes, at + 2)} << 16 |
         uint32_t{Byte(bytes, at + 3)} << 24;
}

// SOI (FF D8) followed by the first marker segment (FF xx, xx >= C0): a
// bare "FF D8 FF" could still be three arbitrary bytes of something else.
bool IsJpeg(std::string_view b) {
  return b.size() >= 4 && StartsWith(b, "\xFF\xD8\xFF") && Byte(b, 3) >= 0xC0;
}

// The 8-byte signature and, as the PNG spec requires, IHDR as the first
// chunk (4-byte length, then the chunk type).
bool IsPng(std::string_view b) {
  return b.size() >= 16 &&
         StartsWith(b, std::string_view("\x89PNG\r\n\x1A\n", 8)) &&
         b.substr(12, 4) == "IHDR";
}

// RIFF container of form WEBP whose first chunk is one of the three WebP
// bitstream chunks; the RIFF size must fit in what was sent, so a cut-off
// upload is refused.
bool IsWebp(std::string_view b) {
  if (b.size() < 20 || !StartsWith(b, "RIFF") || b.substr(8, 4) != "WEBP")
    return false;
  const std::string_view chunk = b.substr(12, 4);
  if (chunk != "VP8 " && chunk != "VP8L" && chunk != "VP8X") return false;
  const uint64_t riff_size = LittleEndian32(b, 4);
  return riff_size >= 12 && riff_size + 8 <= b.size();
}
}  // namespace

std::optional<std::string_view> SniffImageMime(std::string_view bytes) {
  if (IsJpeg(bytes)) return "image/jpeg";
  if (IsPng(bytes)) return "image/png";
  if (IsWebp(bytes)) return "image/webp";
  return std::nullopt;
}

}  // namespace wangge::service
