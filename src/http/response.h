// The HTTP response a handler returns: a plain value with no Beast types. The
// server adds Content-Length and the security headers when it writes it.
#pragma once

#include <boost/json/value.hpp>  // Complete, so callers can pass {{"k", v}}.
#include <string>
#include <utility>
#include <vector>

namespace wangge::http {

struct Response {
  int status = 200;
  // Extra header fields in order. A "Content-Type" entry here overrides
  // content_type; Content-Length, Connection and Transfer-Encoding are owned
  // by the server and ignored.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
};

// A response whose body is `value` serialized as compact JSON.
Response Json(int status, const boost::json::value& value);

}  // namespace wangge::http
