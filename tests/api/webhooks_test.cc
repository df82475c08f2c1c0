// Webhook administration over HTTP: the secret is shown once, only system
// administrators manage webhooks, bad input names its field.
#include <gtest/gtest.h>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class WebhooksApiTest : public ApiTest {
 protected:
  static HttpResult CreateHook(const std::string& as,
                               const boost::json::object& body) {
    return env().As(as).Post("/api/v1/webhooks", Body(body));
  }
};

TEST_F(WebhooksApiTest, CreateShowsTheSecretOnceAndListNeverShowsIt) {
  HttpResult created =
      CreateHook(kAdmin, {{"name", "城管平台"},
                          {"url", "http://127.0.0.1:9/hooks/wangge"},
                          {"events", boost::json::array{"case.*"}}});
  ASSERT_STATUS(created, 201);
  const std::string secret = Str(created.Json(), "secret");
  EXPECT_GE(secret.size(), 32u);
  const int64_t id = Int(created.Json(), "id");
  EXPECT_EQ(Str(created.Json(), "url"), "http://127.0.0.1:9/hooks/wangge");
  EXPECT_EQ(Arr(created.Json(), "events"), boost::json::array{"case.*"});

  HttpResult list = env().As(kAdmin).Get("/api/v1/webhooks");
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  bool found = false;
  for (const auto& w : Arr(list.Json(), "items")) {
    EXPECT_FALSE(w.as_object().contains("secret"));
    EXPECT_FALSE(w.as_object().contains("secret_sealed"));
    if (Int(w, "id") == id) {
      found = true;
      EXPECT_EQ(Str(w, "name"), "城管平台");
    }
  }
  EXPECT_TRUE(found);

  HttpResult audit =
      env().As(kAuditor).Get("/api/v1/audit?action=webhook.create&result=ok");
  ASSERT_STATUS(audit, 200);
  EXPECT_GE(Int(audit.Json(), "total"), 1);
  EXPECT_EQ(audit.body.find(secret), std::string::npos);

  ASSERT_STATUS(
      env().As(kAdmin).Delete("/api/v1/webhooks/" + std::to_string(id)), 200);
  EXPECT_STATUS(
      env().As(kAdmin).Delete("/api/v1/webhooks/" + std::to_string(id)), 404);
}

TEST_F(WebhooksApiTest, OnlySystemAdministratorsManageWebhooks) {
  const boost::json::object body{{"name", "grid hook"},
                                 {"url", "http://127.0.0.1:9/"}};
  EXPECT_STATUS(CreateHook(kGrid01Staff, body), 403);
  for (const char* user : {kGrid01Staff, kLeader, kAuditor}) {
    EXPECT_STATUS(env().As(user).Get("/api/v1/webhooks"), 403) << user;
    EXPECT_STATUS(env().As(user).Get("/api/v1/outbox/dead"), 403) << user;
    EXPECT_STATUS(env().As(user).Post("/api/v1/outbox/1/retry", ""), 403)
        << user;
  }
  EXPECT_STATUS(env().Anonymous().Get("/api/v1/webhooks"), 401);
  HttpResult denied = env().As(kAuditor).Get(
      "/api/v1/audit?action=webhook.create&result=denied");
  ASSERT_STATUS(denied, 200);
  EXPECT_GE(Int(denied.Json(), "total"), 1);
}

TEST_F(WebhooksApiTest, BadInputNamesTheField) {
  HttpResult bad_url =
      CreateHook(kAdmin, {{"name", "x"}, {"url", "ftp://127.0.0.1/"}});
  EXPECT_STATUS(bad_url, 400);
  EXPECT_EQ(ErrorField(bad_url), "url");
  HttpResult tls = CreateHook(
      kAdmin, {{"name", "x"}, {"url", "https://receiver.example/hook"}});
  EXPECT_STATUS(tls, 400);
  EXPECT_EQ(ErrorField(tls), "url");
  HttpResult no_name = CreateHook(kAdmin, {{"url", "http://127.0.0.1:9/"}});
  EXPECT_STATUS(no_name, 400);
  EXPECT_EQ(ErrorField(no_name), "name");
  HttpResult not_a_list = CreateHook(
      kAdmin,
      {{"name", "x"}, {"url", "http://127.0.0.1:9/"}, {"events", "case.*"}});
  EXPECT_STATUS(not_a_list, 400);
  EXPECT_EQ(ErrorField(not_a_list), "events");
  HttpResult bad_event =
      CreateHook(kAdmin, {{"name", "x"},
                          {"url", "http://127.0.0.1:9/"},
                          {"events", boost::json::array{"Case Created"}}});
  EXPECT_STATUS(bad_event, 400);
  EXPECT_EQ(ErrorField(bad_event), "events");
  HttpResult bad_page =
      env().As(kAdmin).Get("/api/v1/outbox/dead?page_size=1000");
  EXPECT_STATUS(bad_page, 400);
  EXPECT_EQ(ErrorField(bad_page), "page_size");
}

TEST_F(WebhooksApiTest, DeadLettersArePagedAndRetryNeedsADeadRow) {
  HttpResult dead = env().As(kAdmin).Get("/api/v1/outbox/dead?page_size=5");
  ASSERT_STATUS(dead, 200);
  EXPECT_EQ(Int(dead.Json(), "total"), 0);
  EXPECT_TRUE(Arr(dead.Json(), "items").empty());
  EXPECT_EQ(Int(dead.Json(), "page_size"), 5);
  EXPECT_STATUS(env().As(kAdmin).Post("/api/v1/outbox/987654/retry", ""), 404);
}

}  // namespace
}  // namespace wangge::test
