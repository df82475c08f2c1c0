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
  void Add(std::string method, std::string pattern, Handler handler);

  // Finds the route for req.method and req.path, fills req.path_params and
  // calls its handler. Among matching routes a literal segment beats a
  // parameter, comparing segments left to right. HEAD falls back to GET
  // routes (the server drops the body). No route matches the path: 404 with
  // key "route.not_found". The path matches only under other methods: 405
  // with an Allow header and key "route.method_not_allowed". Exceptions from
  // handlers propagate.
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
  };

  std::vector<Route> routes_;
};

}  // namespace wangge::http
