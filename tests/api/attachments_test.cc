// Case photos over HTTP: upload as the raw body with the type taken from
// the content, byte-identical download with caching headers, refusals
// (wrong type, too large, no session, wrong role or scope) and the public
// upload of the resident self-report form.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

std::string Bytes(std::initializer_list<unsigned char> b) {
  return std::string(b.begin(), b.end());
}

// A real 1x1 PNG.
const std::string kPng = Bytes(
    {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D,
     0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
     0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00,
     0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xB8, 0x24, 0x27, 0x07,
     0x00, 0x02, 0xD4, 0x01, 0x0F, 0x8F, 0x68, 0x5E, 0x7D, 0x00, 0x00, 0x00,
     0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82});

// A real 1x1 greyscale baseline JPEG (libjpeg, quality 50).
const std::string kJpeg = Bytes(
    {0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x10, 0x0B, 0x0C, 0x0E, 0x0C,
     0x0A, 0x10, 0x0E, 0x0D, 0x0E, 0x12, 0x11, 0x10, 0x13, 0x18, 0x28, 0x1A,
     0x18, 0x16, 0x16, 0x18, 0x31, 0x23, 0x25, 0x1D, 0x28, 0x3A, 0x33, 0x3D,
     0x3C, 0x39, 0x33, 0x38, 0x37, 0x40, 0x48, 0x5C, 0x4E, 0x40, 0x44, 0x57,
     0x45, 0x37, 0x38, 0x50, 0x6D, 0x51, 0x57, 0x5F, 0x62, 0x67, 0x68, 0x67,
     0x3E, 0x4D, 0x71, 0x79, 0x70, 0x64, 0x78, 0x5C, 0x65, 0x67, 0x63, 0xFF,
     0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
     0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0xFF, 0xC4,
     0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x08,
     0x01, 0x01, 0x00, 0x00, 0x3F, 0x00, 0x48, 0xFF, 0xD9});

const Headers kOctets = {{"Content-Type", "application/octet-stream"}};

class AttachmentsApiTest : public ApiTest {
 protected:
  static HttpResult Upload(const std::string& user, const std::string& bytes,
                           const Headers& headers = kOctets) {
    return env().As(user).Post("/api/v1/attachments", bytes, headers);
  }
};

TEST_F(AttachmentsApiTest, UploadedPngComesBackByteIdentical) {
  HttpResult up = Upload(kGrid01Staff, kPng);
  ASSERT_STATUS(up, 201);
  const auto json = up.Json();
  const int64_t id = Int(json, "id");
  EXPECT_GT(id, 0);
  EXPECT_EQ(Str(json, "mime"), "image/png");
  EXPECT_EQ(Int(json, "size"), static_cast<int64_t>(kPng.size()));
  const std::string sha = Str(json, "sha256");
  EXPECT_EQ(sha.size(), 64u);
  const std::string url = Str(json, "url");
  EXPECT_EQ(url, "/api/v1/attachments/" + std::to_string(id));

  HttpResult got = env().As(kGrid01Staff).Get(url);
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_EQ(got.body, kPng);
  EXPECT_EQ(got.Header("Content-Type"), "image/png");
  EXPECT_EQ(got.Header("ETag"), "\"" + sha + "\"");
  EXPECT_EQ(got.Header("Cache-Control"), "private, max-age=86400");
  EXPECT_EQ(got.Header("X-Content-Type-Options"), "nosniff");

  // The browser's copy is still good.
  HttpResult again =
      env().As(kGrid01Staff).Get(url, {{"If-None-Match", "\"" + sha + "\""}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());

  // On disk, content-addressed in the data directory.
  const std::string path = env().data_dir() + "/attachments/" +
                           sha.substr(0, 2) + "/" + sha.substr(2, 2) + "/" +
                           sha;
  EXPECT_EQ(ReadWholeFile(path), kPng);
}

TEST_F(AttachmentsApiTest, TypeComesFromContentNotContentType) {
  HttpResult up = Upload(kLeader, kJpeg, {{"Content-Type", "image/png"}});
  ASSERT_STATUS(up, 201);
  EXPECT_EQ(Str(up.Json(), "mime"), "image/jpeg");
  HttpResult got = env().As(kLeader).Get(Str(up.Json(), "url"));
  ASSERT_EQ(got.status, 200) << got.body.substr(0, 200);
  EXPECT_EQ(got.body, kJpeg);
  EXPECT_EQ(got.Header("Content-Type"), "image/jpeg");

  // A text file claiming to be a photo is refused, naming the file.
  HttpResult text = Upload(kGrid01Staff, "name,phone\n王建国,13812341234\n",
                           {{"Content-Type", "image/jpeg"}});
  EXPECT_STATUS(text, 400);
  EXPECT_EQ(ErrorField(text), "file");
  EXPECT_EQ(ErrorCode(text), "attachment.type");
  HttpResult svg =
      Upload(kGrid01Staff, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
             {{"Content-Type", "image/svg+xml"}});
  EXPECT_STATUS(svg, 400);
  EXPECT_EQ(ErrorField(svg), "file");
}

TEST_F(AttachmentsApiTest, OverTheLimitIs413) {
  // One byte over the 10 MiB default: the server's own body limit lets it
  // through, the attachment limit refuses it.
  std::string big = kPng;
  big.resize(10 * 1024 * 1024 + 1, 'x');
  HttpResult r = Upload(kGrid01Staff, big);
  EXPECT_STATUS(r, 413);
  EXPECT_EQ(ErrorCode(r), "attachment.too_large");
  EXPECT_EQ(ErrorField(r), "file");
}

TEST_F(AttachmentsApiTest, NeedsSessionRoleAndScope) {
  HttpClient anonymous = env().Anonymous();
  EXPECT_STATUS(anonymous.Post("/api/v1/attachments", kPng, kOctets), 401);

  HttpResult up = Upload(kGrid01Staff, kPng);
  ASSERT_STATUS(up, 201);
  const std::string url = Str(up.Json(), "url");
  EXPECT_STATUS(anonymous.Get(url), 401);
  // Not on a case yet: only its uploader sees it.
  EXPECT_STATUS(env().As(kGrid02Staff).Get(url), 403);
  // Administrators and auditors do not handle case photos.
  EXPECT_STATUS(Upload(kAuditor, kPng), 403);
  EXPECT_STATUS(Upload(kAdmin, kPng), 403);
  EXPECT_STATUS(env().As(kAuditor).Get(url), 403);
  EXPECT_STATUS(env().As(kGrid01Staff).Get("/api/v1/attachments/999999"), 404);
}

TEST_F(AttachmentsApiTest, PublicUploadNeedsNoLogin) {
  HttpClient anonymous = env().Anonymous();
  HttpResult up = anonymous.Post("/api/v1/public/attachments", kPng, kOctets);
  ASSERT_STATUS(up, 201);
  const int64_t id = Int(up.Json(), "id");
  EXPECT_EQ(Str(up.Json(), "mime"), "image/png");
  EXPECT_STATUS(anonymous.Post("/api/v1/public/attachments", "hello",
                               {{"Content-Type", "image/png"}}),
                400);
  // Visible to the public only through the report it is linked to.
  EXPECT_STATUS(anonymous.Get("/api/v1/public/reports/NO-SUCH/attachments/" +
                              std::to_string(id)),
                404);
}

}  // namespace
}  // namespace wangge::test
