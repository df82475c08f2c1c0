#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <csignal>
#include <deque>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "http/error_mapping.h"

namespace wangge::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace urls = boost::urls;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// How long Stop() waits for connections before abandoning them, and how
// often it looks.
constexpr auto kStopGrace = std::chrono::seconds(10);
constexpr auto kStopPoll = std::chrono::milliseconds(25);
// Upper bound on discarding unread input before closing after an error.
constexpr auto kMaxLinger = std::chrono::seconds(5);
// Pieces of a streamed body waiting for a client that reads too slowly;
// past this the stream is ended rather than buffered without bound.
constexpr size_t kMaxPendingPieces = 1024;

class Session;

}  // namespace

namespace internal {

// Everything the server owns. Sessions keep a plain reference to it: they
// only live inside io_context handlers, which die no later than `ioc`, and
// the members they touch are declared before `ioc` so outlive it.
class ServerCore {
 public:
  ServerCore(ServerOptions opts, std::function<Response(Request&)> fn)
      : options(std::move(opts)),
        handler(std::move(fn)),
        ioc(ThreadCount(options)),
        strand(asio::make_strand(ioc)),
        acceptor(strand),
        drain_timer(strand) {}

  static int ThreadCount(const ServerOptions& options) {
    if (options.threads > 0) return options.threads;
    return std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  }

  // On `strand`: accepts the next connection.
  void Accept();
  // On `strand`: the body of Stop().
  void BeginStop();
  // On `strand`: polls until every session is gone or the grace expires.
  void CheckDrained();
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(std::list<std::weak_ptr<Session>>::iterator pos);

  const ServerOptions options;
  const std::function<Response(Request&)> handler;
  std::atomic<bool> stopping{false};
  std::atomic<int> live_sessions{0};
  std::mutex sessions_mu;
  std::list<std::weak_ptr<Session>> sessions;  // Guarded by sessions_mu.

  asio::io_context ioc;
  // Serializes the acceptor, signals and drain timer, which are not
  // thread-safe and are touched from Stop() on any thread.
  asio::strand<asio::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;
  asio::steady_timer drain_timer;
  Clock::time_point drain_deadline;
  std::atomic<uint16_t> port{0};
  bool started = false;
};

}  // namespace internal

namespace {

using internal::ServerCore;

bool IEquals(std::string_view a, std::string_view b) {
  return beast::iequals(a, b);
}

// RFC 9110 token characters, for response field names from handlers.
bool IsTokenChar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
         std::string_view::npos;
}

bool ValidFieldName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](char c) { return IsTokenChar(c); });
}

// Rejects CR, LF and other controls but tab, which would allow header
// injection or produce an unparsable response.
bool ValidFieldValue(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char ch) {
    auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

// The path part of a raw target, made safe for a log line. The query is left
// out because it may carry personal data.
std::string LogPath(std::string_view target) {
  std::string out(target.substr(0, target.find_first_of("?#")));
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return out.empty() ? "-" : out;
}

void LogRequest(std::string_view method, std::string_view path, int status,
                Clock::time_point start) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                                  start)
                .count();
  spdlog::info("{} {} {} {}ms", method, path, status, ms);
}

std::string PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return {};
  asio::ip::address address = peer.address();
  // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

// Converts Beast's request into the transport-neutral Request. Fails (with
// the response to send) when the target is not a valid origin-form URL.
std::optional<Response> ToRequest(bhttp::request<bhttp::string_body>&& msg,
                                  const std::string& remote_addr,
                                  Request* req) {
  auto url = urls::parse_origin_form(msg.target());
  if (!url) {
    return JsonError(400, "request.bad_target",
                     "the request target is not a valid URL path");
  }
  req->path = url->path();
  // A NUL in a decoded path can only be an attack on C string handling.
  if (req->path.find('\0') != std::string::npos) {
    return JsonError(400, "request.bad_target",
                     "the request path contains a NUL byte");
  }
  for (auto param : url->params()) {
    req->query.emplace(std::move(param.key), std::move(param.value));
  }
  req->method = std::string(msg.method_string());
  req->target = std::string(msg.target());
  for (const auto& field : msg) {
    std::string_view name = field.name_string();
    std::string_view value = field.value();
    auto [it, inserted] = req->headers.try_emplace(std::string(name), value);
    if (!inserted) {
      it->second += IEquals(name, "Cookie") ? "; " : ", ";
      it->second += value;
    }
  }
  req->body = std::move(msg.body());
  req->remote_addr = remote_addr;
  return std::nullopt;
}

// Calls the handler; turns exceptions and impossible statuses into a 500.
Response CallHandler(const ServerCore& core, Request& req,
                     std::string_view log_path) {
  try {
    Response response = core.handler(req);
    if (response.status >= 200 && response.status <= 599) return response;
    spdlog::error("handler for {} {} returned invalid status {}", req.method,
                  log_path, response.status);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", req.method, log_path,
                  e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-exception", req.method,
                  log_path);
  }
  return JsonError(500, "internal", "internal error");
}

// Converts a Response into Beast's type, adding the headers every response
// carries. For HEAD the body is dropped but Content-Length still tells its
// size, as RFC 9110 section 9.3.2 allows.
bhttp::response<bhttp::string_body> ToBeast(Response&& response,
                                            unsigned version, bool head,
                                            bool keep_alive) {
  bhttp::response<bhttp::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  std::string content_type = std::move(response.content_type);
  bool has_cache_control = false;
  for (auto& [name, value] : response.headers) {
    if (!ValidFieldName(name) || !ValidFieldValue(value)) {
      spdlog::warn("dropping a malformed response header field");
      continue;
    }
    if (IEquals(name, "Content-Length") || IEquals(name, "Connection") ||
        IEquals(name, "Transfer-Encoding")) {
      continue;
    }
    if (IEquals(name, "Content-Type")) {
      content_type = std::move(value);
      continue;
    }
    if (IEquals(name, "Cache-Control")) has_cache_control = true;
    out.insert(name, value);  // insert, not set: Set-Cookie may repeat.
  }
  if (!content_type.empty() && ValidFieldValue(content_type)) {
    out.set(bhttp::field::content_type, content_type);
  }
  out.set("X-Content-Type-Options", "nosniff");
  if (!has_cache_control) out.set(bhttp::field::cache_control, "no-store");
  if (response.status != 204 && response.status != 304) {
    out.content_length(response.body.size());
    if (!head) out.body() = std::move(response.body);
  }
  out.keep_alive(keep_alive);
  return out;
}

// One connection: reads requests one after another, answers each, and
// closes on error, timeout, "Connection: close" or server stop. All its
// members are touched only on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, ServerCore& core)
      : core_(core),
        remote_addr_(PeerAddress(socket)),
        executor_(socket.get_executor()),
        stream_(std::move(socket)) {
    ++core_.live_sessions;
  }

  ~Session() {
    if (registered_) core_.Unregister(registry_pos_);
    --core_.live_sessions;
  }

  void SetRegistryPosition(std::list<std::weak_ptr<Session>>::iterator pos) {
    registry_pos_ = pos;
    registered_ = true;
  }

  // The session's strand; fixed at construction, so any thread may ask.
  const asio::any_io_executor& executor() const { return executor_; }

  void Start() {
    asio::dispatch(executor_, beast::bind_front_handler(&Session::ReadHeader,
                                                        shared_from_this()));
  }

  // On this session's strand, once the server begins to stop. A connection
  // waiting for a request that has not begun is closed now; one with a
  // request in progress finishes it and closes afterwards.
  void OnServerStop() {
    stopping_ = true;
    if (state_ == State::kStreaming) return EndStream();
    bool idle = state_ == State::kReading && buffer_.size() == 0 &&
                (!parser_ || !parser_->got_some());
    if (idle) Close();
  }

 private:
  enum class State {
    kReading,
    kHandling,
    kWriting,
    kStreaming,
    kLingering,
    kClosed
  };
  enum class After { kKeepAlive, kClose, kLinger };

  void ReadHeader() {
    if (stopping_ || state_ == State::kClosed) return Close();
    state_ = State::kReading;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(core_.options.max_header_bytes, UINT32_MAX)));
    parser_->body_limit(core_.options.max_body_bytes);
    stream_.expires_after(core_.options.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    start_ = Clock::now();
    const auto& header = parser_->get();
    // Clients that send "Expect: 100-continue" wait (curl: a second) for
    // permission before sending the body. The size was already checked
    // against body_limit when the header completed.
    if (header.version() >= 11 && !parser_->is_done() &&
        IEquals(header[bhttp::field::expect], "100-continue")) {
      continue_.emplace(bhttp::status::continue_, header.version());
      return bhttp::async_write(
          stream_, *continue_,
          beast::bind_front_handler(&Session::OnContinueSent,
                                    shared_from_this()));
    }
    ReadBody();
  }

  void OnContinueSent(beast::error_code ec, size_t) {
    continue_.reset();
    if (ec) return Close();
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(core_.options.read_timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, size_t) {
    if (ec) return OnReadError(ec);
    Handle();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream) return Shutdown();
    if (ec == bhttp::error::body_limit) {
      return SendError(413, "request.too_large",
                       "the request body exceeds " +
                           std::to_string(core_.options.max_body_bytes) +
                           " bytes");
    }
    if (ec == bhttp::error::header_limit) {
      return SendError(431, "request.header_too_large",
                       "the request header exceeds " +
                           std::to_string(core_.options.max_header_bytes) +
                           " bytes");
    }
    // A peer that hangs up mid-request, a timeout or a socket error leaves
    // nobody to answer.
    if (ec == bhttp::error::partial_message ||
        ec.category() !=
            bhttp::make_error_code(bhttp::error::bad_target).category()) {
      return Close();
    }
    SendError(400, "request.malformed", "the request is not valid HTTP/1.1");
  }

  // Answers a request that could not be read completely, then closes after
  // discarding what the client still sends.
  void SendError(int status, std::string_view key, std::string message) {
    if (start_ == Clock::time_point()) start_ = Clock::now();
    std::string method = "-";
    std::string path = "-";
    unsigned version = 11;
    // The start line may have been parsed even when the header failed.
    if (parser_) {
      const auto& partial = parser_->get();
      if (!partial.method_string().empty()) {
        method = std::string(partial.method_string());
        path = LogPath(partial.target());
      }
      if (parser_->is_header_done()) version = partial.version();
    }
    parser_.reset();
    LogRequest(method, path, status, start_);
    Write(ToBeast(JsonError(status, key, message), version, false, false),
          After::kLinger);
  }

  void Handle() {
    state_ = State::kHandling;
    bhttp::request<bhttp::string_body> msg = parser_->release();
    parser_.reset();
    const unsigned version = msg.version();
    const bool head = msg.method() == bhttp::verb::head;
    bool keep_alive = msg.keep_alive();
    const std::string log_path = LogPath(msg.target());
    const std::string method(msg.method_string());

    Request req;
    Response response;
    if (std::optional<Response> bad =
            ToRequest(std::move(msg), remote_addr_, &req)) {
      response = std::move(*bad);
      keep_alive = false;
    } else {
      response = CallHandler(core_, req, log_path);
    }
    if (std::shared_ptr<LaterResponse> later = std::move(response.later)) {
      // The answer comes from another thread; it is written on this
      // session's strand, which nothing else touches until then.
      later->OnComplete([self = shared_from_this(), version, head, keep_alive,
                         method, log_path](Response done) mutable {
        asio::post(self->executor_, [self, version, head, keep_alive,
                                     method = std::move(method),
                                     log_path = std::move(log_path),
                                     done = std::move(done)]() mutable {
          if (done.status < 200 || done.status > 599 || done.later) {
            spdlog::error("late answer for {} {} is invalid", method, log_path);
            done = JsonError(500, "internal", "internal error");
          }
          self->Finish(std::move(done), version, head, keep_alive, method,
                       log_path);
        });
      });
      return;
    }
    Finish(std::move(response), version, head, keep_alive, method, log_path);
  }

  void Finish(Response response, unsigned version, bool head, bool keep_alive,
              const std::string& method, const std::string& log_path) {
    if (std::shared_ptr<ResponseStream> source = std::move(response.stream)) {
      if (stopping_ || core_.stopping.load()) {
        response =
            JsonError(503, "server.stopping", "the server is shutting down");
      } else {
        LogRequest(method, log_path, response.status, start_);
        start_ = Clock::time_point();
        return StartStream(std::move(response), std::move(source));
      }
    }
    keep_alive = keep_alive && !stopping_ && !core_.stopping.load();
    int status = response.status;
    auto out = ToBeast(std::move(response), version, head, keep_alive);
    LogRequest(method, log_path, status, start_);
    start_ = Clock::time_point();
    Write(std::move(out), keep_alive ? After::kKeepAlive : After::kClose);
  }

  // Streaming: the header, then each piece the source writes, in order.
  // Reading goes on only to notice the client leaving.
  void StartStream(Response response, std::shared_ptr<ResponseStream> source) {
    state_ = State::kStreaming;
    stream_.expires_never();
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                       std::string(bhttp::obsolete_reason(
                           static_cast<bhttp::status>(response.status))) +
                       "\r\n";
    auto field = [&head](std::string_view name, std::string_view value) {
      head.append(name).append(": ").append(value).append("\r\n");
    };
    field("Content-Type", response.content_type);
    field("Cache-Control", "no-store");
    field("X-Content-Type-Options", "nosniff");
    // Proxies such as nginx would otherwise hold events back.
    field("X-Accel-Buffering", "no");
    field("Connection", "close");
    for (const auto& [name, value] : response.headers)
      if (ValidFieldName(name) && ValidFieldValue(value) &&
          !IEquals(name, "Content-Length") && !IEquals(name, "Connection") &&
          !IEquals(name, "Content-Type") && !IEquals(name, "Cache-Control") &&
          !IEquals(name, "Transfer-Encoding"))
        field(name, value);
    head += "\r\n";
    source_ = std::move(source);
    Enqueue(std::move(head));
    WatchForHangUp();
    // The source holds the session (through `write`) until Stop().
    source_->Start([self = shared_from_this()](std::string piece) -> bool {
      if (self->stream_gone_.load()) return false;
      asio::post(self->executor_, [self, piece = std::move(piece)]() mutable {
        self->Enqueue(std::move(piece));
      });
      return true;
    });
  }

  void Enqueue(std::string piece) {
    if (state_ != State::kStreaming) return;
    pending_.push_back(std::move(piece));
    if (pending_.size() > kMaxPendingPieces) return EndStream();  // too slow
    if (!writing_) WriteNextPiece();
  }

  void WriteNextPiece() {
    writing_ = true;
    asio::async_write(
        stream_.socket(), asio::buffer(pending_.front()),
        [self = shared_from_this()](beast::error_code ec, size_t) {
          self->writing_ = false;
          if (ec) return self->EndStream();
          self->pending_.pop_front();
          if (!self->pending_.empty()) self->WriteNextPiece();
        });
  }

  void WatchForHangUp() {
    stream_.socket().async_read_some(
        asio::buffer(discard_),
        [self = shared_from_this()](beast::error_code ec, size_t) {
          if (ec) return self->EndStream();
          if (self->state_ == State::kStreaming) self->WatchForHangUp();
        });
  }

  void EndStream() {
    if (state_ != State::kStreaming) return;
    stream_gone_ = true;
    if (source_) {
      source_->Stop();
      source_.reset();
    }
    pending_.clear();
    Shutdown();
  }

  void Write(bhttp::response<bhttp::string_body>&& out, After after) {
    state_ = State::kWriting;
    response_.emplace(std::move(out));
    stream_.expires_after(core_.options.read_timeout);
    bhttp::async_write(stream_, *response_,
                       beast::bind_front_handler(&Session::OnWrite,
                                                 shared_from_this(), after));
  }

  void OnWrite(After after, beast::error_code ec, size_t) {
    response_.reset();
    if (ec) return Close();
    switch (after) {
      case After::kKeepAlive:
        return ReadHeader();
      case After::kClose:
        return Shutdown();
      case After::kLinger:
        return Linger();
    }
  }

  // Closing a socket with unread input makes the kernel send RST, which can
  // destroy the response before the client reads it. So after an error
  // answer, half-close and discard input until the client closes too.
  void Linger() {
    state_ = State::kLingering;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(
        std::min<Clock::duration>(core_.options.read_timeout, kMaxLinger));
    Discard();
  }

  void Discard() {
    stream_.async_read_some(
        asio::buffer(discard_),
        beast::bind_front_handler(&Session::OnDiscard, shared_from_this()));
  }

  void OnDiscard(beast::error_code ec, size_t) {
    if (ec) return Close();
    Discard();
  }

  void Shutdown() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    Close();
  }

  void Close() {
    state_ = State::kClosed;
    beast::error_code ec;
    stream_.socket().close(ec);
  }

  ServerCore& core_;
  const std::string remote_addr_;
  const asio::any_io_executor executor_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
  // Streaming state (kStreaming).
  std::shared_ptr<ResponseStream> source_;
  std::deque<std::string> pending_;
  bool writing_ = false;
  std::atomic<bool> stream_gone_{false};
  std::array<char, 8192> discard_;
  Clock::time_point start_;
  State state_ = State::kReading;
  bool stopping_ = false;
  bool registered_ = false;
  std::list<std::weak_ptr<Session>>::iterator registry_pos_;
};

void RunLoop(ServerCore& core) {
  // run() returns once Stop() has left no work. An exception escaping a
  // completion handler is a bug, but one connection's bug must not take the
  // server down: log it and keep serving.
  while (true) {
    try {
      core.ioc.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("uncaught exception in HTTP server loop: {}", e.what());
    } catch (...) {
      spdlog::error("uncaught non-exception in HTTP server loop");
    }
  }
}

}  // namespace

namespace internal {

void ServerCore::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mu);
  sessions.push_front(session);
  session->SetRegistryPosition(sessions.begin());
}

void ServerCore::Unregister(std::list<std::weak_ptr<Session>>::iterator pos) {
  std::lock_guard lock(sessions_mu);
  sessions.erase(pos);
}

void ServerCore::Accept() {
  acceptor.async_accept(
      asio::make_strand(ioc),
      asio::bind_executor(
          strand, [this](beast::error_code ec, tcp::socket socket) {
            if (stopping || !acceptor.is_open()) return;
            if (ec) {
              // Typically EMFILE. Pause rather than spin on the error.
              spdlog::warn("accept failed: {}", ec.message());
              drain_timer.expires_after(std::chrono::milliseconds(100));
              drain_timer.async_wait(
                  asio::bind_executor(strand, [this](beast::error_code e) {
                    if (!e && !stopping) Accept();
                  }));
              return;
            }
            auto session = std::make_shared<Session>(std::move(socket), *this);
            Register(session);
            session->Start();
            Accept();
          }));
}

void ServerCore::BeginStop() {
  if (stopping.exchange(true)) return;
  spdlog::info("HTTP server stopping");
  beast::error_code ec;
  acceptor.close(ec);
  if (signals) {
    // clear() restores the default actions, so a second SIGINT during a
    // slow drain ends the process at once, as an operator expects.
    signals->cancel(ec);
    signals->clear(ec);
  }
  drain_timer.cancel();
  std::vector<std::weak_ptr<Session>> snapshot;
  {
    std::lock_guard lock(sessions_mu);
    snapshot.assign(sessions.begin(), sessions.end());
  }
  // Locking the weak pointers outside the mutex: the last owner may be
  // released here, and ~Session takes the mutex.
  for (const auto& weak : snapshot) {
    if (auto session = weak.lock()) {
      asio::post(session->executor(), [session] { session->OnServerStop(); });
    }
  }
  drain_deadline = Clock::now() + kStopGrace;
  CheckDrained();
}

void ServerCore::CheckDrained() {
  if (live_sessions.load() == 0) return;  // No work left: run() returns.
  if (Clock::now() >= drain_deadline) {
    spdlog::warn("HTTP server stop: abandoning {} connection(s)",
                 live_sessions.load());
    ioc.stop();
    return;
  }
  drain_timer.expires_after(kStopPoll);
  drain_timer.async_wait(asio::bind_executor(strand, [this](auto ec) {
    if (!ec) CheckDrained();
  }));
}

}  // namespace internal

HttpServer::HttpServer(ServerOptions options,
                       std::function<Response(Request&)> handler)
    : core_(std::make_unique<internal::ServerCore>(std::move(options),
                                                   std::move(handler))) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Start() {
  internal::ServerCore& core = *core_;
  if (core.started) {
    return Fail(ErrorCode::kInternal, "server.already_started",
                "HttpServer::Start called twice");
  }
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(core.options.bind, ec);
  if (ec) {
    return Invalid("server.bad_bind_address",
                   "not an IP address: " + core.options.bind, "bind");
  }
  tcp::endpoint endpoint(address, core.options.port);
  std::string where =
      core.options.bind + " port " + std::to_string(core.options.port);
  core.acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR lets a restart bind while old connections sit in
  // TIME_WAIT; on Linux it does not let two servers share a port.
  if (!ec) core.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) core.acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use) {
    core.acceptor.close(ec);
    return Fail(ErrorCode::kUnavailable, "server.port_in_use",
                where + " is already in use");
  }
  if (!ec) core.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    std::string reason = ec.message();
    core.acceptor.close(ec);
    return Fail(ErrorCode::kUnavailable, "server.bind_failed",
                "cannot listen on " + where + ": " + reason);
  }
  core.port = core.acceptor.local_endpoint(ec).port();
  core.started = true;
  core.Accept();
  return {};
}

uint16_t HttpServer::port() const { return core_->port.load(); }

void HttpServer::Run() {
  internal::ServerCore& core = *core_;
  if (!core.started) return;
  int count = internal::ServerCore::ThreadCount(core.options);
  spdlog::info("HTTP server listening on {} port {} with {} threads",
               core.options.bind, core.port.load(), count);
  std::vector<std::jthread> pool;
  for (int i = 1; i < count; ++i) {
    pool.emplace_back([&core] { RunLoop(core); });
  }
  RunLoop(core);
  pool.clear();  // Joins.
  spdlog::info("HTTP server stopped");
}

void HttpServer::Stop() {
  internal::ServerCore* core = core_.get();
  asio::post(core->strand, [core] { core->BeginStop(); });
}

void InstallSignalStop(HttpServer& server) {
  internal::ServerCore* core = server.core_.get();
  if (core->signals) return;
  core->signals.emplace(core->strand, SIGINT, SIGTERM);
  core->signals->async_wait([core](beast::error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("received signal {}", signal_number);
    core->BeginStop();
  });
}

}  // namespace wangge::http
