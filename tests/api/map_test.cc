// The map's tile server setting and the public grid outlines over HTTP:
// what the resident pages read without an account, and who may change it.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class MapApiTest : public ApiTest {};

TEST_F(MapApiTest, PublicOutlinesNameEveryGridAndNothingElse) {
  HttpResult r = env().Anonymous().Get("/api/v1/public/boundaries");
  ASSERT_STATUS(r, 200);
  const auto features = Arr(r.Json(), "features");
  ASSERT_EQ(features.size(), 12u);
  for (const auto& f : features) {
    const auto props = At(f, "properties");
    EXPECT_EQ(Str(props, "level"), "grid");
    EXPECT_EQ(props.as_object().size(), 3u)
        << "only code, name and level: " << boost::json::serialize(props);
  }
}

TEST_F(MapApiTest, OnlyTheSystemAdministratorSetsTheTileServer) {
  HttpResult initial = env().Anonymous().Get("/api/v1/public/map-settings");
  ASSERT_STATUS(initial, 200);
  EXPECT_EQ(Str(initial.Json(), "tile_url"), "") << "no tiles by default";

  const std::string good =
      R"({"tile_url":"https://tiles.gov.example/{z}/{x}/{y}.png",)"
      R"("attribution":"区测绘院","max_zoom":18})";
  HttpResult denied = env().As(kLeader).Put("/api/v1/map-settings", good);
  ASSERT_STATUS(denied, 403);

  HttpResult bad = env().As(kAdmin).Put(
      "/api/v1/map-settings", R"j({"tile_url":"javascript:alert(1)"})j");
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(Str(At(bad.Json(), "error"), "field"), "tile_url");
  EXPECT_EQ(Str(env().Anonymous().Get("/api/v1/public/map-settings").Json(),
                "tile_url"),
            "")
      << "a refused change changes nothing";

  HttpResult saved = env().As(kAdmin).Put("/api/v1/map-settings", good);
  ASSERT_STATUS(saved, 200);
  HttpResult now = env().Anonymous().Get("/api/v1/public/map-settings");
  EXPECT_EQ(Str(now.Json(), "tile_url"),
            "https://tiles.gov.example/{z}/{x}/{y}.png");
  EXPECT_EQ(Int(now.Json(), "max_zoom"), 18);
  // Put the default back for the other tests sharing the server.
  ASSERT_STATUS(
      env().As(kAdmin).Put("/api/v1/map-settings", R"({"tile_url":""})"), 200);
}

}  // namespace
}  // namespace wangge::test
