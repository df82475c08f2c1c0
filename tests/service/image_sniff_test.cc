#include "service/image_sniff.h"

#include <gtest/gtest.h>

#include <string>

namespace wangge::service {
namespace {

std::string Bytes(std::initializer_list<unsigned char> b) {
  return std::string(b.begin(), b.end());
}

// A real 1x1 PNG (RGB, one red pixel): 69 bytes.
const std::string kPng = Bytes(
    {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
     0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
     0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
     0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xB8, 0x24, 0x27, 0x07,
     0x00, 0x02, 0xD4, 0x01, 0x0F, 0x8F, 0x68, 0x5E, 0x7D, 0x00, 0x00, 0x00,
     0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82});

// The start of a baseline JPEG: SOI, then a DQT segment.
const std::string kJpegHead =
    Bytes({0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x10, 0x0B, 0x0C});
// A JFIF JPEG as cameras and phones write it: SOI, then APP0.
const std::string kJfifHead =
    Bytes({0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01});

// A 1x1 lossless WebP (RIFF size 26, VP8L chunk of 13 bytes plus padding).
const std::string kWebp = Bytes(
    {'R',  'I',  'F',  'F',  0x1A, 0x00, 0x00, 0x00, 'W',  'E',  'B',  'P',
     'V',  'P',  '8',  'L',  0x0D, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x00, 0x00,
     0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00});

TEST(ImageSniffTest, RecognisesJpeg) {
  EXPECT_EQ(SniffImageMime(kJpegHead), "image/jpeg");
  EXPECT_EQ(SniffImageMime(kJfifHead), "image/jpeg");
}

TEST(ImageSniffTest, RecognisesPng) {
  EXPECT_EQ(SniffImageMime(kPng), "image/png");
}

TEST(ImageSniffTest, RecognisesWebp) {
  EXPECT_EQ(SniffImageMime(kWebp), "image/webp");
  // VP8X (extended) is WebP too.
  std::string extended = kWebp;
  extended[15] = 'X';
  EXPECT_EQ(SniffImageMime(extended), "image/webp");
}

TEST(ImageSniffTest, RefusesTruncatedInput) {
  EXPECT_EQ(SniffImageMime(""), std::nullopt);
  EXPECT_EQ(SniffImageMime(kJpegHead.substr(0, 2)), std::nullopt);
  EXPECT_EQ(SniffImageMime(kJpegHead.substr(0, 3)), std::nullopt);
  for (size_t n : {1, 4, 8, 12, 15})
    EXPECT_EQ(SniffImageMime(kPng.substr(0, n)), std::nullopt) << n;
  for (size_t n : {4, 11, 16, 20, 33})
    EXPECT_EQ(SniffImageMime(kWebp.substr(0, n)), std::nullopt) << n;
}

TEST(ImageSniffTest, RefusesOtherContent) {
  EXPECT_EQ(SniffImageMime("name,phone\n王建国,13812341234\n"), std::nullopt);
  EXPECT_EQ(
      SniffImageMime(std::string("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13)),
      std::nullopt);
  EXPECT_EQ(SniffImageMime("GIF87a"), std::nullopt);
  EXPECT_EQ(SniffImageMime("<?xml version=\"1.0\"?><svg "
                           "xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
            std::nullopt);
  EXPECT_EQ(SniffImageMime("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                           "onload=\"alert(1)\"/>"),
            std::nullopt);
  EXPECT_EQ(SniffImageMime("<html><script>alert(1)</script></html>"),
            std::nullopt);
  // Another RIFF file (a WAV) is not WebP.
  std::string wav = kWebp;
  wav.replace(8, 4, "WAVE");
  EXPECT_EQ(SniffImageMime(wav), std::nullopt);
  // A PNG signature whose first chunk is not IHDR.
  std::string png = kPng;
  png.replace(12, 4, "IDAT");
  EXPECT_EQ(SniffImageMime(png), std::nullopt);
  // A signature that does not start at byte 0.
  EXPECT_EQ(SniffImageMime(" " + kPng), std::nullopt);
}

}  // namespace
}  // namespace wangge::service
