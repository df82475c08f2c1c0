// The live case feed over HTTP (server-sent events): a stream opened by a
// user receives the events of its scope as they are committed, and only
// those; without a session there is no stream.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class EventStreamApiTest : public ApiTest {
 protected:
  int64_t CategoryId(const std::string& code) {
    HttpResult r = env().As(kLeader).Get("/api/v1/categories");
    for (const auto& c : Arr(r.Json(), "items"))
      if (Str(c, "code") == code) return Int(c, "id");
    ADD_FAILURE() << "no category " << code;
    return 0;
  }
  // Everything the stream sends in `window`, read on a fresh connection.
  std::future<std::string> Listen(const std::string& token,
                                  std::chrono::milliseconds window) {
    return std::async(std::launch::async, [this, token, window] {
      return env().Anonymous().Raw(
          "GET /api/v1/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Accept: text/event-stream\r\nAuthorization: Bearer " +
              token + "\r\n\r\n",
          window);
    });
  }
  std::string Report(const std::string& user, const std::string& grid) {
    HttpResult r = env().As(user).Post(
        "/api/v1/cases",
        R"({"category_id":)" + std::to_string(CategoryId("C0201")) +
            R"(,"grid_id":)" + std::to_string(env().GridId(grid)) +
            R"(,"source":"hotline","description":"直播测试"})");
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? Str(r.Json(), "number") : "";
  }
};

TEST_F(EventStreamApiTest, EventsArriveLiveAndOnlyInScope) {
  auto leader = Listen(env().Login(kLeader), std::chrono::milliseconds(3500));
  auto grid01 =
      Listen(env().Login(kGrid01Staff), std::chrono::milliseconds(3500));
  // Both subscriptions are in place once the greeting could go out.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  const std::string in01 = Report(kLeader, kGrid01);
  const std::string in02 = Report(kLeader, kGrid02);
  ASSERT_FALSE(in01.empty());
  ASSERT_FALSE(in02.empty());

  const std::string seen_by_leader = leader.get();
  EXPECT_NE(seen_by_leader.find("200 OK"), std::string::npos);
  EXPECT_NE(seen_by_leader.find("text/event-stream"), std::string::npos);
  EXPECT_NE(seen_by_leader.find("event: case"), std::string::npos);
  EXPECT_NE(seen_by_leader.find(in01), std::string::npos) << seen_by_leader;
  EXPECT_NE(seen_by_leader.find(in02), std::string::npos) << seen_by_leader;
  EXPECT_NE(seen_by_leader.find("\"to\":\"reported\""), std::string::npos);

  const std::string seen_by_grid01 = grid01.get();
  EXPECT_NE(seen_by_grid01.find(in01), std::string::npos) << seen_by_grid01;
  EXPECT_EQ(seen_by_grid01.find(in02), std::string::npos)
      << "grid staff saw another grid's case";
}

TEST_F(EventStreamApiTest, NoSessionNoStream) {
  HttpResult r = env().Anonymous().Get("/api/v1/events/stream");
  EXPECT_EQ(r.status, 401);
}

}  // namespace
}  // namespace wangge::test
