#include "api/support/http_client.h"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <functional>
#include <optional>
#include <stdexcept>

namespace wangge::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

bool HasField(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return true;
  }
  return false;
}

HttpResult Failure(std::string_view what, const beast::error_code& ec) {
  HttpResult result;
  result.body = std::string(what) + ": " + ec.message();
  return result;
}

}  // namespace

std::string HttpResult::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

boost::json::value HttpResult::Json() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(body, ec);
  if (ec) {
    throw std::runtime_error("response (status " + std::to_string(status) +
                             ") is not JSON: " + body.substr(0, 500));
  }
  return value;
}

// The private io_context runs only inside Run(), one operation at a time,
// which gives synchronous calls with Beast's per-operation timeouts.
struct HttpConnection::State {
  State(uint16_t p, std::string h, std::chrono::seconds t)
      : port(p), host(std::move(h)), timeout(t), stream(ioc) {}

  // Starts an operation through `initiate`, runs it to completion, and
  // returns its error code.
  template <class Initiate>
  beast::error_code Run(Initiate&& initiate) {
    beast::error_code result = asio::error::would_block;
    stream.expires_after(timeout);
    initiate([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  beast::error_code Connect() {
    beast::error_code ec;
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return ec;
    ec = Run([&](auto handler) { stream.async_connect(endpoints, handler); });
    open = !ec;
    return ec;
  }

  void Close() {
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream.socket().close(ec);
    buffer.clear();
    open = false;
  }

  uint16_t port;
  std::string host;
  std::chrono::seconds timeout;
  asio::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;
};

HttpConnection::HttpConnection(uint16_t port, std::string host,
                               std::chrono::seconds timeout)
    : state_(std::make_unique<State>(port, std::move(host), timeout)) {}

HttpConnection::~HttpConnection() {
  if (state_->open) state_->Close();
}

bool HttpConnection::IsOpen() const { return state_->open; }

HttpResult HttpConnection::Send(const std::string& method,
                                const std::string& target,
                                const std::string& body,
                                const Headers& headers) {
  State& s = *state_;
  if (!s.open) {
    if (auto ec = s.Connect()) return Failure("connect", ec);
  }
  bhttp::request<bhttp::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(bhttp::field::host, s.host + ":" + std::to_string(s.port));
  request.set(bhttp::field::user_agent, "wangge-test-client");
  for (const auto& [name, value] : headers) request.insert(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PUT" ||
      method == "PATCH") {
    request.content_length(body.size());
  }

  auto write_ec = s.Run(
      [&](auto handler) { bhttp::async_write(s.stream, request, handler); });
  // Even when the write failed (the server may answer early, say 413, and
  // stop reading), a response may be waiting.
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(boost::none);
  if (method == "HEAD") parser.skip(true);
  auto read_ec = s.Run([&](auto handler) {
    bhttp::async_read(s.stream, s.buffer, parser, handler);
  });
  if (read_ec) {
    s.Close();
    return write_ec ? Failure("write", write_ec) : Failure("read", read_ec);
  }
  bhttp::response<bhttp::string_body> response = parser.release();
  HttpResult result;
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    auto [it, inserted] = result.headers.try_emplace(
        std::string(field.name_string()), field.value());
    if (!inserted) {
      it->second += ", ";
      it->second += field.value();
    }
  }
  result.body = std::move(response.body());
  if (write_ec || !response.keep_alive()) s.Close();
  return result;
}

HttpClient::HttpClient(uint16_t port, std::string host)
    : port_(port), host_(std::move(host)) {}

HttpResult HttpClient::Get(std::string target, Headers headers) {
  return Send("GET", std::move(target), {}, std::move(headers));
}

HttpResult HttpClient::Post(std::string target, std::string body,
                            Headers headers) {
  return Send("POST", std::move(target), std::move(body), std::move(headers));
}

HttpResult HttpClient::Put(std::string target, std::string body,
                           Headers headers) {
  return Send("PUT", std::move(target), std::move(body), std::move(headers));
}

HttpResult HttpClient::Delete(std::string target, Headers headers) {
  return Send("DELETE", std::move(target), {}, std::move(headers));
}

HttpResult HttpClient::Send(std::string method, std::string target,
                            std::string body, Headers headers) {
  if (!bearer_.empty() && !HasField(headers, "Authorization")) {
    headers.emplace_back("Authorization", "Bearer " + bearer_);
  }
  if (!body.empty() && !HasField(headers, "Content-Type")) {
    headers.emplace_back("Content-Type", "application/json");
  }
  HttpConnection connection(port_, host_);
  return connection.Send(method, target, body, headers);
}

std::string HttpClient::Raw(std::string bytes,
                            std::chrono::milliseconds timeout) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
  if (ec) return {};
  // One deadline for the whole exchange.
  stream.expires_after(timeout);
  std::string received;
  std::array<char, 4096> chunk;
  std::function<void(beast::error_code, size_t)> on_read =
      [&](beast::error_code read_ec, size_t n) {
        received.append(chunk.data(), n);
        if (!read_ec) stream.async_read_some(asio::buffer(chunk), on_read);
      };
  stream.async_connect(
      endpoints, [&](beast::error_code connect_ec, const tcp::endpoint&) {
        if (connect_ec) return;
        asio::async_write(
            stream, asio::buffer(bytes), [&](beast::error_code, size_t) {
              // Read whatever came back, even after a failed write.
              stream.async_read_some(asio::buffer(chunk), on_read);
            });
      });
  ioc.run();
  return received;
}

void HttpClient::SetBearer(std::string token) { bearer_ = std::move(token); }

}  // namespace wangge::test
