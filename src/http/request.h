// The HTTP request as handlers see it: a plain value with no Beast types, so
// handlers and their tests never depend on the transport library.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::http {

// Orders strings ignoring ASCII case, because HTTP field names are
// case-insensitive. Transparent, so lookups by string_view do not allocate.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept;
};

// One parsed request. The server fills everything except path_params, which
// the router fills when it picks a route.
struct Request {
  std::string method;  // As sent, e.g. "GET"; methods are case-sensitive.
  std::string target;  // Raw request target, e.g. "/a%20b?x=1".
  std::string path;    // Percent-decoded path of the target, e.g. "/a b".
  // Decoded query parameters ("+" decodes to a space), in order of
  // appearance; a key may repeat.
  std::multimap<std::string, std::string> query;
  // Header fields; repeated fields are joined with ", " ("; " for Cookie).
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  std::string remote_addr;  // Peer IP address, without the port.
  std::map<std::string, std::string> path_params;  // {name} -> segment.

  // The first value of query parameter `name`, or nullopt when absent. A key
  // without "=" yields an empty string.
  std::optional<std::string> Query(std::string_view name) const;

  // The value of header `name` (any case), or "" when absent.
  std::string Header(std::string_view name) const;

  // The value of cookie `name` (case-sensitive) from the Cookie header, with
  // surrounding double quotes removed, or "" when absent.
  std::string Cookie(std::string_view name) const;
};

}  // namespace wangge::http
