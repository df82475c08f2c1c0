// Joint enforcement (联合执法) over HTTP: a community leader collects an
// illegal-construction case into a task led by a functional zone, a
// department member answers, the detail shows the answer, the lead rates.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class EnforcementApiTest : public ApiTest {
 protected:
  static int64_t CreateOrg(const std::string& kind, const std::string& code,
                           const std::string& name) {
    HttpResult r = env().As(kAdmin).Post(
        "/api/v1/org-units",
        Body({{"kind", kind}, {"code", code}, {"name", name}}));
    EXPECT_STATUS(r, 201);
    return Int(r.Json(), "id");
  }

  static int64_t UserId(const std::string& username) {
    HttpResult r = env().As(kAdmin).Get("/api/v1/users");
    EXPECT_STATUS(r, 200);
    for (const auto& u : Arr(r.Json(), "items"))
      if (Str(u, "username") == username) return Int(u, "id");
    ADD_FAILURE() << "no user " << username;
    return 0;
  }

  static int64_t CategoryId(const std::string& code) {
    HttpResult r = env().As(kLeader).Get("/api/v1/categories");
    EXPECT_STATUS(r, 200);
    for (const auto& c : Arr(r.Json(), "items"))
      if (Str(c, "code") == code) return Int(c, "id");
    ADD_FAILURE() << "no category " << code;
    return 0;
  }

  static int64_t ReportCase(const std::string& category_code) {
    HttpResult r = env().As(kLeader).Post(
        "/api/v1/cases",
        Body({{"category_id", CategoryId(category_code)},
              {"source", "hotline"},
              {"grid_id", env().GridId(kGrid01)},
              {"title", "楼顶违建"},
              {"description", "市民来电：东阳花园 3 幢楼顶搭建彩钢房"}}));
    EXPECT_STATUS(r, 201);
    return Int(r.Json(), "id");
  }
};

TEST_F(EnforcementApiTest, LeaderCreatesDepartmentAnswersDetailShowsIt) {
  const int64_t zone = CreateOrg("functional_zone", "T-ZF-ZONE", "测试片区");
  const int64_t dept = CreateOrg("department", "T-ZF-DEPT", "测试执法中队");
  env().AddUser("t_zhifa", "patrol_member");
  const int64_t member = UserId("t_zhifa");
  ASSERT_STATUS(env().As(kAdmin).Post(
                    "/api/v1/org-units/" + std::to_string(dept) + "/members",
                    Body({{"user_id", member}})),
                201);
  const int64_t case_id = ReportCase("C0401");

  // A case of a category that needs no law enforcement is refused.
  const int64_t litter = ReportCase("S0102");
  HttpResult wrong =
      env().As(kLeader).Post("/api/v1/enforcement-tasks",
                             Body({{"title", "x"},
                                   {"lead_org_id", zone},
                                   {"department_ids", boost::json::array{dept}},
                                   {"case_ids", boost::json::array{litter}}}));
  EXPECT_STATUS(wrong, 400);
  EXPECT_EQ(ErrorField(wrong), "case_ids");

  HttpResult created = env().As(kLeader).Post(
      "/api/v1/enforcement-tasks",
      Body({{"title", "东阳花园违建联合整治"},
            {"lead_org_id", zone},
            {"department_ids", boost::json::array{dept}},
            {"case_ids", boost::json::array{case_id}},
            {"parties", boost::json::array{boost::json::object{
                            {"name", "张某"}, {"role", "业主"}}}},
            {"addresses", boost::json::array{"东阳花园 3 幢楼顶"}},
            {"scheduled_on", "2026-12-01"}}));
  ASSERT_STATUS(created, 201);
  const int64_t id = Int(created.Json(), "id");
  EXPECT_EQ(Str(created.Json(), "number").rfind("ZF-", 0), 0u);
  EXPECT_EQ(Str(created.Json(), "status"), "open");
  const std::string path = "/api/v1/enforcement-tasks/" + std::to_string(id);

  // A grid member of another grid has no part in it.
  EXPECT_STATUS(env().As(kGrid02Staff).Get(path), 403);
  HttpResult foreign =
      env()
          .As(kGrid02Staff)
          .Post(path + "/responses",
                Body({{"org_id", dept}, {"response", "不是我们的"}}));
  EXPECT_STATUS(foreign, 403);

  // Rating before the answer is a conflict.
  EXPECT_STATUS(env().As(kLeader).Post(path + "/ratings",
                                       Body({{"org_id", dept}, {"rating", 4}})),
                409);

  HttpResult answered = env().As("t_zhifa").Post(
      path + "/responses",
      Body({{"org_id", dept}, {"response", "中队 2 人已到场"}}));
  ASSERT_STATUS(answered, 200);
  EXPECT_EQ(Str(answered.Json(), "status"), "in_progress");

  HttpResult detail = env().As(kLeader).Get(path);
  ASSERT_STATUS(detail, 200);
  const auto departments = Arr(detail.Json(), "departments");
  ASSERT_EQ(departments.size(), 1u);
  EXPECT_EQ(Int(departments[0], "org_id"), dept);
  EXPECT_EQ(Str(departments[0], "response"), "中队 2 人已到场");
  EXPECT_EQ(Str(departments[0], "responded_by_name"), "t_zhifa");
  const auto cases = Arr(detail.Json(), "cases");
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_EQ(Int(cases[0], "id"), case_id);
  EXPECT_FALSE(Str(cases[0], "number").empty());
  const auto info = At(detail.Json(), "info");
  EXPECT_EQ(Str(Arr(info, "parties").at(0), "name"), "张某");
  EXPECT_EQ(Arr(info, "addresses").at(0).as_string(), "东阳花园 3 幢楼顶");

  HttpResult bad_rating = env().As(kLeader).Post(
      path + "/ratings", Body({{"org_id", dept}, {"rating", 9}}));
  EXPECT_STATUS(bad_rating, 400);
  EXPECT_EQ(ErrorField(bad_rating), "rating");
  HttpResult rated = env().As(kLeader).Post(
      path + "/ratings", Body({{"org_id", dept}, {"rating", 5}}));
  ASSERT_STATUS(rated, 200);
  EXPECT_EQ(Int(Arr(rated.Json(), "departments").at(0), "rating"), 5);

  HttpResult mine = env().As("t_zhifa").Get("/api/v1/enforcement-tasks");
  ASSERT_STATUS(mine, 200);
  EXPECT_EQ(Int(mine.Json(), "total"), 1);
  HttpResult none = env().As(kGrid02Staff).Get("/api/v1/enforcement-tasks");
  ASSERT_STATUS(none, 200);
  EXPECT_EQ(Int(none.Json(), "total"), 0);

  HttpResult closed =
      env().As(kLeader).Post(path + "/close", Body({{"note", "违建已拆除"}}));
  ASSERT_STATUS(closed, 200);
  EXPECT_EQ(Str(closed.Json(), "status"), "done");
  HttpResult done =
      env().As(kLeader).Get("/api/v1/enforcement-tasks?status=done");
  ASSERT_STATUS(done, 200);
  EXPECT_EQ(Int(done.Json(), "total"), 1);

  HttpResult events = env().As(kLeader).Get(
      "/api/v1/cases/" + std::to_string(case_id) + "/events");
  ASSERT_STATUS(events, 200);
  bool joined = false;
  for (const auto& e : Arr(events.Json(), "items"))
    if (Str(e, "action") == "enforcement_task") joined = true;
  EXPECT_TRUE(joined);
}

}  // namespace
}  // namespace wangge::test
