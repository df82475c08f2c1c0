// The case engine over real HTTP on the Dongyang demo: the loop with role
// checks and 409s, bad input changing nothing, the catalogue, the
// responsibility check, the resident self-report and its public status.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class CasesApiTest : public ApiTest {
 protected:
  int64_t CategoryId(const std::string& code) {
    HttpResult r = env().As(kLeader).Get("/api/v1/categories");
    EXPECT_EQ(r.status, 200);
    for (const auto& c : Arr(r.Json(), "items"))
      if (Str(c, "code") == code) return Int(c, "id");
    ADD_FAILURE() << "no category " << code;
    return 0;
  }
  int64_t CaseCount() {
    HttpResult r = env().As(kLeader).Get("/api/v1/cases?page_size=1");
    EXPECT_EQ(r.status, 200);
    return Int(r.Json(), "total");
  }
  // A point inside the demo: where a demo case was reported.
  std::pair<double, double> DemoPoint() {
    HttpResult r = env().As(kLeader).Get("/api/v1/cases?page_size=50");
    for (const auto& c : Arr(r.Json(), "items")) {
      const auto lon = At(c, "lon"), lat = At(c, "lat");
      if (lon.is_double()) return {lon.as_double(), lat.as_double()};
    }
    ADD_FAILURE() << "no demo case with a location";
    return {0, 0};
  }
  int64_t Report(const std::string& user, const std::string& body) {
    HttpResult r = env().As(user).Post("/api/v1/cases", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? Int(r.Json(), "id") : 0;
  }
  HttpResult Act(const std::string& user, int64_t id, const std::string& action,
                 const std::string& body = "{}") {
    return env().As(user).Post(
        "/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body);
  }
};

TEST_F(CasesApiTest, TheLoopWithRolesScopesAndConflicts) {
  const std::string body =
      R"({"category_id":)" + std::to_string(CategoryId("C0201")) +
      R"(,"grid_id":)" + std::to_string(env().GridId(kGrid01)) +
      R"(,"source":"hotline","description":"楼上漏水","address":"王家边组1号"})";
  const int64_t id = Report(kGrid01Staff, body);
  HttpResult got =
      env().As(kGrid01Staff).Get("/api/v1/cases/" + std::to_string(id));
  ASSERT_STATUS(got, 200);
  EXPECT_EQ(Str(got.Json(), "state"), "reported");
  EXPECT_EQ(Str(got.Json(), "number").rfind("320115003012-2026-", 0), 0u);
  EXPECT_EQ(Str(got.Json(), "light"), "green");
  EXPECT_TRUE(Arr(got.Json(), "allowed_actions").empty());
  // The neighbour grid cannot see it; grid staff do not accept.
  EXPECT_EQ(
      env().As(kGrid02Staff).Get("/api/v1/cases/" + std::to_string(id)).status,
      403);
  EXPECT_EQ(Act(kGrid01Staff, id, "accept").status, 403);
  // An action the state machine does not allow: 409 naming the allowed.
  HttpResult early = Act(kLeader, id, "dispatch");
  ASSERT_STATUS(early, 409);
  EXPECT_EQ(ErrorCode(early), "case.transition");
  EXPECT_NE(ErrorMessage(early).find("accept, void"), std::string::npos);
  ASSERT_STATUS(Act(kLeader, id, "accept"), 200);
  HttpResult dispatched = Act(kLeader, id, "dispatch");
  ASSERT_STATUS(dispatched, 200);
  // The demo matrix gives 矛盾纠纷 to the grid leader.
  EXPECT_EQ(Str(At(dispatched.Json(), "owner"), "kind"), "grid");
  EXPECT_EQ(Str(dispatched.Json(), "routed_by").rfind("rule:", 0), 0u);
  // The grid was told, and can clear its messages.
  HttpResult inbox =
      env().As(kGrid01Staff).Get("/api/v1/notifications?unread=true");
  ASSERT_STATUS(inbox, 200);
  bool told = false;
  for (const auto& n : Arr(inbox.Json(), "items"))
    if (At(n, "case_id").is_int64() && Int(n, "case_id") == id) told = true;
  EXPECT_TRUE(told) << inbox.body;
  ASSERT_STATUS(env().As(kGrid01Staff).Post("/api/v1/notifications/read", ""),
                200);
  EXPECT_EQ(Int(env()
                    .As(kGrid01Staff)
                    .Get("/api/v1/notifications?unread=true")
                    .Json(),
                "total"),
            0);
  ASSERT_STATUS(Act(kGrid01Staff, id, "feedback", R"({"note":"已调解"})"), 200);
  EXPECT_EQ(Act(kGrid01Staff, id, "verify_pass").status, 403);  // own work
  HttpResult closed = Act(kLeader, id, "verify_pass");
  ASSERT_STATUS(closed, 200);
  EXPECT_EQ(Str(closed.Json(), "state"), "closed");
  HttpResult late = Act(kLeader, id, "dispatch");
  ASSERT_STATUS(late, 409);
  EXPECT_NE(ErrorMessage(late).find("evaluate, reopen"), std::string::npos);
  EXPECT_EQ(Act(kLeader, id, "fly").status, 404);
  EXPECT_EQ(Act(kLeader, id, "reopen", "{not json").status, 400);
  // The timeline: one event per step, in order.
  HttpResult events =
      env().As(kLeader).Get("/api/v1/cases/" + std::to_string(id) + "/events");
  ASSERT_STATUS(events, 200);
  std::vector<std::string> actions;
  for (const auto& e : Arr(events.Json(), "items"))
    actions.push_back(Str(e, "action"));
  EXPECT_EQ(actions, (std::vector<std::string>{"report", "accept", "dispatch",
                                               "feedback", "verify_pass"}));
}

TEST_F(CasesApiTest, BadReportsNameTheFieldAndChangeNothing) {
  const int64_t before = CaseCount();
  HttpResult missing = env().As(kGrid01Staff).Post("/api/v1/cases", "{}");
  ASSERT_STATUS(missing, 400);
  EXPECT_EQ(ErrorField(missing), "category_id");
  HttpResult outside =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/cases",
                R"({"category_id":)" + std::to_string(CategoryId("C0201")) +
                    R"(,"lon":200,"lat":31,"source":"hotline"})");
  ASSERT_STATUS(outside, 400);
  EXPECT_EQ(ErrorField(outside), "lon");
  HttpResult photo =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/cases",
                R"({"category_id":)" + std::to_string(CategoryId("S0104")) +
                    R"(,"grid_id":)" + std::to_string(env().GridId(kGrid01)) +
                    "}");
  ASSERT_STATUS(photo, 400);
  EXPECT_EQ(ErrorField(photo), "attachments");
  EXPECT_EQ(CaseCount(), before);
}

TEST_F(CasesApiTest, TodoAndLatestEvents) {
  HttpResult todo = env().As(kLeader).Get("/api/v1/todo");
  ASSERT_STATUS(todo, 200);
  for (const char* key : {"mine", "overdue", "to_verify", "supervision"})
    EXPECT_NO_THROW(Arr(todo.Json(), key)) << key;
  HttpResult latest =
      env().As(kLeader).Get("/api/v1/case-events/latest?limit=5");
  ASSERT_STATUS(latest, 200);
  EXPECT_EQ(Arr(latest.Json(), "items").size(), 5u);
  EXPECT_EQ(env().As(kAuditor).Get("/api/v1/cases").status, 403);
}

TEST_F(CasesApiTest, ResponsibilityCheckShowsGapsAndConflicts) {
  HttpResult check = env().As(kLeader).Get("/api/v1/responsibility/check");
  ASSERT_STATUS(check, 200);
  // The demo leaves 危旧房屋 (B0501) to the fallback on purpose.
  EXPECT_EQ(Int(check.Json(), "conflicts"), 0);
  EXPECT_EQ(Int(check.Json(), "gaps"), 12);
  for (const auto& p : Arr(check.Json(), "problems"))
    EXPECT_EQ(Str(p, "category_code"), "B0501");
  // A second rule on a covered cell is a conflict until removed.
  HttpResult area = env().As(kLeader).Get("/api/v1/areas?level=street");
  ASSERT_STATUS(area, 200);
  const int64_t street = Int(Arr(area.Json(), "items").at(0), "id");
  HttpResult added = env().As(kAdmin).Post(
      "/api/v1/responsibility/rules",
      R"({"category_id":)" + std::to_string(CategoryId("C02")) +
          R"(,"area_id":)" + std::to_string(street) +
          R"(,"party_kind":"community_office"})");
  ASSERT_STATUS(added, 201);
  check = env().As(kLeader).Get("/api/v1/responsibility/check");
  EXPECT_EQ(Int(check.Json(), "conflicts"), 2 * 12);  // C0201, C0202
  EXPECT_EQ(env()
                .As(kAdmin)
                .Delete("/api/v1/responsibility/rules/" +
                        std::to_string(Int(added.Json(), "id")))
                .status,
            200);
  check = env().As(kLeader).Get("/api/v1/responsibility/check");
  EXPECT_EQ(Int(check.Json(), "conflicts"), 0);
  // Leaders read the matrix; only the admin edits it.
  HttpResult refused = env().As(kLeader).Post(
      "/api/v1/responsibility/rules",
      R"({"category_id":1,"area_id":1,"party_kind":"community_office"})");
  EXPECT_EQ(refused.status, 403);
  HttpResult bad = env().As(kAdmin).Post(
      "/api/v1/responsibility/rules",
      R"({"category_id":)" + std::to_string(CategoryId("C02")) +
          R"(,"area_id":)" + std::to_string(street) +
          R"(,"party_kind":"department"})");
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(ErrorField(bad), "party_org_id");
}

TEST_F(CasesApiTest, ResidentReportsWithoutAnAccountAndLooksItUp) {
  const auto [lon, lat] = DemoPoint();
  HttpClient anon = env().Anonymous();
  HttpResult cats = anon.Get("/api/v1/public/categories");
  ASSERT_STATUS(cats, 200);
  char body[512];
  std::snprintf(body, sizeof body,
                R"({"category_id":%lld,"lon":%.7f,"lat":%.7f,)"
                R"("description":"小区门口路灯坏了","reporter_name":"李梅",)"
                R"("contact_phone":"13912345678"})",
                static_cast<long long>(CategoryId("C0301")), lon, lat);
  HttpResult made = anon.Post("/api/v1/public/reports", body);
  ASSERT_STATUS(made, 201);
  const std::string tracking = Str(made.Json(), "tracking");
  EXPECT_EQ(tracking.size(), 10u);
  HttpResult status = anon.Get("/api/v1/public/reports/" + tracking);
  ASSERT_STATUS(status, 200);
  EXPECT_EQ(Str(status.Json(), "state"), "reported");
  EXPECT_EQ(status.body.find("李梅"), std::string::npos);
  EXPECT_EQ(status.body.find("13912345678"), std::string::npos);
  EXPECT_EQ(status.body.find("139****"), std::string::npos);
  EXPECT_EQ(anon.Get("/api/v1/public/reports/ZZZZZZZZZZ").status, 404);
  HttpResult early =
      anon.Post("/api/v1/public/reports/" + tracking + "/evaluation",
                R"({"satisfied":true})");
  EXPECT_EQ(early.status, 409);
  // The rate limit per address: five an hour by default.
  int limited = 0;
  for (int i = 0; i < 6; ++i)
    if (anon.Post("/api/v1/public/reports", body).status == 429) ++limited;
  EXPECT_GE(limited, 1);
}

TEST_F(CasesApiTest, AdminTunesCaseSettings) {
  HttpResult got = env().As(kLeader).Get("/api/v1/case-settings");
  ASSERT_STATUS(got, 200);
  int64_t radius = 0;
  for (const auto& item : Arr(got.Json(), "items"))
    if (Str(item, "key") == "case_duplicate_radius_m")
      radius = Int(item, "value");
  EXPECT_EQ(radius, 50);
  EXPECT_EQ(
      env()
          .As(kLeader)
          .Put("/api/v1/case-settings", R"({"case_duplicate_radius_m":80})")
          .status,
      403);
  HttpResult unknown =
      env().As(kAdmin).Put("/api/v1/case-settings", R"({"no_such_setting":1})");
  ASSERT_STATUS(unknown, 400);
  EXPECT_EQ(ErrorField(unknown), "no_such_setting");
  HttpResult range = env().As(kAdmin).Put(
      "/api/v1/case-settings",
      R"({"case_duplicate_radius_m":80,"public_reports_per_hour":0})");
  ASSERT_STATUS(range, 400);
  EXPECT_EQ(ErrorField(range), "public_reports_per_hour");
  HttpResult ok = env().As(kAdmin).Put("/api/v1/case-settings",
                                       R"({"case_duplicate_radius_m":80})");
  ASSERT_STATUS(ok, 200);
  for (const auto& item : Arr(ok.Json(), "items"))
    if (Str(item, "key") == "case_duplicate_radius_m")
      EXPECT_EQ(Int(item, "value"), 80);
  ASSERT_STATUS(env().As(kAdmin).Put("/api/v1/case-settings",
                                     R"({"case_duplicate_radius_m":50})"),
                200);
}

}  // namespace
}  // namespace wangge::test
