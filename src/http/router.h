// Maps (method, path) to a handler. Patterns are literal segments and
// {name} parameters, matched whole-segment; there are no wildcards, so the
// route table stays easy to audit and to check against the OpenAPI document.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace wangge::http {

using Handler = std::function<Response(Request&)>;

// Where a route's handler runs. Most handlers block on the database, so
// they run on a worker pool (when the router has one) and free the I/O
// thread at once. kInline is for handlers that never block: they answer at
// once or return a Later() response themselves (group-committed intake).
enum class Run { kOnWorker, kInline };

// Runs a task on a pool of threads that may block.
using Post = std::function<void(std::function<void()>)>;

// One registered route, as reported by Router::Routes().
struct RouteInfo {
  std::string method;
  std::string pattern;
  friend bool operator==(const RouteInfo&, const RouteInfo&) = default;
};

class Router {
 public:
  // Registers `handler` for `method` (case-sensitive, e.g. "GET") and
  // `pattern`, e.g. "/api/v1/residents/{id}/reveal". Throws
  // std::invalid_argument when the pattern is malformed (no leading "/",
  // stray braces, empty or repeated parameter name) or when the same method
  // already has a route of the same shape: both are start-up bugs.
  void Add(std::string method, std::string pattern, Handler handler,
           Run run = Run::kOnWorker);

  // From now on kOnWorker handlers run through `post` and their answer is
  // given later; without it every handler runs on the dispatching thread.
  // Set before serving.
  void SetWorker(Post post) { post_ = std::move(post); }

  // Finds the route for req.method and req.path, fills req.path_params and
  // calls its handler. Among matching routes a literal segment beats a
  // parameter, comparing segments left to right. HEAD falls back to GET
  // routes (the server drops the body). No route matches the path: 404 with
  // key "route.not_found". The path matches only under other methods: 405
  // with an Allow header and key "route.method_not_allowed". Exceptions from
  // handlers run inline propagate; on a worker they become a logged 500.
  // A handler sent to the worker gets `req` moved into its task.
  Response Dispatch(Request& req) const;

  // All routes in registration order.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    bool is_param = false;
    std::string text;  // The literal, or the parameter name.
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    Run run = Run::kOnWorker;
  };

  // Runs `route`'s handler on the worker and returns a Later() response.
  Response OnWorker(const Route& route, Request& req) const;

  std::vector<Route> routes_;
  Post post_;
};

}  // namespace wangge::http
