#include "geo/geojson.h"

#include <gtest/gtest.h>

#include <string>

namespace wangge::geo {
namespace {

// A FeatureCollection around one feature's JSON text.
std::string Collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}

// A valid first feature, so that failures are shown for feature 1.
const std::string kGood =
    R"({"type":"Feature","properties":{"code":"A1"},"geometry":{"type":"Polygon",
    "coordinates":[[[120,29],[120.01,29],[120.01,29.01],[120,29.01],[120,29]]]}})";

std::string PolygonFeature(const std::string& code, const std::string& rings) {
  return R"({"type":"Feature","properties":{"code":")" + code +
         R"(","name":"一网格"},"geometry":{"type":"Polygon","coordinates":)" +
         rings + "}}";
}

// Parses kGood plus `bad` and returns the error, which must name feature 1.
Error ExpectRejected(const std::string& bad) {
  auto parsed = ParseFeatureCollection(Collection(kGood + "," + bad));
  EXPECT_FALSE(parsed.has_value());
  if (parsed) return {};
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().key, "geojson.invalid");
  EXPECT_EQ(parsed.error().field, "features[1]");
  return parsed.error();
}

TEST(GeoJsonTest, ParsesPolygonAndNormalisesOrientation) {
  // Clockwise shell on input; RFC 7946 wants it counter-clockwise.
  std::string text = Collection(
      R"({"type":"Feature","properties":{"code":"32011500301203",
      "name":"东阳一网格","level":"grid","households":320},
      "geometry":{"type":"Polygon","coordinates":
      [[[120.0,29.0],[120.0,29.01],[120.01,29.01],[120.01,29.0],[120.0,29.0]]]}})");
  auto parsed = ParseFeatureCollection(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  const Feature& f = parsed->front();
  EXPECT_EQ(f.code, "32011500301203");
  EXPECT_EQ(f.name, "东阳一网格");
  EXPECT_EQ(f.level, "grid");
  EXPECT_EQ(f.properties.at("households").as_int64(), 320);
  ASSERT_EQ(f.shape.size(), 1u);
  const Ring& outer = f.shape[0].outer;
  ASSERT_EQ(outer.size(), 5u);
  EXPECT_EQ(outer[0], (LonLat{120.0, 29.0}));
  EXPECT_EQ(outer[1], (LonLat{120.01, 29.0}));  // east first: CCW
}

TEST(GeoJsonTest, ParsesMultiPolygonWithHole) {
  std::string text = Collection(
      R"({"type":"Feature","properties":{"code":"G2","level":null},
      "geometry":{"type":"MultiPolygon","coordinates":[
      [[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[4,2],[4,4],[2,4],[2,2]]],
      [[[20,0],[30,0],[30,10],[20,10],[20,0]]]]}})");
  auto parsed = ParseFeatureCollection(text);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const Feature& f = parsed->front();
  EXPECT_EQ(f.level, "");
  ASSERT_EQ(f.shape.size(), 2u);
  ASSERT_EQ(f.shape[0].holes.size(), 1u);
  // The hole was counter-clockwise on input and must now be clockwise.
  EXPECT_EQ(f.shape[0].holes[0][1], (LonLat{2, 4}));
}

TEST(GeoJsonTest, AcceptsBareFeatureIntegerCodeAndBom) {
  auto parsed = ParseFeatureCollection(
      "\xEF\xBB\xBF" +
      std::string(
          R"({"type":"Feature","properties":{"code":32011500301203},
      "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}})"));
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->front().code, "32011500301203");
}

TEST(GeoJsonTest, RejectsUnclosedRing) {
  Error e = ExpectRejected(
      PolygonFeature("32011500301203", "[[[0,0],[1,0],[1,1],[0,1],[0,0.5]]]"));
  EXPECT_NE(e.message.find("feature 1 (code 32011500301203): ring 0 is not "
                           "closed"),
            std::string::npos)
      << e.message;
}

TEST(GeoJsonTest, RejectsBowTie) {
  Error e =
      ExpectRejected(PolygonFeature("B7", "[[[0,0],[1,1],[1,0],[0,1],[0,0]]]"));
  EXPECT_NE(e.message.find("feature 1 (code B7)"), std::string::npos);
  EXPECT_NE(e.message.find("ring 0 is self-intersecting near (0.5, 0.5)"),
            std::string::npos)
      << e.message;
}

TEST(GeoJsonTest, RejectsThreePoints) {
  Error e = ExpectRejected(PolygonFeature("T3", "[[[0,0],[1,0],[0,0]]]"));
  EXPECT_NE(e.message.find("feature 1 (code T3): ring 0 has too few points"),
            std::string::npos)
      << e.message;
  // Four positions but only two distinct ones.
  e = ExpectRejected(PolygonFeature("T4", "[[[0,0],[1,0],[1,0],[0,0]]]"));
  EXPECT_NE(e.message.find("too few points"), std::string::npos) << e.message;
}

TEST(GeoJsonTest, RejectsLatitudeOutOfRange) {
  Error e = ExpectRejected(
      PolygonFeature("L95", "[[[0,0],[1,0],[1,95],[0,1],[0,0]]]"));
  EXPECT_NE(e.message.find("feature 1 (code L95): ring 0 point 2 has "
                           "coordinates out of range (lon 1, lat 95"),
            std::string::npos)
      << e.message;
}

TEST(GeoJsonTest, RejectsFeatureWithoutCode) {
  Error e = ExpectRejected(
      R"({"type":"Feature","properties":{"name":"三网格"},"geometry":{"type":
      "Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}})");
  EXPECT_NE(e.message.find("feature 1 (name 三网格): property \"code\" is "
                           "missing"),
            std::string::npos)
      << e.message;
  e = ExpectRejected(
      R"({"type":"Feature","properties":null,"geometry":{"type":
      "Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}})");
  EXPECT_NE(e.message.find("feature 1: property \"code\" is missing"),
            std::string::npos)
      << e.message;
}

TEST(GeoJsonTest, RejectsHoleOutsideShell) {
  Error e =
      ExpectRejected(PolygonFeature("H1",
                                    "[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[20,"
                                    "20],[21,20],[21,21],[20,20]]]"));
  EXPECT_NE(e.message.find("ring 1 is a hole outside its shell"),
            std::string::npos)
      << e.message;
}

TEST(GeoJsonTest, RejectsOverlappingParts) {
  Error e = ExpectRejected(
      R"({"type":"Feature","properties":{"code":"M2"},"geometry":{"type":
      "MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],
      [[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}})");
  EXPECT_NE(e.message.find("feature 1 (code M2): polygons 0 and 1 overlap"),
            std::string::npos)
      << e.message;
  e = ExpectRejected(
      R"({"type":"Feature","properties":{"code":"M3"},"geometry":{"type":
      "MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],
      [[[1,0],[2,0],[2,1],[1,1],[1,0]]]]}})");
  EXPECT_NE(e.message.find("polygons 0 and 1 share an edge"), std::string::npos)
      << e.message;
  // Parts meeting at one corner are fine.
  auto corner = ParseFeatureCollection(Collection(
      R"({"type":"Feature","properties":{"code":"M4"},"geometry":{"type":
      "MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],
      [[[1,1],[2,1],[2,2],[1,2],[1,1]]]]}})"));
  EXPECT_TRUE(corner.has_value());
}

TEST(GeoJsonTest, RejectsOtherProblems) {
  Error e = ExpectRejected(
      R"({"type":"Feature","properties":{"code":"P"},"geometry":{"type":
      "Point","coordinates":[0,0]}})");
  EXPECT_NE(e.message.find("\"Point\" is not supported"), std::string::npos);
  e = ExpectRejected(PolygonFeature("A1", "[[[5,5],[6,5],[6,6],[5,5]]]"));
  EXPECT_NE(e.message.find("duplicate code, also feature 0"),
            std::string::npos);
  e = ExpectRejected(PolygonFeature("X", "[[[0,0],[1,0],[\"a\",1],[0,0]]]"));
  EXPECT_NE(e.message.find("ring 0 point 2 is not a [lon, lat] position"),
            std::string::npos)
      << e.message;

  auto bad_json = ParseFeatureCollection(R"({"type":"FeatureCollection",)");
  ASSERT_FALSE(bad_json.has_value());
  EXPECT_NE(bad_json.error().message.find("not valid JSON"), std::string::npos);
  auto geometry_only = ParseFeatureCollection(R"({"type":"Polygon"})");
  ASSERT_FALSE(geometry_only.has_value());
}

TEST(GeoJsonTest, ValidatePolygonNamesCaller) {
  Polygon bow{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}, {}};
  auto status = ValidatePolygon(bow, "grid 12");
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().key, "geo.invalid_polygon");
  EXPECT_EQ(status.error().message.rfind("grid 12: ", 0), 0u);

  Polygon clockwise{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}, {}};
  EXPECT_TRUE(ValidatePolygon(clockwise, "cw").has_value());
  // A hole touching the shell at one point is valid in OGC terms.
  Polygon touching{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
                   {{{0, 2}, {1, 1}, {1, 3}, {0, 2}}}};
  EXPECT_TRUE(ValidatePolygon(touching, "t").has_value());
  // A hole whose edge continues the shell's edge through a shared vertex:
  // collinear, but touching at one point only.
  Polygon collinear_touch{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
                          {{{2, 2}, {1, 1}, {0, 0}, {1, 2}, {2, 2}}}};
  EXPECT_TRUE(ValidatePolygon(collinear_touch, "c").has_value());
  auto flat = ValidatePolygon({{{0, 0}, {1, 0}, {2, 0}, {0, 0}}, {}}, "f");
  ASSERT_FALSE(flat.has_value());
  EXPECT_NE(flat.error().message.find("degenerate"), std::string::npos);
  Polygon spike{{{0, 0}, {2, 0}, {2, 2}, {2, 3}, {2, 2}, {0, 2}, {0, 0}}, {}};
  auto spiked = ValidatePolygon(spike, "s");
  ASSERT_FALSE(spiked.has_value());
  EXPECT_NE(spiked.error().message.find("spike"), std::string::npos)
      << spiked.error().message;
}

TEST(GeoJsonTest, WriteParseRoundTrip) {
  std::string text = Collection(
      R"({"type":"Feature","properties":{"code":"G1","name":"一网格",
      "level":"grid","note":{"a":[1,2]}},"geometry":{"type":"Polygon",
      "coordinates":[[[120.1234567,29.1],[120.2,29.1],[120.2,29.2],
      [120.1234567,29.1]]]}},
      {"type":"Feature","properties":{"code":"G2"},"geometry":{"type":
      "MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]],
      [[2,2],[2,4],[4,4],[4,2],[2,2]]],[[[-20,-5],[-10,-5],[-10,5],
      [-20,-5]]]]}})");
  auto first = ParseFeatureCollection(text);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  std::string written = WriteFeatureCollection(*first);
  EXPECT_EQ(written.find("crs"), std::string::npos);
  EXPECT_NE(written.find(R"("type":"Polygon")"), std::string::npos);
  EXPECT_NE(written.find(R"("type":"MultiPolygon")"), std::string::npos);
  EXPECT_NE(written.find("[120.1234567,29.1]"), std::string::npos) << written;
  auto second = ParseFeatureCollection(written);
  ASSERT_TRUE(second.has_value()) << second.error().message << "\n" << written;
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(WriteFeatureCollection(*second), written);
}

TEST(GeoJsonTest, WritesFeaturesBuiltInCode) {
  // Clockwise and unclosed: the writer closes the ring and applies the
  // right-hand rule; coordinates are rounded to 7 decimals.
  Feature f{.code = "C9",
            .name = "",
            .level = "community",
            .shape = {Polygon{{{1.000000001, 2}, {1, 3}, {2, 3}, {2, 2}}, {}}},
            .properties = {{"population", 1200}}};
  std::string written = WriteFeatureCollection({f});
  EXPECT_NE(
      written.find(R"({"code":"C9","level":"community","population":1200})"),
      std::string::npos)
      << written;
  auto parsed = ParseFeatureCollection(written);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  const Feature& back = parsed->front();
  EXPECT_EQ(back.code, "C9");
  EXPECT_EQ(back.level, "community");
  EXPECT_EQ(back.shape[0].outer,
            (Ring{{1, 2}, {2, 2}, {2, 3}, {1, 3}, {1, 2}}));
}

}  // namespace
}  // namespace wangge::geo
