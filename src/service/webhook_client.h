// The one outgoing HTTP request wangge makes: POSTing a webhook delivery.
// Plain http:// only (TLS, where wanted, belongs to a local forwarding
// proxy). The Beast code stays in webhook_client.cc so that no service
// header pulls in networking headers.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace wangge::service {

struct HttpUrl {
  std::string host;  // name or IPv4 address; IPv6 in brackets is refused
  uint16_t port = 80;
  std::string target = "/";  // path and query
};

// Parses "http://host[:port][/path][?query]". Fails naming field "url" for
// any other scheme, user info, a fragment, a bad port or spaces.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct HttpReply {
  int status = 0;
  std::string body;  // the first bytes only (kept for error messages)
};

// POSTs `body` with the given extra headers; the whole exchange (resolve,
// connect, write, read) must finish within `timeout`. Fails with
// kUnavailable ("webhook.unreachable") when no response arrives.
Result<HttpReply> PostHttp(
    const HttpUrl& url,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::string_view body, std::chrono::milliseconds timeout);

}  // namespace wangge::service
