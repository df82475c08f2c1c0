// The HTTP/1.1 transport: accepts connections, parses requests into
// wangge::http::Request, calls one handler and writes its Response. It knows
// nothing about routes or the domain; the handler is usually a Router.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/error.h"
#include "http/request.h"
#include "http/response.h"

namespace wangge::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";  // IPv4 or IPv6 literal, e.g. "::".
  uint16_t port = 8080;            // 0 asks the OS for a free port.
  int threads = 0;  // I/O threads; 0 means hardware_concurrency, at least 2.
  // Requests larger than this get 413 and the connection is closed.
  size_t max_body_bytes = 16 * 1024 * 1024;
  // Request line plus header fields; larger gets 431 and a close.
  size_t max_header_bytes = 16 * 1024;
  // Deadline for receiving a request's header, and again for its body (and
  // for writing the response); on expiry the connection is closed. Also how
  // long an idle keep-alive connection is kept.
  std::chrono::seconds read_timeout{30};
};

namespace internal {
class ServerCore;
}  // namespace internal

class HttpServer {
 public:
  // `handler` is called on an I/O thread, possibly on several threads at
  // once (one request per connection at a time), and may block: that is
  // what the thread pool is for. A handler that waits on other work (a group
  // commit) returns a Later() response instead and frees its thread; the
  // connection is answered when that is completed. Exceptions it throws
  // become a logged 500.
  HttpServer(ServerOptions options, std::function<Response(Request&)> handler);
  // Must not run while Run() is still executing in another thread.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Fails with kUnavailable ("server.port_in_use" or
  // "server.bind_failed") when the socket cannot be bound, and with
  // kInvalidArgument ("server.bad_bind_address") for an unparsable address.
  // Call once, before Run().
  Status Start();

  // The bound port (the actual one when options.port was 0); 0 before a
  // successful Start().
  uint16_t port() const;

  // Serves on options.threads threads, including the caller's, and blocks
  // until Stop() has completed. Returns at once when Start() did not
  // succeed. Call at most once.
  void Run();

  // Graceful shutdown, callable from any thread (also from a handler) and
  // more than once: stops accepting, closes idle connections, lets requests
  // in flight finish and answers them with "Connection: close", then makes
  // Run() return. After about 10 seconds the remaining connections are
  // abandoned; a handler that is still blocked delays Run() until it returns.
  void Stop();

 private:
  friend void InstallSignalStop(HttpServer& server);
  std::unique_ptr<internal::ServerCore> core_;
};

// Makes SIGINT and SIGTERM call server.Stop(). Call after Start() and before
// Run(), at most once per server. Once stopping begins the default actions
// come back, so a second signal ends the process without waiting.
void InstallSignalStop(HttpServer& server);

}  // namespace wangge::http
