// Open311 GeoReport v2 over real HTTP, in JSON and XML: services and their
// definitions, filing requests with an API key made by the CLI, reading
// them back by id, token and filters, the spec's error format, and the
// open / closed status of a case the staff void.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <pugixml.hpp>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

constexpr const char* kBase = "/open311/v2";
const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

std::string FormEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += ch;
    } else if (ch == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Form(const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string out;
  for (const auto& [k, v] : kv) {
    if (!out.empty()) out += '&';
    out += FormEncode(k) + "=" + FormEncode(v);
  }
  return out;
}

// The parsed XML body; fails the test when it is not well-formed.
std::unique_ptr<pugi::xml_document> Xml(const HttpResult& r) {
  auto doc = std::make_unique<pugi::xml_document>();
  pugi::xml_parse_result ok =
      doc->load_buffer(r.body.data(), r.body.size(),
                       pugi::parse_default | pugi::parse_declaration);
  EXPECT_TRUE(ok) << ok.description() << "\n" << r.body.substr(0, 600);
  return doc;
}

// The body as a JSON array (a copy: safe on the temporary of Json()).
boost::json::array List(const HttpResult& r) {
  const auto v = r.Json();
  if (!v.is_array()) throw std::runtime_error("not a JSON array: " + Brief(r));
  return v.as_array();
}

std::string Text(pugi::xml_node node, const char* child) {
  return node.child(child).text().as_string();
}

class Open311ApiTest : public ApiTest {
 protected:
  // One key for the suite, made with the CLI against the server's data.
  static const std::string& Key() {
    if (key_.empty()) {
      CommandResult r =
          env().Cli({"open311", "key", "add", "--name", "test-client"});
      if (r.exit_code != 0)
        throw std::runtime_error("open311 key add failed: " + r.Describe());
      key_ = r.out.substr(0, r.out.find('\n'));
      if (key_.size() < 20)
        throw std::runtime_error("no key printed: " + r.Describe());
    }
    return key_;
  }

  // A point inside a demo grid: the vertex average of its ring (the demo's
  // grids are convex-ish strips of village groups).
  static std::pair<double, double> Point() {
    if (!point_) {
      HttpResult b =
          env().As(kGrid01Staff).Get("/api/v1/boundaries?level=grid");
      if (b.status != 200)
        throw std::runtime_error("GET /api/v1/boundaries: " + Brief(b));
      const auto geometry = At(Arr(b.Json(), "features").at(0), "geometry");
      auto coords = At(geometry, "coordinates").as_array().at(0).as_array();
      if (Str(geometry, "type") == "MultiPolygon") {
        boost::json::array outer = coords.at(0).as_array();
        coords = std::move(outer);
      }
      double lon = 0, lat = 0;
      for (size_t i = 0; i + 1 < coords.size(); ++i) {
        lon += coords[i].as_array()[0].to_number<double>();
        lat += coords[i].as_array()[1].to_number<double>();
      }
      const double n = static_cast<double>(coords.size() - 1);
      point_ = {lon / n, lat / n};
    }
    return *point_;
  }

  // POSTs a form-encoded request for S0104 with `extra` fields.
  static HttpResult PostRequest(
      const std::string& ext,
      std::vector<std::pair<std::string, std::string>> fields) {
    HttpClient c = env().Anonymous();
    return c.Post(std::string(kBase) + "/requests." + ext, Form(fields), kForm);
  }

  static std::vector<std::pair<std::string, std::string>> GoodFields(
      const std::string& description) {
    const auto [lon, lat] = Point();
    return {{"api_key", Key()},
            {"service_code", "S0104"},
            {"lat", std::to_string(lat)},
            {"long", std::to_string(lon)},
            {"address_string", "东阳社区 汤山路 12 号"},
            {"description", description},
            {"first_name", "Open"},
            {"last_name", "Client"},
            {"phone", "13912345678"},
            {"email", "someone@example.com"}};
  }

  // Files a request in JSON and returns (service_request_id, token).
  static std::pair<std::string, std::string> File(
      const std::string& description) {
    HttpResult r = PostRequest("json", GoodFields(description));
    if (r.status != 201)
      throw std::runtime_error("POST requests.json: " + Brief(r));
    const auto item = List(r).at(0);
    return {Str(item, "service_request_id"), Str(item, "token")};
  }

  static HttpResult Get(const std::string& path) {
    return env().Anonymous().Get(std::string(kBase) + path);
  }

  // Checks the spec's error body in both shapes.
  static void ExpectSpecError(const HttpResult& r, int status, bool xml) {
    EXPECT_STATUS(r, status);
    if (xml) {
      EXPECT_EQ(r.Header("Content-Type"), "text/xml; charset=utf-8");
      auto doc = Xml(r);
      pugi::xml_node error = doc->child("errors").child("error");
      ASSERT_TRUE(error) << r.body;
      EXPECT_EQ(error.child("code").text().as_int(), status);
      EXPECT_FALSE(Text(error, "description").empty()) << r.body;
    } else {
      const auto body = r.Json();
      ASSERT_TRUE(body.is_array()) << r.body;
      ASSERT_EQ(body.as_array().size(), 1u) << r.body;
      EXPECT_EQ(Int(body.as_array()[0], "code"), status);
      EXPECT_FALSE(Str(body.as_array()[0], "description").empty()) << r.body;
    }
  }

  static inline std::string key_;
  static inline std::optional<std::pair<double, double>> point_;
};

TEST_F(Open311ApiTest, ServicesInJsonAndXml) {
  HttpResult json = Get("/services.json");
  ASSERT_STATUS(json, 200);
  bool found = false;
  for (const auto& s : List(json)) {
    EXPECT_EQ(Str(s, "type"), "realtime");
    EXPECT_FALSE(Str(s, "group").empty());
    if (Str(s, "service_code") != "S0104") continue;
    found = true;
    EXPECT_EQ(Str(s, "service_name"), "乱堆物料");
    EXPECT_EQ(Str(s, "group"), "市容环境");
    EXPECT_TRUE(At(s, "metadata").as_bool());
  }
  EXPECT_TRUE(found) << json.body.substr(0, 600);

  HttpResult xml = Get("/services.xml");
  ASSERT_STATUS(xml, 200);
  EXPECT_EQ(xml.Header("Content-Type"), "text/xml; charset=utf-8");
  EXPECT_EQ(xml.body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0),
            0u);
  auto doc = Xml(xml);
  size_t count = 0;
  found = false;
  for (pugi::xml_node s : doc->child("services").children("service")) {
    ++count;
    if (Text(s, "service_code") != "S0104") continue;
    found = true;
    EXPECT_EQ(Text(s, "service_name"), "乱堆物料");
    EXPECT_EQ(Text(s, "group"), "市容环境");
    EXPECT_EQ(Text(s, "metadata"), "true");
    EXPECT_EQ(Text(s, "type"), "realtime");
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(count, List(json).size());
}

TEST_F(Open311ApiTest, ServiceDefinitionListsTheLevelAttribute) {
  HttpResult json = Get("/services/S0104.json");
  ASSERT_STATUS(json, 200);
  EXPECT_EQ(Str(json.Json(), "service_code"), "S0104");
  const auto attr = Arr(json.Json(), "attributes").at(0);
  EXPECT_EQ(Str(attr, "code"), "level");
  EXPECT_EQ(Str(attr, "datatype"), "singlevaluelist");
  EXPECT_FALSE(At(attr, "required").as_bool());
  std::vector<std::string> keys;
  for (const auto& v : Arr(attr, "values")) keys.push_back(Str(v, "key"));
  EXPECT_EQ(keys.front(), "ordinary");
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "major"), 0);

  HttpResult xml = Get("/services/S0104.xml");
  ASSERT_STATUS(xml, 200);
  auto doc = Xml(xml);
  pugi::xml_node def = doc->child("service_definition");
  EXPECT_EQ(Text(def, "service_code"), "S0104");
  pugi::xml_node a = def.child("attributes").child("attribute");
  EXPECT_EQ(Text(a, "code"), "level");
  EXPECT_EQ(Text(a, "variable"), "true");
  EXPECT_EQ(Text(a.child("values").child("value"), "key"), "ordinary");

  ExpectSpecError(Get("/services/NOPE.json"), 404, false);
  ExpectSpecError(Get("/services/NOPE.xml"), 404, true);
}

TEST_F(Open311ApiTest, PostedRequestReadsBackByIdAndToken) {
  // JSON answer.
  HttpResult posted =
      PostRequest("json", GoodFields("路边堆放建筑材料，占用人行道"));
  ASSERT_STATUS(posted, 201);
  const auto item = List(posted).at(0);
  const std::string id = Str(item, "service_request_id");
  const std::string token = Str(item, "token");
  EXPECT_EQ(id.rfind(kCommunityCode, 0), 0u) << id;
  EXPECT_FALSE(token.empty());

  // XML answer, with a photo link and a level.
  auto fields = GoodFields("沿街乱堆杂物");
  fields.emplace_back("media_url", "https://img.example.com/p/1.jpg");
  fields.emplace_back("attribute[level]", "simple");
  HttpResult posted_xml = PostRequest("xml", fields);
  ASSERT_STATUS(posted_xml, 201);
  auto pdoc = Xml(posted_xml);
  pugi::xml_node req = pdoc->child("service_requests").child("request");
  const std::string id2 = Text(req, "service_request_id");
  const std::string token2 = Text(req, "token");
  EXPECT_EQ(id2.rfind(kCommunityCode, 0), 0u) << posted_xml.body;
  EXPECT_NE(id2, id);

  // GET one request, JSON.
  HttpResult one = Get("/requests/" + id + ".json");
  ASSERT_STATUS(one, 200);
  const auto got = List(one).at(0);
  EXPECT_EQ(Str(got, "service_request_id"), id);
  EXPECT_EQ(Str(got, "status"), "open");
  EXPECT_FALSE(Str(got, "status_notes").empty());
  EXPECT_EQ(Str(got, "service_code"), "S0104");
  EXPECT_EQ(Str(got, "service_name"), "乱堆物料");
  EXPECT_EQ(Str(got, "description"), "路边堆放建筑材料，占用人行道");
  EXPECT_EQ(Str(got, "address"), "东阳社区 汤山路 12 号");
  EXPECT_FALSE(Str(got, "agency_responsible").empty());
  EXPECT_EQ(Str(got, "requested_datetime").back(), 'Z');
  EXPECT_FALSE(Str(got, "expected_datetime").empty());
  EXPECT_NEAR(At(got, "lat").to_number<double>(), Point().second, 1e-6);
  EXPECT_NEAR(At(got, "long").to_number<double>(), Point().first, 1e-6);
  // Public: no reporter, contact or e-mail.
  EXPECT_EQ(one.body.find("13912345678"), std::string::npos);
  EXPECT_EQ(one.body.find("Client"), std::string::npos);
  EXPECT_EQ(one.body.find("example.com"), std::string::npos);
  EXPECT_EQ(one.body.find(token), std::string::npos);

  // GET one request, XML, with the photo split out of the description.
  HttpResult one_xml = Get("/requests/" + id2 + ".xml");
  ASSERT_STATUS(one_xml, 200);
  auto doc = Xml(one_xml);
  pugi::xml_node r = doc->child("service_requests").child("request");
  EXPECT_EQ(Text(r, "service_request_id"), id2);
  EXPECT_EQ(Text(r, "status"), "open");
  EXPECT_EQ(Text(r, "description"), "沿街乱堆杂物");
  EXPECT_EQ(Text(r, "media_url"), "https://img.example.com/p/1.jpg");
  EXPECT_EQ(Text(r, "service_code"), "S0104");
  EXPECT_TRUE(r.child("zipcode"));

  // Token to id in both formats.
  HttpResult t = Get("/tokens/" + token + ".json");
  ASSERT_STATUS(t, 200);
  EXPECT_EQ(Str(List(t).at(0), "service_request_id"), id);
  EXPECT_EQ(Str(List(t).at(0), "token"), token);
  HttpResult t_xml = Get("/tokens/" + token2 + ".xml");
  ASSERT_STATUS(t_xml, 200);
  auto tdoc = Xml(t_xml);
  EXPECT_EQ(Text(tdoc->child("service_requests").child("request"),
                 "service_request_id"),
            id2);

  ExpectSpecError(Get("/requests/320115003012-1999-999999.json"), 404, false);
  ExpectSpecError(Get("/tokens/NOSUCHTOKEN.xml"), 404, true);

  // The staff see the case with its source and client.
  HttpResult staff =
      env().As(kLeader).Get("/api/v1/cases?source=open311&q=" + id);
  ASSERT_STATUS(staff, 200);
  ASSERT_EQ(Arr(staff.Json(), "items").size(), 1u) << staff.body;
}

TEST_F(Open311ApiTest, JsonBodiesAreAcceptedToo) {
  const auto [lon, lat] = Point();
  HttpClient c = env().Anonymous();
  HttpResult r = c.Post(std::string(kBase) + "/requests.json",
                        Body({{"api_key", Key()},
                              {"service_code", "S0104"},
                              {"lat", lat},
                              {"long", lon},
                              {"description", "JSON 提交"},
                              {"attribute", {{"level", "prominent"}}}}));
  ASSERT_STATUS(r, 201);
  const std::string id = Str(List(r).at(0), "service_request_id");
  HttpResult got = Get("/requests/" + id + ".json");
  ASSERT_STATUS(got, 200);
  EXPECT_EQ(Str(List(got).at(0), "description"), "JSON 提交");
}

TEST_F(Open311ApiTest, RequestListFilters) {
  const auto [id, token] = File("筛选测试");
  const auto [other, other_token] = File("筛选测试二");

  auto ids = [](const HttpResult& r) {
    std::vector<std::string> out;
    for (const auto& item : List(r))
      out.push_back(Str(item, "service_request_id"));
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  };

  // Default: the last 90 days.
  HttpResult all = Get("/requests.json");
  ASSERT_STATUS(all, 200);
  EXPECT_TRUE(has(ids(all), id));
  EXPECT_LE(List(all).size(), 1000u);

  HttpResult open = Get("/requests.json?service_code=S0104&status=open");
  ASSERT_STATUS(open, 200);
  EXPECT_TRUE(has(ids(open), id));
  for (const auto& item : List(open)) {
    EXPECT_EQ(Str(item, "service_code"), "S0104");
    EXPECT_EQ(Str(item, "status"), "open");
  }
  HttpResult closed = Get("/requests.json?service_code=S0104&status=closed");
  ASSERT_STATUS(closed, 200);
  EXPECT_FALSE(has(ids(closed), id));
  HttpResult other_code = Get("/requests.json?service_code=S0101");
  ASSERT_STATUS(other_code, 200);
  EXPECT_FALSE(has(ids(other_code), id));

  // A list of ids overrides every other filter.
  HttpResult by_id = Get("/requests.json?service_request_id=" + id + "," +
                         other + "&status=closed");
  ASSERT_STATUS(by_id, 200);
  EXPECT_EQ(ids(by_id).size(), 2u) << by_id.body;
  EXPECT_TRUE(has(ids(by_id), other));

  // Dates: a window in the past holds none of today's requests.
  HttpResult past = Get(
      "/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:"
      "00:00%2B08:00");
  ASSERT_STATUS(past, 200);
  EXPECT_TRUE(List(past).empty()) << past.body.substr(0, 300);

  // The same in XML.
  HttpResult xml = Get("/requests.xml?service_code=S0104&status=open");
  ASSERT_STATUS(xml, 200);
  auto doc = Xml(xml);
  bool found = false;
  for (pugi::xml_node r : doc->child("service_requests").children("request"))
    if (Text(r, "service_request_id") == id) found = true;
  EXPECT_TRUE(found);

  ExpectSpecError(Get("/requests.json?status=pending"), 400, false);
  ExpectSpecError(Get("/requests.xml?start_date=yesterday"), 400, true);
  ExpectSpecError(Get("/requests.json?start_date=2020-01-01T00:00:00Z&end_"
                      "date=2020-12-01T00:00:00Z"),
                  400, false);
  ExpectSpecError(Get("/requests.json?service_code=NOPE"), 400, false);
}

TEST_F(Open311ApiTest, PostingNeedsAValidApiKey) {
  auto fields = GoodFields("没有密钥");
  fields.erase(fields.begin());  // api_key
  ExpectSpecError(PostRequest("json", fields), 403, false);
  ExpectSpecError(PostRequest("xml", fields), 403, true);
  auto wrong = fields;
  wrong.emplace_back("api_key", "not-a-key");
  ExpectSpecError(PostRequest("json", wrong), 403, false);

  // A key in the query string works; a revoked key does not.
  CommandResult made =
      env().Cli({"open311", "key", "add", "--name", "short-lived"});
  ASSERT_EQ(made.exit_code, 0) << made.Describe();
  const std::string key = made.out.substr(0, made.out.find('\n'));
  HttpClient c = env().Anonymous();
  HttpResult ok = c.Post(std::string(kBase) + "/requests.json?api_key=" + key,
                         Form(fields), kForm);
  EXPECT_STATUS(ok, 201);

  CommandResult list = env().Cli({"open311", "key", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.Describe();
  EXPECT_EQ(list.out.find(key), std::string::npos) << "keys are not shown";
  std::string id;
  for (size_t start = 0; start < list.out.size();) {
    size_t end = list.out.find('\n', start);
    if (end == std::string::npos) end = list.out.size();
    const std::string line = list.out.substr(start, end - start);
    if (line.find("\tshort-lived\t") != std::string::npos)
      id = line.substr(0, line.find('\t'));
    start = end + 1;
  }
  ASSERT_FALSE(id.empty()) << list.out;
  CommandResult revoked = env().Cli({"open311", "key", "revoke", "--id", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.Describe();
  HttpResult refused = c.Post(
      std::string(kBase) + "/requests.xml?api_key=" + key, Form(fields), kForm);
  ExpectSpecError(refused, 403, true);
}

TEST_F(Open311ApiTest, BadInputAnswersInTheSpecErrorFormat) {
  auto fields = GoodFields("未知服务");
  fields[1].second = "S9999";
  ExpectSpecError(PostRequest("json", fields), 400, false);
  ExpectSpecError(PostRequest("xml", fields), 400, true);

  auto outside = GoodFields("范围外");
  outside[2].second = "39.9";
  outside[3].second = "116.4";
  HttpResult far = PostRequest("json", outside);
  ExpectSpecError(far, 400, false);
  EXPECT_NE(far.body.find("outside"), std::string::npos) << far.body;

  auto no_place = GoodFields("无位置");
  no_place.erase(no_place.begin() + 2, no_place.begin() + 4);
  ExpectSpecError(PostRequest("xml", no_place), 400, true);

  auto bad_phone = GoodFields("坏电话");
  bad_phone[8].second = "12";
  HttpResult phone = PostRequest("json", bad_phone);
  ExpectSpecError(phone, 400, false);
  EXPECT_NE(phone.body.find("phone"), std::string::npos) << phone.body;

  // The format is the extension of the last segment; without a known one
  // the answer is a JSON error.
  ExpectSpecError(Get("/services.csv"), 400, false);
  ExpectSpecError(Get("/services"), 400, false);
  ExpectSpecError(Get("/requests/320115003012-2026-000001.html"), 400, false);
  // Unknown resources and methods keep the spec's shape too.
  ExpectSpecError(Get("/nothing.xml"), 404, true);
  ExpectSpecError(Get("/a/b/c.json"), 404, false);
  HttpResult del =
      env().Anonymous().Delete(std::string(kBase) + "/services.json");
  ExpectSpecError(del, 405, false);
}

TEST_F(Open311ApiTest, VoidedCaseShowsClosedWithNotes) {
  const auto [id, token] = File("重复上报的问题");
  HttpResult found = env().As(kLeader).Get("/api/v1/cases?q=" + id);
  ASSERT_STATUS(found, 200);
  const auto items = Arr(found.Json(), "items");
  ASSERT_EQ(items.size(), 1u) << found.body;
  const int64_t case_id = Int(items[0], "id");
  HttpResult voided = env().As(kLeader).Post(
      "/api/v1/cases/" + std::to_string(case_id) + "/actions/void",
      Body({{"note", "重复"}}));
  ASSERT_STATUS(voided, 200);

  HttpResult json = Get("/requests/" + id + ".json");
  ASSERT_STATUS(json, 200);
  const auto r = List(json).at(0);
  EXPECT_EQ(Str(r, "status"), "closed");
  EXPECT_NE(Str(r, "status_notes").find("重复"), std::string::npos)
      << json.body;
  EXPECT_TRUE(At(r, "expected_datetime").is_null());

  HttpResult xml = Get("/requests/" + id + ".xml");
  ASSERT_STATUS(xml, 200);
  auto doc = Xml(xml);
  pugi::xml_node node = doc->child("service_requests").child("request");
  EXPECT_EQ(Text(node, "status"), "closed");
  EXPECT_NE(Text(node, "status_notes").find("重复"), std::string::npos);

  HttpResult closed = Get("/requests.json?status=closed&service_code=S0104");
  ASSERT_STATUS(closed, 200);
  bool listed = false;
  for (const auto& item : List(closed))
    if (Str(item, "service_request_id") == id) listed = true;
  EXPECT_TRUE(listed);
}

TEST_F(Open311ApiTest, DiscoveryAndNotInOpenApi) {
  HttpResult json = env().Anonymous().Get("/open311/discovery.json");
  ASSERT_STATUS(json, 200);
  const auto endpoint = Arr(json.Json(), "endpoints").at(0);
  EXPECT_EQ(Str(endpoint, "specification"),
            "http://wiki.open311.org/GeoReport_v2");
  EXPECT_NE(Str(endpoint, "url").find("/open311/v2"), std::string::npos);
  HttpResult xml = env().Anonymous().Get("/open311/discovery.xml");
  ASSERT_STATUS(xml, 200);
  auto doc = Xml(xml);
  EXPECT_EQ(doc->child("discovery")
                .child("endpoints")
                .child("endpoint")
                .child("formats")
                .first_child()
                .text()
                .as_string(),
            std::string("text/xml"));

  HttpResult openapi = env().Anonymous().Get("/api/v1/openapi.json");
  ASSERT_STATUS(openapi, 200);
  EXPECT_EQ(openapi.body.find("open311"), std::string::npos);
}

}  // namespace
}  // namespace wangge::test
