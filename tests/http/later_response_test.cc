// Responses given later (LaterResponse): the handler's thread is free while
// the answer is pending, the answer may come from any thread, before or
// after the server asks for it, and a dropped completer still answers.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "api/support/http_client.h"
#include "http/router.h"
#include "http/server.h"

namespace wangge::http {
namespace {

using test::HttpClient;
using test::HttpConnection;
using test::HttpResult;

// Completes queued responses on its own thread, like the intake batcher's
// acknowledging thread.
class Completer {
 public:
  Completer() : thread_([this] { Loop(); }) {}
  ~Completer() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  // Completes `later` with `response` after `delay`.
  void Add(std::shared_ptr<LaterResponse> later, Response response,
           std::chrono::milliseconds delay) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back({std::move(later), std::move(response), delay});
    }
    wake_.notify_one();
  }

 private:
  struct Job {
    std::shared_ptr<LaterResponse> later;
    Response response;
    std::chrono::milliseconds delay;
  };
  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      std::this_thread::sleep_for(job.delay);
      job.later->Complete(std::move(job.response));
      lock.lock();
    }
  }
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

class LaterResponseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { spdlog::set_level(spdlog::level::warn); }

  void SetUp() override {
    router_.Add("GET", "/later", [this](Request& req) {
      auto [response, later] = Later();
      const int ms = std::stoi(req.Query("ms").value_or("0"));
      completer_.Add(
          later,
          Json(201, {{"after_ms", ms}, {"tag", req.Query("tag").value_or("")}}),
          std::chrono::milliseconds(ms));
      return std::move(response);
    });
    router_.Add("GET", "/at-once", [](Request&) {
      // Completed before the server asks for the answer.
      auto [response, later] = Later();
      later->Complete(Json(200, {{"at_once", true}}));
      return std::move(response);
    });
    router_.Add("GET", "/dropped", [](Request&) {
      auto [response, later] = Later();
      return std::move(response);  // `later` dies here, never completed
    });
    // One I/O thread only: if a pending answer held it, nothing else could
    // be served meanwhile.
    server_ = std::make_unique<HttpServer>(
        ServerOptions{.port = 0, .threads = 1},
        [this](Request& req) { return router_.Dispatch(req); });
    ASSERT_TRUE(server_->Start());
    runner_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    runner_.join();
  }
  uint16_t port() const { return server_->port(); }

  Completer completer_;
  Router router_;
  std::unique_ptr<HttpServer> server_;
  std::thread runner_;
};

TEST_F(LaterResponseTest, AnswerComesFromAnotherThread) {
  HttpResult r = HttpClient(port()).Get("/later?ms=50&tag=a");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("tag"), "a");
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
}

TEST_F(LaterResponseTest, APendingAnswerHoldsNoThread) {
  auto slow = std::async(std::launch::async, [p = port()] {
    return HttpClient(p).Get("/later?ms=600&tag=slow");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // The only I/O thread is free: this is served while the first waits.
  const auto start = std::chrono::steady_clock::now();
  HttpResult quick = HttpClient(port()).Get("/at-once");
  EXPECT_EQ(quick.status, 200) << quick.body;
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(300));
  EXPECT_EQ(slow.get().Json().at("tag"), "slow");
}

TEST_F(LaterResponseTest, KeepAliveContinuesAfterALateAnswer) {
  HttpConnection connection(port());
  HttpResult first = connection.Send("GET", "/later?ms=20&tag=1", {}, {});
  ASSERT_EQ(first.status, 201);
  ASSERT_TRUE(connection.IsOpen());
  HttpResult second = connection.Send("GET", "/later?ms=0&tag=2", {}, {});
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(second.Json().at("tag"), "2");
}

TEST_F(LaterResponseTest, ADroppedCompleterStillAnswers) {
  HttpResult r = HttpClient(port()).Get("/dropped");
  EXPECT_EQ(r.status, 500) << r.body;
  // And the server goes on serving.
  EXPECT_EQ(HttpClient(port()).Get("/at-once").status, 200);
}

TEST_F(LaterResponseTest, StopWaitsForAPendingAnswer) {
  auto slow = std::async(std::launch::async, [p = port()] {
    return HttpClient(p).Get("/later?ms=300&tag=s");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->Stop();
  HttpResult r = slow.get();
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("Connection"), "close");
}

}  // namespace
}  // namespace wangge::http
