#include "service/demo/demo_photo.h"

#include <array>
#include <vector>

namespace wangge::demo {

namespace {

uint32_t Crc32(const std::string& data, size_t from) {
  static const auto kTable = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = from; i < data.size(); ++i)
    c = kTable[(c ^ static_cast<uint8_t>(data[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void Be32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>(v >> s));
}

void Chunk(std::string& png, const char* type, const std::string& data) {
  Be32(png, static_cast<uint32_t>(data.size()));
  const size_t start = png.size();
  png += type;
  png += data;
  Be32(png, Crc32(png, start));
}

}  // namespace

std::string DemoPhotoPng(uint32_t top, uint32_t bottom, int w, int h) {
  // Raw scanlines: filter byte 0, then RGB.
  std::string raw;
  for (int y = 0; y < h; ++y) {
    raw.push_back(0);
    for (int x = 0; x < w; ++x) {
      const bool band = std::abs((x - y) % 24) < 4;
      for (int s = 16; s >= 0; s -= 8) {
        const int a = (top >> s) & 0xFF, b = (bottom >> s) & 0xFF;
        int v = a + (b - a) * y / std::max(1, h - 1);
        if (band) v = (v + 255) / 2;
        raw.push_back(static_cast<char>(v));
      }
    }
  }
  // zlib stream of stored (uncompressed) deflate blocks.
  std::string z = {0x78, 0x01};
  uint32_t a1 = 1, a2 = 0;
  for (unsigned char ch : raw) {
    a1 = (a1 + ch) % 65521;
    a2 = (a2 + a1) % 65521;
  }
  for (size_t pos = 0; pos < raw.size();) {
    const size_t n = std::min<size_t>(65535, raw.size() - pos);
    const bool last = pos + n == raw.size();
    z.push_back(last ? 1 : 0);
    z.push_back(static_cast<char>(n & 0xFF));
    z.push_back(static_cast<char>(n >> 8));
    z.push_back(static_cast<char>(~n & 0xFF));
    z.push_back(static_cast<char>((~n >> 8) & 0xFF));
    z.append(raw, pos, n);
    pos += n;
  }
  Be32(z, (a2 << 16) | a1);

  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  Be32(ihdr, static_cast<uint32_t>(w));
  Be32(ihdr, static_cast<uint32_t>(h));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB
  Chunk(png, "IHDR", ihdr);
  Chunk(png, "IDAT", z);
  Chunk(png, "IEND", "");
  return png;
}

}  // namespace wangge::demo
