// Runs the real server binary as a child process for API tests: a free
// loopback port, output captured to a file, readiness by polling the health
// endpoint, and a SIGTERM stop that reports the exit status.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "api/support/http_client.h"

namespace wangge::test {

struct ServerProcessOptions {
  // Arguments placed after "--port N --bind 127.0.0.1".
  std::vector<std::string> args_after_port;
  // Variables added to (or replacing in) the inherited environment.
  std::vector<std::pair<std::string, std::string>> env;
  std::chrono::seconds startup_timeout{15};
  std::string health_target = "/api/v1/health";
};

// A loopback TCP port that was free a moment ago (bound to port 0, then
// closed). Another process may take it before it is used; that race is
// accepted in tests.
uint16_t FreeLoopbackPort();

class ServerProcess {
 public:
  // Runs `binary` with args_before_port, then "--port", N, "--bind",
  // "127.0.0.1", then options.args_after_port, with stdout and stderr going
  // to a temporary file. Returns once GET options.health_target answers 200.
  // Throws std::runtime_error carrying the child's output when the child
  // cannot start, exits early, or is not healthy within
  // options.startup_timeout (the child is killed then), so the calling test
  // fails with the reason in its output.
  static ServerProcess Start(std::string binary,
                             std::vector<std::string> args_before_port,
                             ServerProcessOptions options = {});

  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&& other) noexcept;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  // Kills the child (SIGKILL) if it still runs and removes the output file.
  ~ServerProcess();

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  HttpClient Client() const { return HttpClient(port_); }

  // Sends SIGTERM and waits; sends SIGKILL if the child has not exited after
  // `timeout`. Returns the exit code, or 128 + signal number when a signal
  // ended it. Later calls return the same value.
  int Stop(std::chrono::seconds timeout = std::chrono::seconds(20));

  // Whether the child has not exited yet (reaps it if it has).
  bool Running();

  // The child's stdout and stderr so far, interleaved.
  std::string Output() const;
  const std::string& output_path() const { return output_path_; }

 private:
  ServerProcess() = default;
  void Reap(int wait_status);
  // Kills a running child and removes the output file.
  void Discard();

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  int exit_status_ = -1;
  std::string output_path_;
};

}  // namespace wangge::test
