// A small synchronous HTTP/1.1 client for tests that talk to a real server
// over loopback. Failures to connect or read are reported as status 0 with
// the reason in the body, so a test asserts on them instead of crashing.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"

namespace wangge::test {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResult {
  int status = 0;  // 0 when no response arrived; `body` then says why.
  // Repeated fields are joined with ", ".
  std::map<std::string, std::string, http::CaseInsensitiveLess> headers;
  std::string body;

  // The value of header `name`, or "" when absent.
  std::string Header(const std::string& name) const;
  // The body parsed as JSON. Throws std::runtime_error quoting the status
  // and the start of the body when it is not JSON.
  boost::json::value Json() const;
};

// One TCP connection that can carry several requests (keep-alive). Used by
// HttpClient per request, and directly by tests of connection reuse.
class HttpConnection {
 public:
  explicit HttpConnection(
      uint16_t port, std::string host = "127.0.0.1",
      std::chrono::seconds timeout = std::chrono::seconds(30));
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request (connecting first if needed) and reads the response.
  // Host, User-Agent and Content-Length are added; `headers` go as given. A
  // HEAD request reads no body.
  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body, const Headers& headers);

  // True while the server has not closed the connection, as far as known.
  bool IsOpen() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1");

  HttpResult Get(std::string target, Headers headers = {});
  HttpResult Post(std::string target, std::string body, Headers headers = {});
  HttpResult Put(std::string target, std::string body, Headers headers = {});
  HttpResult Delete(std::string target, Headers headers = {});
  // A request on a fresh connection. JSON bodies need no header: a
  // non-empty body without a Content-Type in `headers` is sent as
  // application/json. The bearer token, when set, is added unless `headers`
  // has an Authorization field.
  HttpResult Send(std::string method, std::string target, std::string body,
                  Headers headers);

  // Writes `bytes` verbatim on a fresh connection and returns everything the
  // server sends until it closes the connection or `timeout` passes. For
  // malformed-request tests; a well-formed request should say
  // "Connection: close" or the call waits for the timeout.
  std::string Raw(std::string bytes,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Sends "Authorization: Bearer <token>" from now on; "" stops it.
  void SetBearer(std::string token);

  uint16_t port() const { return port_; }

 private:
  uint16_t port_;
  std::string host_;
  std::string bearer_;
};

}  // namespace wangge::test
