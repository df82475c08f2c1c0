// SIGTERM stops the server cleanly: exit status 0, and what it acknowledged
// before is on disk for the next process.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "api/support/server_process.h"

namespace wangge::test {
namespace {

TEST(ShutdownTest, SigtermExitsCleanlyAndKeepsAcknowledgedWrites) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  auto cli = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {WanggeBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", data});
    return RunCommand(argv, dir.path());
  };
  ASSERT_EQ(cli({"init"}).exit_code, 0);
  ASSERT_EQ(cli({"area", "add", "--level", "district", "--code", "320115",
                 "--name", "江宁区"})
                .exit_code,
            0);
  ASSERT_EQ(cli({"user", "add", "--username", "sysadmin", "--password",
                 "Test-pass-1", "--role", "system_admin"})
                .exit_code,
            0);
  {
    ServerProcess server =
        ServerProcess::Start(WanggeBinary(), {"serve", "--data", data});
    HttpClient client = server.Client();
    HttpResult login =
        client.Post("/api/v1/auth/login",
                    R"({"username":"sysadmin","password":"Test-pass-1"})");
    ASSERT_EQ(login.status, 200) << login.body;
    client.SetBearer(std::string(login.Json().at("token").as_string()));
    HttpResult created = client.Post(
        "/api/v1/areas",
        R"({"level":"street","parent_code":"320115","name":"汤山街道","seq":3})");
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(server.Stop(), 0) << server.Output();
  }
  CommandResult listed = cli({"area", "list", "--level", "street"});
  ASSERT_EQ(listed.exit_code, 0) << listed.Describe();
  EXPECT_NE(listed.out.find("320115003"), std::string::npos)
      << listed.Describe();
  EXPECT_NE(listed.out.find("汤山街道"), std::string::npos);
}

}  // namespace
}  // namespace wangge::test
