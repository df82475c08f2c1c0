// The HTTP response a handler returns: a plain value with no Beast types. The
// server adds Content-Length and the security headers when it writes it.
#pragma once

#include <boost/json/value.hpp>  // Complete, so callers can pass {{"k", v}}.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wangge::http {

class LaterResponse;
class ResponseStream;

struct Response {
  int status = 200;
  // Extra header fields in order. A "Content-Type" entry here overrides
  // content_type; Content-Length, Connection and Transfer-Encoding are owned
  // by the server and ignored.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  // Set by Later(): the answer is not known yet, and the server sends what
  // `later` is completed with instead of the fields above. The handler's
  // thread is free meanwhile (a request waiting for its group commit holds
  // no thread).
  std::shared_ptr<LaterResponse> later;
  // Set for a body written piece by piece as things happen (server-sent
  // events): the server sends the status, `content_type` and `headers`
  // with "Connection: close" and no length, then whatever the stream
  // writes, until the client leaves or the server stops.
  std::shared_ptr<ResponseStream> stream;
};

// The source of a streamed body.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Called once, after the header is sent. `write` sends a piece of the
  // body; it may be called from any thread until Stop() and returns false
  // once the connection is gone.
  virtual void Start(std::function<bool(std::string)> write) = 0;
  // Called once when the connection ends (the client left, a write failed
  // or the server is stopping): the stream must let go of `write`.
  virtual void Stop() = 0;
};

// A response to be given later, from any thread. Complete() takes effect
// once. If the last handle is dropped without Complete(), the client gets a
// 500 rather than waiting forever.
class LaterResponse {
 public:
  LaterResponse() = default;
  LaterResponse(const LaterResponse&) = delete;
  LaterResponse& operator=(const LaterResponse&) = delete;
  ~LaterResponse();

  // Delivers `response`; calls after the first are ignored.
  void Complete(Response response);

  // For the server, once: `sink` receives the response, at once (on this
  // thread) when it is already complete, else on the completing thread.
  void OnComplete(std::function<void(Response)> sink);

 private:
  std::mutex mu_;
  std::optional<Response> value_;
  std::function<void(Response)> sink_;
  bool delivered_ = false;
};

// A response whose body is `value` serialized as compact JSON.
Response Json(int status, const boost::json::value& value);

// The pending response a handler returns when it answers later, and the handle
// that completes it.
std::pair<Response, std::shared_ptr<LaterResponse>> Later();

}  // namespace wangge::http
