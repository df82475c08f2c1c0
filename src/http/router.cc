#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>

#include "http/error_mapping.h"

namespace wangge::http {
namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. Keeping the empty
// trailing segment makes "/a/" a different path from "/a", as it is in URLs.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler,
                 Run run) {
  if (method.empty()) throw std::invalid_argument("route method is empty");
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " +
                                pattern);
  }
  if (!handler) throw std::invalid_argument("route has no handler: " + pattern);
  Route route{method, pattern, {}, std::move(handler), run};
  std::set<std::string_view> names;
  for (std::string_view part : SplitPath(pattern)) {
    Segment segment;
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      segment.is_param = true;
      segment.text = part.substr(1, part.size() - 2);
    } else {
      segment.text = part;
    }
    if (segment.text.find_first_of("{}") != std::string::npos ||
        (segment.is_param && segment.text.empty())) {
      throw std::invalid_argument("malformed route segment in " + pattern);
    }
    route.segments.push_back(std::move(segment));
  }
  for (const Segment& s : route.segments) {
    if (s.is_param && !names.insert(s.text).second) {
      throw std::invalid_argument("repeated route parameter in " + pattern);
    }
  }
  // Two routes of one method whose literals coincide and whose parameters sit
  // in the same places could never both be reached.
  for (const Route& other : routes_) {
    if (other.method != route.method ||
        other.segments.size() != route.segments.size()) {
      continue;
    }
    bool same_shape = std::equal(
        other.segments.begin(), other.segments.end(), route.segments.begin(),
        [](const Segment& a, const Segment& b) {
          return a.is_param == b.is_param && (a.is_param || a.text == b.text);
        });
    if (same_shape) {
      throw std::invalid_argument("duplicate route " + method + " " + pattern +
                                  " (same shape as " + other.pattern + ")");
    }
  }
  routes_.push_back(std::move(route));
}

Response Router::Dispatch(Request& req) const {
  if (req.path.empty() || req.path.front() != '/') {
    return JsonError(404, "route.not_found", "no route for this path");
  }
  std::vector<std::string_view> parts = SplitPath(req.path);

  auto matches = [&](const Route& route) {
    if (route.segments.size() != parts.size()) return false;
    for (size_t i = 0; i < parts.size(); ++i) {
      const Segment& s = route.segments[i];
      if (s.is_param ? parts[i].empty() : s.text != parts[i]) return false;
    }
    return true;
  };
  // True when `a` is more specific than `b`: at the first segment where one
  // has a literal and the other a parameter, the literal wins.
  auto more_specific = [](const Route& a, const Route& b) {
    for (size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_param != b.segments[i].is_param) {
        return !a.segments[i].is_param;
      }
    }
    return false;
  };
  auto best_for = [&](std::string_view method) -> const Route* {
    const Route* best = nullptr;
    for (const Route& route : routes_) {
      if (route.method != method || !matches(route)) continue;
      if (best == nullptr || more_specific(route, *best)) best = &route;
    }
    return best;
  };

  const Route* route = best_for(req.method);
  if (route == nullptr && req.method == "HEAD") route = best_for("GET");
  if (route != nullptr) {
    req.path_params.clear();
    for (size_t i = 0; i < parts.size(); ++i) {
      if (route->segments[i].is_param) {
        req.path_params[route->segments[i].text] = std::string(parts[i]);
      }
    }
    if (route->run == Run::kOnWorker && post_) return OnWorker(*route, req);
    return route->handler(req);
  }

  std::set<std::string> allowed;
  for (const Route& r : routes_) {
    if (matches(r)) allowed.insert(r.method);
  }
  if (allowed.empty()) {
    return JsonError(404, "route.not_found", "no route for this path");
  }
  if (allowed.contains("GET")) allowed.insert("HEAD");
  std::string allow;
  for (const std::string& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  Response response =
      JsonError(405, "route.method_not_allowed",
                "method " + req.method + " is not allowed for this path");
  response.headers.emplace_back("Allow", std::move(allow));
  return response;
}

Response Router::OnWorker(const Route& route, Request& req) const {
  auto [response, later] = Later();
  // std::function needs a copyable task; the request (its body may be
  // megabytes) moves into shared state instead of being copied.
  auto moved = std::make_shared<Request>(std::move(req));
  post_([handler = &route.handler, moved, later] {
    Response answer;
    try {
      answer = (*handler)(*moved);
    } catch (const std::exception& e) {
      spdlog::error("handler for {} {} threw: {}", moved->method, moved->path,
                    e.what());
      answer = JsonError(500, "internal", "internal error");
    } catch (...) {
      spdlog::error("handler for {} {} threw a non-exception", moved->method,
                    moved->path);
      answer = JsonError(500, "internal", "internal error");
    }
    if (std::shared_ptr<LaterResponse> inner = std::move(answer.later)) {
      inner->OnComplete(
          [later](Response done) { later->Complete(std::move(done)); });
      return;
    }
    later->Complete(std::move(answer));
  });
  return std::move(response);
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) {
    out.push_back({route.method, route.pattern});
  }
  return out;
}

}  // namespace wangge::http
