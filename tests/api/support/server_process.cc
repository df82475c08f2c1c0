#include "api/support/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace wangge::test {
namespace {

using Clock = std::chrono::steady_clock;

// Argument and environment strings must be ready before fork(): after it,
// a multithreaded parent's child may only call async-signal-safe functions.
std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> MergedEnvironment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    bool replaced = false;
    for (const auto& [key, value] : extra) replaced |= key == name;
    if (!replaced) out.push_back(std::move(entry));
  }
  for (const auto& [key, value] : extra) out.push_back(key + "=" + value);
  return out;
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

uint16_t FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    throw std::runtime_error("socket: " + std::string(strerror(errno)));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::string reason = strerror(errno);
    ::close(fd);
    throw std::runtime_error("cannot find a free port: " + reason);
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

ServerProcess ServerProcess::Start(std::string binary,
                                   std::vector<std::string> args_before_port,
                                   ServerProcessOptions options) {
  ServerProcess process;
  process.port_ = FreeLoopbackPort();

  std::string pattern =
      (std::filesystem::temp_directory_path() / "wangge-server-XXXXXX.log")
          .string();
  int output_fd = ::mkstemps(pattern.data(), 4);
  if (output_fd < 0) {
    throw std::runtime_error("mkstemps: " + std::string(strerror(errno)));
  }
  process.output_path_ = pattern;

  std::vector<std::string> argv_strings{binary};
  argv_strings.insert(argv_strings.end(), args_before_port.begin(),
                      args_before_port.end());
  argv_strings.insert(
      argv_strings.end(),
      {"--port", std::to_string(process.port_), "--bind", "127.0.0.1"});
  argv_strings.insert(argv_strings.end(), options.args_after_port.begin(),
                      options.args_after_port.end());
  std::vector<std::string> env_strings = MergedEnvironment(options.env);
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(output_fd);
    throw std::runtime_error("fork: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    // Die with the test runner, so a crashed test leaves no server behind.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    // The parent's blocked signals are inherited; the server must see
    // SIGTERM.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(output_fd, STDOUT_FILENO);
    ::dup2(output_fd, STDERR_FILENO);
    ::close(output_fd);
    ::execve(argv[0], argv.data(), envp.data());
    const char message[] = "execve failed for the server binary\n";
    ssize_t ignored = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    (void)ignored;
    ::_exit(127);
  }
  ::close(output_fd);
  process.pid_ = pid;

  // Poll health. Each probe has a short timeout, so a server that accepts
  // but never answers still ends within the startup budget.
  const auto deadline = Clock::now() + options.startup_timeout;
  std::string last;
  while (true) {
    if (!process.Running()) {
      throw std::runtime_error("server exited with status " +
                               std::to_string(process.exit_status_) +
                               " before becoming healthy; command: " + binary +
                               "\noutput:\n" + process.Output());
    }
    HttpConnection probe(process.port_, "127.0.0.1", std::chrono::seconds(2));
    HttpResult health = probe.Send("GET", options.health_target, {}, {});
    if (health.status == 200) return process;
    last = health.status == 0 ? health.body
                              : "status " + std::to_string(health.status);
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::string output = process.Output();
  throw std::runtime_error("server on port " + std::to_string(process.port_) +
                           " not healthy within " +
                           std::to_string(options.startup_timeout.count()) +
                           " s (last probe: " + last + ")\noutput:\n" + output);
  // `process` is destroyed on the way out: kills the child, removes the file.
}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      port_(other.port_),
      exit_status_(other.exit_status_),
      output_path_(std::move(other.output_path_)) {
  other.output_path_.clear();
}

ServerProcess& ServerProcess::operator=(ServerProcess&& other) noexcept {
  if (this != &other) {
    Discard();
    pid_ = std::exchange(other.pid_, -1);
    port_ = other.port_;
    exit_status_ = other.exit_status_;
    output_path_ = std::exchange(other.output_path_, {});
  }
  return *this;
}

ServerProcess::~ServerProcess() { Discard(); }

void ServerProcess::Discard() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (!output_path_.empty()) {
    std::error_code ec;
    std::filesystem::remove(output_path_, ec);
    output_path_.clear();
  }
}

void ServerProcess::Reap(int wait_status) {
  if (WIFEXITED(wait_status)) {
    exit_status_ = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    exit_status_ = 128 + WTERMSIG(wait_status);
  }
  pid_ = -1;
}

bool ServerProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    Reap(status);
    return false;
  }
  if (r < 0 && errno != EINTR) {
    pid_ = -1;  // Not our child any more; the exit status is unknown.
    return false;
  }
  return true;
}

int ServerProcess::Stop(std::chrono::seconds timeout) {
  if (pid_ <= 0) return exit_status_;
  ::kill(pid_, SIGTERM);
  const auto deadline = Clock::now() + timeout;
  while (Running()) {
    if (Clock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      Reap(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_status_;
}

std::string ServerProcess::Output() const {
  return output_path_.empty() ? std::string() : ReadWhole(output_path_);
}

}  // namespace wangge::test
