// Grids in space over HTTP and the CLI: boundaries as GeoJSON, the coverage
// check, point location and division plans, on the Dongyang demo.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class GeoApiTest : public ApiTest {
 protected:
  int64_t CommunityId() {
    HttpResult r = env().As(kLeader).Get("/api/v1/areas?level=community");
    return Int(Arr(r.Json(), "items").at(0), "id");
  }
};

TEST_F(GeoApiTest, BoundariesExportAsGeoJsonThatQgisCanRead) {
  HttpResult r = env().As(kLeader).Get("/api/v1/boundaries?level=all");
  ASSERT_STATUS(r, 200);
  EXPECT_NE(r.Header("Content-Type").find("geo+json"), std::string::npos);
  const auto doc = r.Json();
  EXPECT_EQ(Str(doc, "type"), "FeatureCollection");
  const auto features = Arr(doc, "features");
  ASSERT_EQ(features.size(), 41u) << "community, 12 grids, 28 village groups";
  int grids = 0;
  for (const auto& f : features) {
    const auto props = At(f, "properties");
    EXPECT_FALSE(Str(props, "code").empty());
    EXPECT_FALSE(Str(props, "name").empty());
    if (Str(props, "level") == "grid") ++grids;
    const std::string type = Str(At(f, "geometry"), "type");
    EXPECT_TRUE(type == "Polygon" || type == "MultiPolygon") << type;
  }
  EXPECT_EQ(grids, 12);
  // Grid staff see their own grid (and the areas above it), not others.
  HttpResult own = env().As(kGrid01Staff).Get("/api/v1/boundaries?level=grid");
  ASSERT_STATUS(own, 200);
  EXPECT_EQ(Arr(own.Json(), "features").size(), 1u);
}

TEST_F(GeoApiTest, CoverageOfTheDemoIsClean) {
  HttpResult r = env().As(kLeader).Get(
      "/api/v1/communities/" + std::to_string(CommunityId()) + "/coverage");
  ASSERT_STATUS(r, 200);
  const auto doc = r.Json();
  EXPECT_TRUE(At(doc, "clean").as_bool()) << r.body;
  EXPECT_TRUE(Arr(doc, "gaps").empty());
  EXPECT_TRUE(Arr(doc, "overlaps").empty());
  EXPECT_TRUE(Arr(doc, "households").empty());
  EXPECT_TRUE(Arr(doc, "teams").empty());
  CommandResult check = env().Cli({"grids", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.Describe();
}

TEST_F(GeoApiTest, LocateAnswersGridCommunityAndStreet) {
  // The vertex average of a demo grid's ring lies inside it (the demo's
  // grids are convex-ish strips of village groups).
  HttpResult boundaries =
      env().As(kGrid01Staff).Get("/api/v1/boundaries?level=grid");
  ASSERT_STATUS(boundaries, 200);
  const auto grid = Arr(boundaries.Json(), "features").at(0);
  const auto geometry = At(grid, "geometry");
  const auto ring =
      Str(geometry, "type") == "Polygon"
          ? At(geometry, "coordinates").as_array().at(0).as_array()
          : At(geometry, "coordinates")
                .as_array()
                .at(0)
                .as_array()
                .at(0)
                .as_array();
  double lon = 0, lat = 0;
  for (size_t i = 0; i + 1 < ring.size(); ++i) {
    lon += ring[i].as_array()[0].to_number<double>();
    lat += ring[i].as_array()[1].to_number<double>();
  }
  lon /= static_cast<double>(ring.size() - 1);
  lat /= static_cast<double>(ring.size() - 1);
  HttpResult r = env()
                     .As(kGrid01Staff)
                     .Get("/api/v1/locate?lon=" + std::to_string(lon) +
                          "&lat=" + std::to_string(lat));
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(Str(At(r.Json(), "community"), "name"), "东阳社区");
  EXPECT_EQ(Str(At(r.Json(), "street"), "name"), "汤山街道");
  EXPECT_EQ(Str(At(r.Json(), "grid"), "code").rfind(kCommunityCode, 0), 0u);

  HttpResult outside =
      env().As(kGrid01Staff).Get("/api/v1/locate?lon=116.4&lat=39.9");
  EXPECT_STATUS(outside, 404);
  EXPECT_EQ(ErrorCode(outside), "locate.outside");
  HttpResult bad =
      env().As(kGrid01Staff).Get("/api/v1/locate?lon=abc&lat=31.9");
  EXPECT_STATUS(bad, 400);
  EXPECT_EQ(ErrorField(bad), "lon");
  HttpResult missing = env().As(kGrid01Staff).Get("/api/v1/locate?lon=119.1");
  EXPECT_STATUS(missing, 400);
  EXPECT_EQ(ErrorField(missing), "lat");
}

TEST_F(GeoApiTest, CheckExitsOneOnAPlantedDefectAndNamesIt) {
  // Remove grid 02's resident group leader, check, then put them back.
  const int64_t grid = env().GridId(kGrid02);
  HttpResult team =
      env().As(kLeader).Get("/api/v1/grids/" + std::to_string(grid));
  ASSERT_STATUS(team, 200);
  boost::json::value leader;
  for (const auto& m : Arr(team.Json(), "team"))
    if (Str(m, "role") == "group_leader") leader = m;
  ASSERT_TRUE(leader.is_object());
  HttpResult removed = env().As(kLeader).Delete(
      "/api/v1/team-members/" + std::to_string(Int(leader, "id")));
  ASSERT_STATUS(removed, 200);

  CommandResult check = env().Cli({"grids", "check"});
  EXPECT_EQ(check.exit_code, 1) << check.Describe();
  EXPECT_NE(check.out.find(kGrid02), std::string::npos) << check.Describe();
  EXPECT_NE(check.out.find("no group_leader"), std::string::npos)
      << check.Describe();
  HttpResult coverage = env().As(kLeader).Get(
      "/api/v1/communities/" + std::to_string(CommunityId()) + "/coverage");
  EXPECT_FALSE(At(coverage.Json(), "clean").as_bool());
  ASSERT_EQ(Arr(coverage.Json(), "teams").size(), 1u);

  HttpResult restored =
      env().As(kLeader).Post("/api/v1/grids/" + std::to_string(grid) + "/team",
                             boost::json::serialize(boost::json::object{
                                 {"role", "group_leader"},
                                 {"name", Str(leader, "name")},
                                 {"phone", Str(leader, "phone")}}));
  ASSERT_STATUS(restored, 201);
  EXPECT_EQ(env().Cli({"grids", "check"}).exit_code, 0);
}

TEST_F(GeoApiTest, InvalidGeoJsonIsRejectedNamingTheFeature) {
  const std::string unclosed = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"code":"32011500301201","level":"grid"},
     "geometry":{"type":"Polygon","coordinates":[[[119.16,31.94],[119.17,31.94],[119.17,31.95],[119.16,31.95]]]}}]})";
  HttpResult r = env().As(kAdmin).Put("/api/v1/boundaries", unclosed);
  EXPECT_STATUS(r, 400);
  EXPECT_NE(ErrorMessage(r).find("32011500301201"), std::string::npos)
      << r.body;
  EXPECT_NE(ErrorMessage(r).find("not closed"), std::string::npos) << r.body;
  EXPECT_EQ(ErrorField(r), "features[0]");
  // Only administrators import boundaries.
  HttpResult staff = env().As(kGrid01Staff).Put("/api/v1/boundaries", unclosed);
  EXPECT_STATUS(staff, 403);
  // The coverage is unchanged.
  HttpResult check = env().As(kLeader).Get(
      "/api/v1/communities/" + std::to_string(CommunityId()) + "/coverage");
  EXPECT_TRUE(At(check.Json(), "clean").as_bool());
}

TEST_F(GeoApiTest, DivisionPlanPreviewsWithoutChangingAnything) {
  const std::string path = "/api/v1/communities/" +
                           std::to_string(CommunityId()) + "/division-plans";
  HttpResult r = env().As(kAdmin).Post(path, R"({"grids": 13})");
  ASSERT_STATUS(r, 200);
  const auto doc = r.Json();
  EXPECT_FALSE(At(doc, "applied").as_bool());
  EXPECT_TRUE(At(doc, "all_connected").as_bool());
  const auto grids = Arr(doc, "grids");
  ASSERT_EQ(grids.size(), 13u);
  int64_t population = 0;
  for (const auto& g : grids) {
    population += Int(g, "population");
    EXPECT_FALSE(Arr(g, "village_groups").empty());
  }
  HttpResult listed = env().As(kLeader).Get("/api/v1/grids");
  EXPECT_EQ(population, Int(listed.Json(), "population"));
  EXPECT_EQ(Arr(listed.Json(), "items").size(), 12u)
      << "a preview changes nothing";
  EXPECT_FALSE(Arr(doc, "households_changing_grid").empty());
  EXPECT_EQ(Str(At(doc, "preview"), "type"), "FeatureCollection");

  HttpResult no_k = env().As(kAdmin).Post(path, "{}");
  EXPECT_STATUS(no_k, 400);
  EXPECT_EQ(ErrorField(no_k), "grids");
  HttpResult too_many = env().As(kAdmin).Post(path, R"({"grids": 500})");
  EXPECT_STATUS(too_many, 400);
  HttpResult staff = env().As(kGrid01Staff).Post(path, R"({"grids": 12})");
  EXPECT_STATUS(staff, 403);
}

}  // namespace
}  // namespace wangge::test
