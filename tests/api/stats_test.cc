// The big-screen statistics over real HTTP on the Dongyang demo: a case
// reported and closed moves the overview, the breakdowns keep their shape
// (every day, every grid in scope), bad input is a 400 naming the field and
// an area outside the caller's scope a 403.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class StatsApiTest : public ApiTest {
 protected:
  boost::json::value Get(const std::string& user, const std::string& path) {
    HttpResult r = env().As(user).Get(path);
    EXPECT_EQ(r.status, 200) << Brief(r);
    return r.status == 200 ? r.Json() : boost::json::value();
  }
  int64_t CategoryId(const std::string& code) {
    for (const auto& c : Arr(Get(kLeader, "/api/v1/categories"), "items"))
      if (Str(c, "code") == code) return Int(c, "id");
    ADD_FAILURE() << "no category " << code;
    return 0;
  }
  HttpResult Act(const std::string& user, int64_t id, const std::string& action,
                 const std::string& body = "{}") {
    return env().As(user).Post(
        "/api/v1/cases/" + std::to_string(id) + "/actions/" + action, body);
  }
};

TEST_F(StatsApiTest, AReportedAndClosedCaseMovesTheOverview) {
  const auto before = Get(kLeader, "/api/v1/stats/overview");
  const std::string body =
      R"({"category_id":)" + std::to_string(CategoryId("C0201")) +
      R"(,"grid_id":)" + std::to_string(env().GridId(kGrid01)) +
      R"(,"source":"hotline","description":"楼道堆物"})";
  HttpResult made = env().As(kGrid01Staff).Post("/api/v1/cases", body);
  ASSERT_STATUS(made, 201);
  const int64_t id = Int(made.Json(), "id");
  const auto reported = Get(kLeader, "/api/v1/stats/overview");
  EXPECT_EQ(Int(reported, "created"), Int(before, "created") + 1);
  EXPECT_EQ(Int(reported, "created_today"), Int(before, "created_today") + 1);
  EXPECT_EQ(Int(reported, "open"), Int(before, "open") + 1);
  ASSERT_STATUS(Act(kLeader, id, "accept"), 200);
  ASSERT_STATUS(Act(kLeader, id, "dispatch"), 200);
  ASSERT_STATUS(Act(kGrid01Staff, id, "feedback", R"({"note":"已清理"})"), 200);
  ASSERT_STATUS(Act(kLeader, id, "verify_pass"), 200);
  const auto after = Get(kLeader, "/api/v1/stats/overview");
  EXPECT_EQ(Int(after, "created"), Int(before, "created") + 1);
  EXPECT_EQ(Int(after, "closed"), Int(before, "closed") + 1);
  EXPECT_EQ(Int(after, "closed_today"), Int(before, "closed_today") + 1);
  EXPECT_EQ(Int(after, "due_closed"), Int(before, "due_closed") + 1);
  EXPECT_EQ(Int(after, "open"), Int(before, "open"));
  EXPECT_TRUE(At(after, "closure_rate").is_double()) << after;
  EXPECT_GT(Int(after, "generated_at"), 0);
  const auto period = At(after, "period");
  EXPECT_EQ(Int(period, "to") - Int(period, "from"), 30 * 86400000LL);
  // The grid's own staff see it too, in their one grid.
  const auto grids = Get(kGrid01Staff, "/api/v1/stats/cases?group=grid");
  EXPECT_EQ(Str(grids, "group"), "grid");
  ASSERT_EQ(Arr(grids, "items").size(), 1u);
  const auto mine = Arr(grids, "items")[0];
  EXPECT_EQ(Str(mine, "key"), kGrid01);
  EXPECT_EQ(Str(mine, "name"), "第一网格");
  EXPECT_EQ(Int(mine, "id"), env().GridId(kGrid01));
  EXPECT_GE(Int(mine, "closed"), 1);
}

TEST_F(StatsApiTest, BreakdownsKeepTheirShape) {
  // The community leader sees all 12 demo grids, idle ones included.
  const auto grids = Get(kLeader, "/api/v1/stats/cases?group=grid");
  EXPECT_EQ(Arr(grids, "items").size(), 12u);
  // Every day of the period, in order, the last one today.
  const auto days = Get(kLeader, "/api/v1/stats/cases?group=day");
  const auto items = Arr(days, "items");
  ASSERT_EQ(items.size(), 30u);
  for (size_t i = 1; i < items.size(); ++i)
    EXPECT_LT(Str(items[i - 1], "key"), Str(items[i], "key"));
  const int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  const std::time_t local = (now_ms + 8 * 3600000LL) / 1000;
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&local));
  EXPECT_EQ(Str(items.back(), "key"), today);
  const auto states = Get(kLeader, "/api/v1/stats/cases?group=state");
  EXPECT_EQ(Arr(states, "items").size(), 7u);
  const auto sources = Get(kLeader, "/api/v1/stats/cases?group=source");
  EXPECT_EQ(Arr(sources, "items").size(), 6u);
  const auto cats = Get(kLeader, "/api/v1/stats/cases?group=category");
  ASSERT_FALSE(Arr(cats, "items").empty());
  EXPECT_FALSE(Str(Arr(cats, "items")[0], "parent_code").empty());
  // A period given in ms: one local day.
  const int64_t day_start =
      (now_ms + 8 * 3600000LL) / 86400000LL * 86400000LL - 8 * 3600000LL;
  const auto one = Get(kLeader, "/api/v1/stats/cases?group=day&from=" +
                                    std::to_string(day_start) +
                                    "&to=" + std::to_string(now_ms + 1));
  ASSERT_EQ(Arr(one, "items").size(), 1u);
  EXPECT_EQ(Int(At(one, "period"), "from"), day_start);
}

TEST_F(StatsApiTest, BadInputIs400AndOutsideTheScope403) {
  auto c = env().As(kLeader);
  HttpResult bad_group = c.Get("/api/v1/stats/cases?group=month");
  EXPECT_STATUS(bad_group, 400);
  EXPECT_EQ(ErrorField(bad_group), "group");
  HttpResult no_group = c.Get("/api/v1/stats/cases");
  EXPECT_STATUS(no_group, 400);
  EXPECT_EQ(ErrorField(no_group), "group");
  HttpResult bad_from = c.Get("/api/v1/stats/overview?from=yesterday");
  EXPECT_STATUS(bad_from, 400);
  EXPECT_EQ(ErrorField(bad_from), "from");
  HttpResult backwards =
      c.Get("/api/v1/stats/overview?from=1800000000000&to=1700000000000");
  EXPECT_STATUS(backwards, 400);
  EXPECT_EQ(ErrorField(backwards), "from");
  HttpResult no_area = c.Get("/api/v1/stats/overview?area_id=99999999");
  EXPECT_STATUS(no_area, 400);
  EXPECT_EQ(ErrorField(no_area), "area_id");
  const std::string other =
      "/api/v1/stats/overview?area_id=" + std::to_string(env().GridId(kGrid02));
  HttpResult outside = env().As(kGrid01Staff).Get(other);
  EXPECT_STATUS(outside, 403);
  EXPECT_STATUS(env().As(kLeader).Get(other), 200);
  EXPECT_STATUS(env().Anonymous().Get("/api/v1/stats/overview"), 401);
}

}  // namespace
}  // namespace wangge::test
