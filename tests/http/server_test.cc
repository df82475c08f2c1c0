#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <stdexcept>
#include <thread>

#include "api/support/http_client.h"
#include "http/error_mapping.h"
#include "http/router.h"
#include "http/static_files.h"

namespace wangge::http {
namespace {

using test::HttpClient;
using test::HttpConnection;
using test::HttpResult;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

// An HttpServer running Run() on a background thread for one test.
class RunningServer {
 public:
  RunningServer(ServerOptions options, Handler handler)
      : server_(std::move(options), std::move(handler)) {
    Status started = server_.Start();
    if (!started) throw std::runtime_error(started.error().message);
    thread_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() { Stop(); }

  void Stop() {
    if (!thread_.joinable()) return;
    server_.Stop();
    thread_.join();
  }
  uint16_t port() const { return server_.port(); }
  HttpServer& server() { return server_; }

 private:
  HttpServer server_;
  std::thread thread_;
};

std::string ErrorKey(const HttpResult& result) {
  return std::string(result.Json().at("error").at("code").as_string());
}

void WriteFile(const fs::path& file, std::string_view text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// The server under test: a router for /api/, static files for the rest.
class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("wangge-http-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    WriteFile(root_ / "www" / "index.html", "<!doctype html><p>app</p>");
    WriteFile(root_ / "www" / "assets" / "app-1a2b.js", "console.log(1)");
    WriteFile(root_ / "www" / "assets" / "app.css", "p{}");
    WriteFile(root_ / "www" / "logo.svg", "<svg/>");
    WriteFile(root_ / "www" / ".env", "SECRET=1");
    WriteFile(root_ / "secret.txt", "TOP-SECRET");

    router_.Add("GET", "/api/echo", [](Request& req) {
      boost::json::object out;
      out["method"] = req.method;
      out["path"] = req.path;
      out["x"] = req.Query("x").value_or("<none>");
      out["body"] = req.body;
      out["header"] = req.Header("x-test");
      out["cookie"] = req.Cookie("sid");
      out["remote"] = req.remote_addr;
      return Json(200, out);
    });
    router_.Add("POST", "/api/echo", [](Request& req) {
      return Json(200, {{"size", req.body.size()}, {"body", req.body}});
    });
    router_.Add("GET", "/api/throw", [](Request&) -> Response {
      throw std::runtime_error("secret internal detail");
    });
    router_.Add("GET", "/api/error", [](Request&) {
      return Error(wangge::Error{ErrorCode::kInternal, "db.broken",
                                 "password=hunter2", ""});
    });
    router_.Add("GET", "/api/headers", [](Request&) {
      Response response;
      response.body = "{}";
      response.headers = {{"Cache-Control", "private"},
                          {"X-Bad", "a\r\nInjected: 1"},
                          {"Bad Name", "x"},
                          {"Set-Cookie", "a=1"},
                          {"Set-Cookie", "b=2"},
                          {"Content-Length", "999"}};
      return response;
    });
    router_.Add("GET", "/api/empty", [](Request&) {
      Response response;
      response.status = 204;
      return response;
    });
    router_.Add("GET", "/api/bad-status", [](Request&) {
      Response response;
      response.status = 42;
      return response;
    });
    router_.Add("GET", "/api/slow", [](Request&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return Json(200, {{"slow", true}});
    });

    ServerOptions options;
    options.port = 0;
    options.threads = 3;
    options.max_body_bytes = 1024;
    options.max_header_bytes = 2048;
    options.read_timeout = std::chrono::seconds(2);
    fs::path www = root_ / "www";
    server_ =
        std::make_unique<RunningServer>(options, [this, www](Request& req) {
          if (std::optional<Response> file = ServeStatic(www, req))
            return *file;
          return router_.Dispatch(req);
        });
  }

  void TearDown() override {
    server_.reset();
    fs::remove_all(root_);
  }

  uint16_t port() const { return server_->port(); }
  HttpClient Client() const { return HttpClient(port()); }

  fs::path root_;
  Router router_;
  std::unique_ptr<RunningServer> server_;
};

TEST_F(ServerTest, ServesJsonWithStandardHeaders) {
  HttpResult r = Client().Get("/api/echo", {{"X-Test", "hi"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.Header("Content-Length"), std::to_string(r.body.size()));
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.Header("Cache-Control"), "no-store");
  boost::json::value body = r.Json();
  EXPECT_EQ(body.at("method"), "GET");
  EXPECT_EQ(body.at("header"), "hi");
  EXPECT_EQ(body.at("remote"), "127.0.0.1");
}

TEST_F(ServerTest, DecodesPathQueryAndCookies) {
  HttpResult r = Client().Get("/api/%65cho?x=a%20b+c&x=second",
                              {{"Cookie", "theme=dark; sid=\"s-1\""}});
  ASSERT_EQ(r.status, 200) << r.body;
  boost::json::value body = r.Json();
  EXPECT_EQ(body.at("path"), "/api/echo");
  EXPECT_EQ(body.at("x"), "a b c");
  EXPECT_EQ(body.at("cookie"), "s-1");
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  HttpConnection connection(port());
  HttpResult first = connection.Send("GET", "/api/echo", {}, {});
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_TRUE(connection.IsOpen());
  HttpResult second = connection.Send("POST", "/api/echo", "abc",
                                      {{"Content-Type", "text/plain"}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.Json().at("size"), 3);
  EXPECT_TRUE(connection.IsOpen());
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  HttpConnection connection(port());
  HttpResult r =
      connection.Send("GET", "/api/echo", {}, {{"Connection", "close"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_FALSE(connection.IsOpen());
}

TEST_F(ServerTest, BodyOverLimitIs413AndCloses) {
  HttpResult r = Client().Post("/api/echo", std::string(5000, 'x'));
  ASSERT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(ErrorKey(r), "request.too_large");
  EXPECT_EQ(r.Header("Connection"), "close");
  // At the limit is fine.
  EXPECT_EQ(Client().Post("/api/echo", std::string(1024, 'x')).status, 200);
}

TEST_F(ServerTest, ChunkedBodyOverLimitIs413) {
  std::string chunk(1500, 'y');
  char size[16];
  std::snprintf(size, sizeof(size), "%zx", chunk.size());
  std::string raw = Client().Raw(
      "POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
      "chunked\r\n\r\n" +
      std::string(size) + "\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 413")) << raw;
  EXPECT_NE(raw.find("request.too_large"), std::string::npos);
}

TEST_F(ServerTest, HeaderOverLimitIs431) {
  HttpResult r = Client().Get("/api/echo", {{"X-Big", std::string(4000, 'h')}});
  ASSERT_EQ(r.status, 431) << r.body;
  EXPECT_EQ(ErrorKey(r), "request.header_too_large");
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
  for (std::string bad :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon\r\n\r\n", "\x01\x02\x03\r\n\r\n"}) {
    std::string raw = Client().Raw(bad);
    EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << bad << " -> " << raw;
    EXPECT_NE(raw.find("request.malformed"), std::string::npos) << raw;
  }
  EXPECT_EQ(Client().Get("/api/echo").status, 200);
}

TEST_F(ServerTest, UnparsableTargetIs400) {
  for (std::string target :
       {"/a%zz", "http://example.com/", "*", "/a#frag", "/a%00b"}) {
    std::string raw = Client().Raw("GET " + target +
                                   " HTTP/1.1\r\nHost: x\r\n"
                                   "Connection: close\r\n\r\n");
    EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << target << " -> " << raw;
  }
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  std::string raw = Client().Raw(
      "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Expect: 100-continue\r\nConnection: close\r\n\r\nhi");
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200"))
      << raw;
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  HttpResult r = Client().Get("/api/throw");
  ASSERT_EQ(r.status, 500) << r.body;
  EXPECT_EQ(ErrorKey(r), "internal");
  EXPECT_EQ(r.Json().at("error").at("message"), "internal error");
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_EQ(Client().Get("/api/echo").status, 200);
}

TEST_F(ServerTest, InternalErrorsDoNotLeak) {
  HttpResult r = Client().Get("/api/error");
  ASSERT_EQ(r.status, 500);
  EXPECT_EQ(r.body,
            R"({"error":{"code":"internal","message":"internal error"}})");
}

TEST_F(ServerTest, InvalidStatusFromHandlerIs500) {
  EXPECT_EQ(Client().Get("/api/bad-status").status, 500);
}

TEST_F(ServerTest, HandlerHeadersAreSanitized) {
  HttpResult r = Client().Get("/api/headers");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Cache-Control"), "private");
  EXPECT_EQ(r.Header("X-Bad"), "");
  EXPECT_EQ(r.Header("Injected"), "");
  EXPECT_EQ(r.Header("Set-Cookie"), "a=1, b=2");
  EXPECT_EQ(r.Header("Content-Length"), "2");
}

TEST_F(ServerTest, NoContentHasNoBody) {
  HttpResult r = Client().Get("/api/empty");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("Content-Length"), "");
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  HttpResult get = Client().Get("/logo.svg");
  HttpResult head = Client().Send("HEAD", "/logo.svg", {}, {});
  ASSERT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("Content-Length"), get.Header("Content-Length"));
  // Nothing follows the header on the wire.
  std::string raw = Client().Raw(
      "HEAD /api/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(raw.ends_with("\r\n\r\n")) << raw;
}

TEST_F(ServerTest, RouterErrorsAreJson) {
  HttpResult missing = Client().Get("/api/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorKey(missing), "route.not_found");
  HttpResult wrong = Client().Delete("/api/echo");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("Allow"), "GET, HEAD, POST");
}

TEST_F(ServerTest, IncompleteRequestTimesOut) {
  auto start = Clock::now();
  std::string raw = Client().Raw("GET /api/echo HTTP/1.1\r\nHost: x\r\n",
                                 std::chrono::seconds(10));
  EXPECT_EQ(raw, "");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(6));
}

TEST_F(ServerTest, SurvivesMutatedRequests) {
  const std::string valid =
      "POST /api/echo?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
      "Cookie: sid=1\r\n\r\nbody";
  std::mt19937 random(12345);
  for (int i = 0; i < 40; ++i) {
    std::string input = valid;
    for (int flips = 0; flips < 3; ++flips) {
      input[random() % input.size()] = static_cast<char>(random() % 256);
    }
    Client().Raw(input + "\r\n\r\nConnection: close\r\n\r\n",
                 std::chrono::seconds(3));
  }
  EXPECT_EQ(Client().Get("/api/echo").status, 200);
}

TEST_F(ServerTest, StaticFilesHaveContentTypesAndCaching) {
  HttpResult index = Client().Get("/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><p>app</p>");
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");

  HttpResult js = Client().Get("/assets/app-1a2b.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(js.Header("X-Content-Type-Options"), "nosniff");

  EXPECT_EQ(Client().Get("/assets/app.css").Header("Content-Type"),
            "text/css; charset=utf-8");
  HttpResult svg = Client().Get("/logo.svg");
  EXPECT_EQ(svg.Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(svg.Header("Cache-Control"), "no-cache");
}

TEST_F(ServerTest, StaticSpaFallback) {
  HttpResult deep = Client().Get("/residents/42/edit");
  ASSERT_EQ(deep.status, 200);
  EXPECT_EQ(deep.body, "<!doctype html><p>app</p>");
  EXPECT_EQ(deep.Header("Cache-Control"), "no-cache");
  // A missing file with an extension, and /api/ paths, are not the app.
  EXPECT_EQ(Client().Get("/assets/missing.js").status, 404);
  EXPECT_EQ(ErrorKey(Client().Get("/api/residents")), "route.not_found");
  EXPECT_EQ(Client().Get("/.env").status, 404);
}

TEST_F(ServerTest, StaticRefusesTraversal) {
  for (std::string target :
       {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
        "/%2E%2E/%2E%2E/secret.txt", "/assets/%5c..%5csecret.txt",
        "/./index.html"}) {
    std::string raw = Client().Raw("GET " + target +
                                   " HTTP/1.1\r\nHost: x\r\n"
                                   "Connection: close\r\n\r\n");
    EXPECT_TRUE(raw.starts_with("HTTP/1.1 400")) << target << " -> " << raw;
    EXPECT_EQ(raw.find("TOP-SECRET"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  auto slow = std::async(std::launch::async, [port = port()] {
    return HttpClient(port).Get("/api/slow");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  HttpResult r = slow.get();
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_EQ(HttpClient(port()).Get("/api/echo").status, 0);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnections) {
  HttpConnection connection(port());
  ASSERT_EQ(connection.Send("GET", "/api/echo", {}, {}).status, 200);
  auto start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
}

TEST(HttpServerTest, StopReturnsWhileIdle) {
  HttpServer server({.port = 0, .threads = 2},
                    [](Request&) { return Json(200, {}); });
  ASSERT_TRUE(server.Start());
  EXPECT_NE(server.port(), 0);
  std::thread runner([&] { server.Run(); });
  ASSERT_EQ(HttpClient(server.port()).Get("/").status, 200);
  auto start = Clock::now();
  server.Stop();
  runner.join();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
}

TEST(HttpServerTest, StopBeforeRunMakesRunReturn) {
  HttpServer server({.port = 0}, [](Request&) { return Json(200, {}); });
  ASSERT_TRUE(server.Start());
  server.Stop();
  server.Run();
  server.Stop();  // Idempotent.
}

TEST(HttpServerTest, RunWithoutStartReturns) {
  HttpServer server({.port = 0}, [](Request&) { return Json(200, {}); });
  server.Run();
}

TEST(HttpServerTest, PortInUseIsUnavailable) {
  HttpServer first({.port = 0}, [](Request&) { return Json(200, {}); });
  ASSERT_TRUE(first.Start());
  HttpServer second({.port = first.port()},
                    [](Request&) { return Json(200, {}); });
  Status status = second.Start();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().key, "server.port_in_use");
  EXPECT_NE(status.error().message.find(std::to_string(first.port())),
            std::string::npos);
}

TEST(HttpServerTest, BadBindAddressIsInvalid) {
  HttpServer server({.bind = "not-an-ip", .port = 0},
                    [](Request&) { return Json(200, {}); });
  Status status = server.Start();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
}

TEST(HttpServerTest, SignalStopsServer) {
  HttpServer server({.port = 0}, [](Request&) { return Json(200, {}); });
  ASSERT_TRUE(server.Start());
  InstallSignalStop(server);
  std::thread runner([&] { server.Run(); });
  ASSERT_EQ(HttpClient(server.port()).Get("/").status, 200);
  std::raise(SIGTERM);
  runner.join();  // Hangs (and the test times out) if the signal is ignored.
}

// The value types and the error table, which the server relies on.

TEST(ErrorMappingTest, StatusTable) {
  EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorCode::kLocked), 423);
  EXPECT_EQ(HttpStatus(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(ErrorMappingTest, ErrorBody) {
  Response with_field = Error(
      Invalid("resident.id_card_invalid", "bad \"id\"", "id_card").error());
  EXPECT_EQ(with_field.status, 400);
  EXPECT_EQ(with_field.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(with_field.body, R"({"error":{"code":"resident.id_card_invalid",)"
                             R"("message":"bad \"id\"","field":"id_card"}})");
  Response without_field =
      Error(NotFound("resident.not_found", "gone").error());
  EXPECT_EQ(without_field.status, 404);
  EXPECT_EQ(without_field.body,
            R"({"error":{"code":"resident.not_found","message":"gone"}})");
}

TEST(RequestTest, HeaderLookupIgnoresCase) {
  Request req;
  req.headers["Content-Type"] = "text/plain";
  EXPECT_EQ(req.Header("content-type"), "text/plain");
  EXPECT_EQ(req.Header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(req.Header("Accept"), "");
}

TEST(RequestTest, QueryReturnsFirstValue) {
  Request req;
  req.query.emplace("page", "2");
  req.query.emplace("page", "3");
  req.query.emplace("flag", "");
  EXPECT_EQ(req.Query("page"), "2");
  EXPECT_EQ(req.Query("flag"), "");
  EXPECT_EQ(req.Query("missing"), std::nullopt);
}

TEST(RequestTest, CookieParsing) {
  Request req;
  req.headers["cookie"] = "a=1;b = 2 ; sid=\"xyz\"; empty=; junk";
  EXPECT_EQ(req.Cookie("a"), "1");
  EXPECT_EQ(req.Cookie("b"), "2");
  EXPECT_EQ(req.Cookie("sid"), "xyz");
  EXPECT_EQ(req.Cookie("empty"), "");
  EXPECT_EQ(req.Cookie("SID"), "");
  EXPECT_EQ(req.Cookie("junk"), "");
}

TEST(StaticFilesTest, NoIndexMeansNotServed) {
  fs::path root = fs::temp_directory_path() /
                  ("wangge-static-empty-" + std::to_string(::getpid()));
  fs::create_directories(root);
  WriteFile(root / "app.js", "x");
  Request req;
  req.method = "GET";
  req.path = "/app.js";
  EXPECT_FALSE(ServeStatic(root, req).has_value());
  fs::remove_all(root);
}

TEST(StaticFilesTest, OnlyGetAndHead) {
  fs::path root = fs::temp_directory_path() /
                  ("wangge-static-methods-" + std::to_string(::getpid()));
  WriteFile(root / "index.html", "i");
  Request req;
  req.path = "/";
  req.method = "POST";
  EXPECT_FALSE(ServeStatic(root, req).has_value());
  req.method = "HEAD";
  ASSERT_TRUE(ServeStatic(root, req).has_value());
  fs::remove_all(root);
}

TEST(StaticFilesTest, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("a.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("a.jpg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("a.webp"), "image/webp");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("blob"), "application/octet-stream");
}

TEST(StaticFilesTest, SymlinkOutOfRootIsNotServed) {
  fs::path base = fs::temp_directory_path() /
                  ("wangge-static-link-" + std::to_string(::getpid()));
  WriteFile(base / "www" / "index.html", "i");
  WriteFile(base / "outside.txt", "secret");
  fs::create_symlink(base / "outside.txt", base / "www" / "leak.txt");
  Request req;
  req.method = "GET";
  req.path = "/leak.txt";
  EXPECT_FALSE(ServeStatic(base / "www", req).has_value());
  fs::remove_all(base);
}

}  // namespace
}  // namespace wangge::http
