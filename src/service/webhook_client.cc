#include "service/webhook_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <charconv>
#include <exception>

namespace wangge::service {

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A receiver's reply body is only kept for the error message.
constexpr size_t kMaxReplyBody = 64 * 1024;

std::unexpected<Error> BadUrl(std::string message) {
  return Invalid("webhook.url", std::move(message), "url");
}

struct Exchange {
  bool done = false;
  std::string failed_step;  // "" when a response arrived
  beast::error_code ec;
  std::string exception;
  HttpReply reply;
};

asio::awaitable<void> Run(
    const HttpUrl& url,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::string_view body, std::chrono::milliseconds timeout, Exchange& out) {
  auto executor = co_await asio::this_coro::executor;
  beast::error_code ec;
  auto token = asio::redirect_error(asio::use_awaitable, ec);
  auto fail = [&](const char* step) {
    out.failed_step = step;
    out.ec = ec;
    out.done = true;
  };

  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(
      url.host, std::to_string(url.port), token);
  if (ec) {
    fail("resolve");
    co_return;
  }

  beast::tcp_stream stream(executor);
  // One deadline for connect, write and read together: a slow receiver
  // must not hold a claimed batch much longer than `timeout`.
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoints, token);
  if (ec) {
    fail("connect");
    co_return;
  }

  bhttp::request<bhttp::string_body> req{bhttp::verb::post, url.target, 11};
  req.set(bhttp::field::host, url.port == 80
                                  ? url.host
                                  : url.host + ":" + std::to_string(url.port));
  req.set(bhttp::field::user_agent, "wangge-webhook/1");
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = std::string(body);
  req.keep_alive(false);
  req.prepare_payload();
  co_await bhttp::async_write(stream, req, token);
  if (ec) {
    fail("send");
    co_return;
  }

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxReplyBody);
  co_await bhttp::async_read(stream, buffer, parser, token);
  // A reply too long to keep still has its status.
  if (ec && !(ec == bhttp::error::body_limit && parser.is_header_done())) {
    fail("read");
    co_return;
  }
  out.reply.status = static_cast<int>(parser.get().result_int());
  if (!ec) out.reply.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  out.done = true;
}
}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  if (url.size() > 2000) return BadUrl("url is longer than 2000 characters");
  for (unsigned char ch : url)
    if (ch <= ' ' || ch >= 0x7f)
      return BadUrl("url must not contain spaces or non-ASCII characters");
  std::string lower(url.substr(0, 8));
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(ch));
  if (lower.rfind("https://", 0) == 0)
    return BadUrl(
        "only http:// URLs are delivered; forward https through a local "
        "proxy");
  if (lower.rfind("http://", 0) != 0)
    return BadUrl("url must start with http://");
  if (url.find('#') != std::string_view::npos)
    return BadUrl("url must not have a fragment");
  std::string_view rest = url.substr(7);
  const size_t end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, end);
  HttpUrl out;
  if (end != std::string_view::npos) {
    out.target = std::string(rest.substr(end));
    if (out.target.front() == '?') out.target.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos)
    return BadUrl("url must not carry user information");
  if (authority.starts_with('['))
    return BadUrl("url must name a host or IPv4 address");
  if (const size_t colon = authority.rfind(':');
      colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    auto [p, ec] =
        std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || p != port.data() + port.size() ||
        value < 1 || value > 65535)
      return BadUrl("url port must be 1..65535");
    out.port = static_cast<uint16_t>(value);
    authority = authority.substr(0, colon);
  }
  if (authority.empty() || authority.size() > 253)
    return BadUrl("url must name a host");
  for (unsigned char ch : authority)
    if (!std::isalnum(ch) && ch != '.' && ch != '-')
      return BadUrl("url host may hold letters, digits, . and - only");
  out.host = std::string(authority);
  return out;
}

Result<HttpReply> PostHttp(
    const HttpUrl& url,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::string_view body, std::chrono::milliseconds timeout) {
  // Declared first so that it outlives the coroutine frame, which the
  // io_context destroys when the deadline leaves it unfinished.
  Exchange out;
  asio::io_context ioc;
  asio::co_spawn(ioc, Run(url, headers, body, timeout, out),
                 [&out](std::exception_ptr e) {
                   if (!e) return;
                   try {
                     std::rethrow_exception(e);
                   } catch (const std::exception& x) {
                     out.exception = x.what();
                   } catch (...) {
                     out.exception = "unknown failure";
                   }
                 });
  // The stream's deadline does not cover name resolution; this bounds it
  // (a little later, so that a connect timeout reports itself first).
  ioc.run_for(timeout + std::chrono::seconds(1));
  const std::string where = url.host + ":" + std::to_string(url.port);
  if (!out.exception.empty())
    return Fail(ErrorCode::kUnavailable, "webhook.unreachable",
                where + ": " + out.exception);
  if (!out.done)
    return Fail(ErrorCode::kUnavailable, "webhook.unreachable",
                where + ": no response within the timeout");
  if (!out.failed_step.empty())
    return Fail(ErrorCode::kUnavailable, "webhook.unreachable",
                where + ": " + out.failed_step + ": " + out.ec.message());
  return std::move(out.reply);
}

}  // namespace wangge::service
