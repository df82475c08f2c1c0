// Shared fixture for the end-to-end API tests: a fresh data directory with
// the 东阳社区 demo and accounts of known passwords, one `wangge serve` per
// test suite, logins, CLI runs and small JSON helpers.
//
// Header-only on purpose: tests/CMakeLists.txt builds api_tests from
// tests/api/*_test.cc only, so a separate api_fixture.cc would not be
// compiled.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/support/http_client.h"
#include "api/support/server_process.h"

extern char** environ;

namespace wangge::test {

// ---------------------------------------------------------------------------
// Demo facts and the accounts every environment creates.

inline constexpr const char* kPassword = "Test-pass-1";
inline constexpr const char* kCommunityCode = "320115003012";  // 东阳社区
inline constexpr const char* kGrid01 = "32011500301201";       // 第一网格
inline constexpr const char* kGrid02 = "32011500301202";       // 第二网格

inline constexpr const char* kLeader = "t_leader";       // community_leader
inline constexpr const char* kGrid01Staff = "t_grid01";  // grid_staff, 01
inline constexpr const char* kGrid02Staff = "t_grid02";  // grid_staff, 02
inline constexpr const char* kAuditor = "t_auditor";     // auditor
inline constexpr const char* kAdmin = "t_admin";         // system_admin
inline constexpr const char* kPatrol = "t_patrol";       // patrol_member
// Reserved for tests that lock or otherwise spoil an account.
inline constexpr const char* kLockVictim = "t_lockme";  // grid_staff, 01
inline constexpr const char* kLogoutUser = "t_logout";  // grid_staff, 01

// ---------------------------------------------------------------------------
// Locating the binary and running it.

// WANGGE_BIN, else build/wangge under the repository root (found from this
// file's path) or the working directory. Throws when none exists.
inline std::string WanggeBinary() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("WANGGE_BIN"); env && *env) {
    if (!fs::exists(env))
      throw std::runtime_error(std::string("WANGGE_BIN=") + env +
                               " does not exist");
    return env;
  }
  const fs::path repo =
      fs::path(__FILE__).parent_path().parent_path().parent_path();
  for (const fs::path& candidate :
       {repo / "build" / "wangge", fs::current_path() / "build" / "wangge"}) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec))
      return fs::absolute(candidate).string();
  }
  throw std::runtime_error(
      "cannot find the wangge binary: set WANGGE_BIN (CTest does) or build "
      "build/wangge in the repository root");
}

struct CommandResult {
  int exit_code = -1;  // 128 + signal when a signal ended it
  std::string out;
  std::string err;

  std::string Describe() const {
    return "exit " + std::to_string(exit_code) + "\n--- stdout\n" + out +
           "\n--- stderr\n" + err;
  }
};

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteWholeFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

// A started child whose stdout and stderr go to files in a scratch
// directory; Wait() collects them.
class Spawned {
 public:
  Spawned(const std::vector<std::string>& argv,
          const std::string& scratch_dir) {
    static std::atomic<int> counter{0};
    const std::string stem = scratch_dir + "/cmd" + std::to_string(getpid()) +
                             "-" + std::to_string(++counter);
    out_path_ = stem + ".out";
    err_path_ = stem + ".err";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                     O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = argv;
    std::vector<char*> cargs;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    const int rc =
        posix_spawn(&pid_, cargs[0], &actions, nullptr, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
      throw std::runtime_error("cannot run " + argv[0] + ": " +
                               std::strerror(rc));
  }
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  ~Spawned() {
    if (pid_ > 0) Wait();
  }

  CommandResult Wait() {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    CommandResult r;
    r.exit_code = WIFEXITED(status)     ? WEXITSTATUS(status)
                  : WIFSIGNALED(status) ? 128 + WTERMSIG(status)
                                        : -1;
    r.out = ReadWholeFile(out_path_);
    r.err = ReadWholeFile(err_path_);
    std::error_code ec;
    std::filesystem::remove(out_path_, ec);
    std::filesystem::remove(err_path_, ec);
    return r;
  }

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
};

// Runs argv[0] with argv and waits for it.
inline CommandResult RunCommand(const std::vector<std::string>& argv,
                                const std::string& scratch_dir) {
  return Spawned(argv, scratch_dir).Wait();
}

// A directory made with mkdtemp and removed with everything in it.
class TempDir {
 public:
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/wangge-api.XXXXXX";
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp: " + std::string(strerror(errno)));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// ---------------------------------------------------------------------------
// JSON helpers. Missing keys throw, which fails the running test with the
// exception text. At and Arr return copies, so that they are safe on the
// temporary that HttpResult::Json() returns (also in range-for).

inline boost::json::value At(const boost::json::value& v,
                             std::string_view key) {
  if (!v.is_object())
    throw std::runtime_error("not a JSON object: " +
                             boost::json::serialize(v).substr(0, 300));
  const auto* found = v.as_object().if_contains(key);
  if (!found)
    throw std::runtime_error("no key \"" + std::string(key) + "\" in " +
                             boost::json::serialize(v).substr(0, 300));
  return *found;
}

inline std::string Str(const boost::json::value& v, std::string_view key) {
  const auto x = At(v, key);
  if (x.is_null()) return "";
  if (!x.is_string())
    throw std::runtime_error("\"" + std::string(key) + "\" is not a string: " +
                             boost::json::serialize(x));
  return std::string(x.as_string());
}

inline int64_t Int(const boost::json::value& v, std::string_view key) {
  const auto x = At(v, key);
  if (x.is_int64()) return x.as_int64();
  if (x.is_uint64()) return static_cast<int64_t>(x.as_uint64());
  throw std::runtime_error("\"" + std::string(key) + "\" is not an integer: " +
                           boost::json::serialize(x));
}

inline boost::json::array Arr(const boost::json::value& v,
                              std::string_view key) {
  const auto x = At(v, key);
  if (!x.is_array())
    throw std::runtime_error("\"" + std::string(key) + "\" is not an array: " +
                             boost::json::serialize(x));
  return x.as_array();
}

// error.code of an error response, or a description of why there is none.
inline std::string ErrorCode(const HttpResult& r) {
  try {
    return Str(At(r.Json(), "error"), "code");
  } catch (const std::exception& e) {
    return std::string("<no error.code: ") + e.what() + ">";
  }
}

// error.field of an error response; "" when absent.
inline std::string ErrorField(const HttpResult& r) {
  try {
    const auto error = At(r.Json(), "error");
    if (!error.as_object().contains("field")) return "";
    return Str(error, "field");
  } catch (const std::exception& e) {
    return std::string("<no error.field: ") + e.what() + ">";
  }
}

inline std::string ErrorMessage(const HttpResult& r) {
  try {
    return Str(At(r.Json(), "error"), "message");
  } catch (const std::exception& e) {
    return std::string("<no error.message: ") + e.what() + ">";
  }
}

inline std::string Brief(const HttpResult& r) {
  return "status " + std::to_string(r.status) +
         ", body: " + r.body.substr(0, 600);
}

#define EXPECT_STATUS(result, code) \
  EXPECT_EQ((result).status, (code)) << ::wangge::test::Brief(result)
#define ASSERT_STATUS(result, code) \
  ASSERT_EQ((result).status, (code)) << ::wangge::test::Brief(result)

// A JSON body from an object.
inline std::string Body(const boost::json::object& o) {
  return boost::json::serialize(o);
}

// ---------------------------------------------------------------------------
// ID numbers (GB 11643).

inline char IdCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kChecks = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

// A valid ID number: `region` (6 digits), `birth` (YYYYMMDD), `seq` (0..999;
// odd for men).
inline std::string MakeIdCard(std::string_view region, std::string_view birth,
                              int seq) {
  std::string seq_text = std::to_string(((seq % 1000) + 1000) % 1000);
  seq_text.insert(0, 3 - seq_text.size(), '0');
  std::string first17 = std::string(region) + std::string(birth) + seq_text;
  return first17 + IdCheckChar(first17);
}

// The same number with a check character that does not match.
inline std::string WithWrongCheck(const std::string& id) {
  std::string out = id;
  out[17] = out[17] == '0' ? '1' : '0';
  return out;
}

// ---------------------------------------------------------------------------
// One environment: data directory, demo, accounts and a running server.

struct EnvironmentOptions {
  // "" for SQLite in the data directory, else a postgresql:// URL.
  std::string db_url;
};

class ApiEnvironment {
 public:
  explicit ApiEnvironment(EnvironmentOptions options = {})
      : options_(std::move(options)), binary_(WanggeBinary()) {
    data_dir_ = temp_.path() + "/data";
    std::filesystem::create_directories(data_dir_);
    CommandResult init = Cli({"init", "--demo", "dongyang"});
    if (init.exit_code != 0)
      throw std::runtime_error("wangge init --demo dongyang failed: " +
                               init.Describe());
    init_output_ = init.out;
    // The accounts, created side by side (each `user add` spends most of
    // its time hashing; SQLite's busy timeout serialises the writes).
    const std::vector<std::vector<std::string>> accounts = {
        {kLeader, "community_leader", "--area", kCommunityCode},
        {kGrid01Staff, "grid_staff", "--grid", kGrid01},
        {kGrid02Staff, "grid_staff", "--grid", kGrid02},
        {kAuditor, "auditor", "", ""},
        {kAdmin, "system_admin", "", ""},
        {kPatrol, "patrol_member", "", ""},
        {kLockVictim, "grid_staff", "--grid", kGrid01},
        {kLogoutUser, "grid_staff", "--grid", kGrid01},
    };
    std::vector<std::unique_ptr<Spawned>> running;
    for (const auto& a : accounts)
      running.push_back(std::make_unique<Spawned>(
          Argv(UserAddArgs(a[0], a[1], a[2], a[3])), temp_.path()));
    std::string failures;
    for (size_t i = 0; i < running.size(); ++i) {
      CommandResult r = running[i]->Wait();
      if (r.exit_code != 0)
        failures += "wangge user add " + accounts[i][0] +
                    " failed: " + r.Describe() + "\n";
    }
    if (!failures.empty()) throw std::runtime_error(failures);
    ServerProcessOptions server_options;
    server_options.args_after_port = {"--threads", "4"};
    std::vector<std::string> args = {"serve"};
    for (auto& a : StoreArgs()) args.push_back(a);
    server_.emplace(ServerProcess::Start(binary_, args, server_options));
  }

  ApiEnvironment(const ApiEnvironment&) = delete;
  ApiEnvironment& operator=(const ApiEnvironment&) = delete;

  ~ApiEnvironment() {
    // The server goes before its data directory.
    if (server_) server_->Stop(std::chrono::seconds(10));
    server_.reset();
  }

  const std::string& binary() const { return binary_; }
  const std::string& data_dir() const { return data_dir_; }
  // A scratch directory for files a test writes (inside the temp dir).
  const std::string& scratch_dir() const { return temp_.path(); }
  const std::string& init_output() const { return init_output_; }
  ServerProcess& server() { return *server_; }
  uint16_t port() const { return server_->port(); }

  // "--data DIR" and, for PostgreSQL, "--db URL".
  std::vector<std::string> StoreArgs() const {
    std::vector<std::string> args = {"--data", data_dir_};
    if (!options_.db_url.empty()) {
      args.push_back("--db");
      args.push_back(options_.db_url);
    }
    return args;
  }

  // The command line `wangge ARGS... --data DIR [--db URL]`.
  std::vector<std::string> Argv(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {binary_};
    argv.insert(argv.end(), args.begin(), args.end());
    for (auto& a : StoreArgs()) argv.push_back(a);
    return argv;
  }

  // Runs `wangge ARGS... --data DIR [--db URL]`.
  CommandResult Cli(const std::vector<std::string>& args) const {
    return RunCommand(Argv(args), temp_.path());
  }

  // `wangge user add` with the common password; throws when it fails.
  void AddUser(const std::string& username, const std::string& role,
               const std::string& scope_flag = "",
               const std::string& scope_code = "") const {
    CommandResult r = Cli(UserAddArgs(username, role, scope_flag, scope_code));
    if (r.exit_code != 0)
      throw std::runtime_error("wangge user add " + username +
                               " failed: " + r.Describe());
  }

  static std::vector<std::string> UserAddArgs(const std::string& username,
                                              const std::string& role,
                                              const std::string& scope_flag,
                                              const std::string& scope_code) {
    std::vector<std::string> args = {"user",   "add",        "--username",
                                     username, "--password", kPassword,
                                     "--role", role};
    if (!scope_flag.empty()) {
      args.push_back(scope_flag);
      args.push_back(scope_code);
    }
    return args;
  }

  // A client without credentials.
  HttpClient Anonymous() const { return HttpClient(port()); }

  HttpResult LoginRequest(const std::string& username,
                          const std::string& password) const {
    HttpClient c = Anonymous();
    return c.Post("/api/v1/auth/login",
                  Body({{"username", username}, {"password", password}}));
  }

  // A new session; throws with the response when login fails.
  std::string Login(const std::string& username,
                    const std::string& password = kPassword) const {
    HttpResult r = LoginRequest(username, password);
    if (r.status != 200)
      throw std::runtime_error("login as " + username + " failed: " + Brief(r));
    return Str(r.Json(), "token");
  }

  // A client carrying a session of `username` (one login per user and
  // environment; do not log it out).
  HttpClient As(const std::string& username) {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(username);
    if (it == tokens_.end())
      it = tokens_.emplace(username, Login(username)).first;
    HttpClient c(port());
    c.SetBearer(it->second);
    return c;
  }

  // Grid code -> id, read once as the community leader.
  int64_t GridId(const std::string& code) {
    {
      std::lock_guard lock(mu_);
      if (auto it = grid_ids_.find(code); it != grid_ids_.end())
        return it->second;
    }
    HttpResult r = As(kLeader).Get("/api/v1/grids");
    if (r.status != 200)
      throw std::runtime_error("GET /api/v1/grids failed: " + Brief(r));
    std::lock_guard lock(mu_);
    for (const auto& g : Arr(r.Json(), "items"))
      grid_ids_[Str(g, "code")] = Int(g, "id");
    auto it = grid_ids_.find(code);
    if (it == grid_ids_.end()) throw std::runtime_error("no grid " + code);
    return it->second;
  }

  // The `total` of GET /api/v1/residents as `username` (default: the
  // community leader, who sees the whole demo).
  int64_t ResidentTotal(const std::string& username = kLeader) {
    HttpResult r = As(username).Get("/api/v1/residents?page_size=1");
    if (r.status != 200)
      throw std::runtime_error("GET /api/v1/residents failed: " + Brief(r));
    return Int(r.Json(), "total");
  }

 private:
  EnvironmentOptions options_;
  TempDir temp_;
  std::string binary_;
  std::string data_dir_;
  std::string init_output_;
  std::optional<ServerProcess> server_;
  std::mutex mu_;
  std::map<std::string, std::string> tokens_;
  std::map<std::string, int64_t> grid_ids_;
};

// Base of the API test suites: one environment per suite, started in
// SetUpTestSuite and torn down after the suite's last test. A failure to
// start fails every test of the suite with the reason.
class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartEnvironment({}); }
  static void TearDownTestSuite() { env_.reset(); }

  void SetUp() override {
    ASSERT_TRUE(env_) << "the test environment did not start: " << setup_error_;
  }

  static void StartEnvironment(EnvironmentOptions options) {
    env_.reset();
    setup_error_.clear();
    try {
      env_ = std::make_unique<ApiEnvironment>(std::move(options));
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }

  static ApiEnvironment& env() { return *env_; }

  static inline std::unique_ptr<ApiEnvironment> env_;
  static inline std::string setup_error_;
};

}  // namespace wangge::test
