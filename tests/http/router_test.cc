#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "http/worker_pool.h"

namespace wangge::http {
namespace {

// A handler that names itself and echoes the path parameters.
Handler Named(std::string name) {
  return [name](Request& req) {
    boost::json::object params;
    for (const auto& [key, value] : req.path_params) params[key] = value;
    return Json(200, {{"handler", name}, {"params", params}});
  };
}

Request Make(std::string method, std::string path) {
  Request req;
  req.method = std::move(method);
  req.path = std::move(path);
  req.target = req.path;
  return req;
}

boost::json::value Body(const Response& response) {
  return boost::json::parse(response.body);
}

std::string HandlerOf(const Response& response) {
  return std::string(Body(response).at("handler").as_string());
}

std::string ErrorKey(const Response& response) {
  return std::string(Body(response).at("error").at("code").as_string());
}

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add("GET", "/api/v1/health", Named("health"));
    router_.Add("GET", "/api/v1/residents", Named("list"));
    router_.Add("POST", "/api/v1/residents", Named("create"));
    router_.Add("GET", "/api/v1/residents/{id}", Named("get"));
    router_.Add("POST", "/api/v1/residents/{id}/reveal", Named("reveal"));
    router_.Add("GET", "/api/v1/residents/export", Named("export"));
    router_.Add("GET", "/api/v1/grids/{grid}/residents/{id}", Named("nested"));
    router_.Add("POST", "/api/v1/tasks/new", Named("new_task"));
    router_.Add("GET", "/api/v1/tasks/{id}", Named("get_task"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  Request req = Make("GET", "/api/v1/health");
  Response response = router_.Dispatch(req);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(HandlerOf(response), "health");
}

TEST_F(RouterTest, SelectsByMethod) {
  Request get = Make("GET", "/api/v1/residents");
  Request post = Make("POST", "/api/v1/residents");
  EXPECT_EQ(HandlerOf(router_.Dispatch(get)), "list");
  EXPECT_EQ(HandlerOf(router_.Dispatch(post)), "create");
}

TEST_F(RouterTest, FillsPathParams) {
  Request req = Make("POST", "/api/v1/residents/r-42/reveal");
  Response response = router_.Dispatch(req);
  EXPECT_EQ(HandlerOf(response), "reveal");
  EXPECT_EQ(req.path_params.at("id"), "r-42");

  Request nested = Make("GET", "/api/v1/grids/g7/residents/9");
  router_.Dispatch(nested);
  EXPECT_EQ(nested.path_params.at("grid"), "g7");
  EXPECT_EQ(nested.path_params.at("id"), "9");
}

TEST_F(RouterTest, ParamsHoldDecodedSegmentsVerbatim) {
  Request req = Make("GET", "/api/v1/residents/张 三");
  router_.Dispatch(req);
  EXPECT_EQ(req.path_params.at("id"), "张 三");
}

TEST_F(RouterTest, LiteralSegmentBeatsParam) {
  Request req = Make("GET", "/api/v1/residents/export");
  EXPECT_EQ(HandlerOf(router_.Dispatch(req)), "export");
  EXPECT_TRUE(req.path_params.empty());
}

TEST_F(RouterTest, LiteralOfAnotherMethodDoesNotHideParamRoute) {
  // POST /tasks/new exists, but GET /tasks/new is GET /tasks/{id}.
  Request req = Make("GET", "/api/v1/tasks/new");
  EXPECT_EQ(HandlerOf(router_.Dispatch(req)), "get_task");
  EXPECT_EQ(req.path_params.at("id"), "new");
}

TEST_F(RouterTest, UnknownPathIs404) {
  for (std::string path :
       {"/api/v1/nope", "/api/v1/health/", "/api/v1", "/", "",
        "/api/v1/residents//reveal", "/api/v1/residents/1/reveal/x"}) {
    Request req = Make("GET", path);
    Response response = router_.Dispatch(req);
    EXPECT_EQ(response.status, 404) << path;
    EXPECT_EQ(ErrorKey(response), "route.not_found") << path;
  }
}

TEST_F(RouterTest, EmptySegmentDoesNotMatchParam) {
  Request req = Make("GET", "/api/v1/residents/");
  EXPECT_EQ(router_.Dispatch(req).status, 404);
}

TEST_F(RouterTest, OtherMethodIs405WithAllow) {
  Request req = Make("DELETE", "/api/v1/residents");
  Response response = router_.Dispatch(req);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(ErrorKey(response), "route.method_not_allowed");
  EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD, POST");

  Request reveal = Make("GET", "/api/v1/residents/7/reveal");
  Response r2 = router_.Dispatch(reveal);
  EXPECT_EQ(r2.status, 405);
  EXPECT_EQ(HeaderOf(r2, "Allow"), "POST");
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  Request req = Make("get", "/api/v1/health");
  EXPECT_EQ(router_.Dispatch(req).status, 405);
}

TEST_F(RouterTest, HeadFallsBackToGet) {
  Request req = Make("HEAD", "/api/v1/residents/5");
  Response response = router_.Dispatch(req);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(HandlerOf(response), "get");
}

TEST_F(RouterTest, RoutesListsRegistrationOrder) {
  std::vector<RouteInfo> routes = router_.Routes();
  ASSERT_EQ(routes.size(), 9u);
  EXPECT_EQ(routes[0], (RouteInfo{"GET", "/api/v1/health"}));
  EXPECT_EQ(routes[4], (RouteInfo{"POST", "/api/v1/residents/{id}/reveal"}));
}

TEST(RouterAddTest, RejectsDuplicateShapes) {
  Router router;
  router.Add("GET", "/a/{id}", Named("x"));
  EXPECT_THROW(router.Add("GET", "/a/{name}", Named("y")),
               std::invalid_argument);
  EXPECT_NO_THROW(router.Add("PUT", "/a/{id}", Named("z")));
  EXPECT_NO_THROW(router.Add("GET", "/a/b", Named("w")));
}

TEST(RouterAddTest, RejectsMalformedPatterns) {
  Router router;
  EXPECT_THROW(router.Add("GET", "a/b", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/a/{}", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/a/{b", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/a/x{b}", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/{a}/{a}", Named("x")),
               std::invalid_argument);
  EXPECT_THROW(router.Add("", "/a", Named("x")), std::invalid_argument);
  EXPECT_THROW(router.Add("GET", "/a", Handler()), std::invalid_argument);
}

TEST(RouterAddTest, RootPattern) {
  Router router;
  router.Add("GET", "/", Named("root"));
  Request req = Make("GET", "/");
  EXPECT_EQ(HandlerOf(router.Dispatch(req)), "root");
}

TEST(RouterAddTest, HandlerExceptionsPropagate) {
  Router router;
  router.Add("GET", "/boom",
             [](Request&) -> Response { throw std::runtime_error("boom"); });
  Request req = Make("GET", "/boom");
  EXPECT_THROW(router.Dispatch(req), std::runtime_error);
}

// With a worker set, kOnWorker handlers run on the pool and answer later;
// kInline ones on the dispatching thread; exceptions on the pool are 500s.
TEST(RouterWorkerTest, BlockingHandlersRunOnThePool) {
  WorkerPool pool(2);
  Router r;
  const auto caller = std::this_thread::get_id();
  std::promise<std::thread::id> ran_on;
  r.Add("GET", "/blocking", [&](Request& req) {
    ran_on.set_value(std::this_thread::get_id());
    return Json(200, {{"path", req.path}});
  });
  r.Add(
      "GET", "/inline",
      [&](Request&) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        return Json(200, {{"inline", true}});
      },
      Run::kInline);
  r.Add("GET", "/throws",
        [](Request&) -> Response { throw std::runtime_error("boom"); });
  r.SetWorker(
      [&pool](std::function<void()> task) { pool.Post(std::move(task)); });

  auto answer = [](Response pending) {
    std::promise<Response> got;
    EXPECT_TRUE(pending.later) << "expected a later answer";
    if (!pending.later) return pending;
    pending.later->OnComplete(
        [&got](Response done) { got.set_value(std::move(done)); });
    pending.later.reset();
    return got.get_future().get();
  };

  Request blocking = Make("GET", "/blocking");
  Response done = answer(r.Dispatch(blocking));
  EXPECT_EQ(Body(done).at("path"), "/blocking");
  EXPECT_NE(ran_on.get_future().get(), caller);

  Request in = Make("GET", "/inline");
  Response now = r.Dispatch(in);
  EXPECT_FALSE(now.later);
  EXPECT_EQ(now.status, 200);

  Request bad = Make("GET", "/throws");
  Response failed = answer(r.Dispatch(bad));
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(ErrorKey(failed), "internal");
}

}  // namespace
}  // namespace wangge::http
