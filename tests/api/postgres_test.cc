// The key flows against PostgreSQL: demo loaded with --db, served with
// --db. Runs when WANGGE_TEST_PG_URL is set (scripts/with-postgres.sh);
// each run works in a fresh schema made with psql, dropped afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

std::string PsqlBinary() {
  for (const char* candidate : {"/usr/bin/psql", "/usr/local/bin/psql"})
    if (access(candidate, X_OK) == 0) return candidate;
  return "";
}

class PostgresApiTest : public ApiTest {
 protected:
  static void SetUpTestSuite() {
    skip_reason_.clear();
    setup_error_.clear();
    const char* url = std::getenv("WANGGE_TEST_PG_URL");
    if (!url || !*url) {
      skip_reason_ =
          "WANGGE_TEST_PG_URL is not set (run under scripts/with-postgres.sh)";
      return;
    }
    psql_ = PsqlBinary();
    if (psql_.empty()) {
      skip_reason_ = "psql is not installed; cannot make a fresh schema";
      return;
    }
    base_url_ = url;
    std::mt19937_64 rng(
        std::random_device{}() ^ static_cast<uint64_t>(getpid()) ^
        static_cast<uint64_t>(
            std::chrono::steady_clock::now().time_since_epoch().count()));
    char name[32];
    std::snprintf(name, sizeof name, "api_%016llx",
                  static_cast<unsigned long long>(rng()));
    schema_ = name;
    TempDir scratch;
    CommandResult created =
        RunCommand({psql_, base_url_, "-v", "ON_ERROR_STOP=1", "-q", "-c",
                    "CREATE SCHEMA " + schema_},
                   scratch.path());
    if (created.exit_code != 0) {
      setup_error_ = "psql CREATE SCHEMA failed: " + created.Describe();
      schema_.clear();
      return;
    }
    const std::string url_with_schema =
        base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
        "options=-csearch_path%3D" + schema_;
    StartEnvironment({url_with_schema});
  }

  static void TearDownTestSuite() {
    env_.reset();
    if (!schema_.empty()) {
      TempDir scratch;
      RunCommand({psql_, base_url_, "-q", "-c",
                  "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"},
                 scratch.path());
      schema_.clear();
    }
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    ApiTest::SetUp();
  }

  static inline std::string skip_reason_;
  static inline std::string psql_;
  static inline std::string base_url_;
  static inline std::string schema_;
};

TEST_F(PostgresApiTest, HealthReportsPostgres) {
  HttpResult r = env().Anonymous().Get("/api/v1/health");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(Str(r.Json(), "database"), "postgresql");
  EXPECT_NE(env().init_output().find("postgresql://"), std::string::npos)
      << env().init_output();
  // The tables live in this run's own schema.
  CommandResult tables = RunCommand(
      {psql_, base_url_, "-At", "-c",
       "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" +
           schema_ + "'"},
      env().scratch_dir());
  ASSERT_EQ(tables.exit_code, 0) << tables.Describe();
  EXPECT_GT(std::stoi(tables.out), 10) << tables.Describe();
}

TEST_F(PostgresApiTest, LoginGridsAndScope) {
  HttpResult login = env().LoginRequest(kLeader, kPassword);
  ASSERT_STATUS(login, 200);
  EXPECT_EQ(Str(At(login.Json(), "user"), "role"), "community_leader");
  EXPECT_STATUS(env().LoginRequest(kLeader, "Wrong-pass-1"), 401);

  HttpResult grids = env().As(kLeader).Get("/api/v1/grids");
  ASSERT_STATUS(grids, 200);
  EXPECT_EQ(Arr(grids.Json(), "items").size(), 12u);
  EXPECT_EQ(Int(grids.Json(), "households"), 3000);
  for (const auto& g : Arr(grids.Json(), "items"))
    EXPECT_EQ(Str(At(g, "community"), "name"), "东阳社区");

  HttpResult own = env().As(kGrid01Staff).Get("/api/v1/grids");
  ASSERT_STATUS(own, 200);
  EXPECT_EQ(Arr(own.Json(), "items").size(), 1u);

  HttpResult other =
      env().As(kLeader).Get("/api/v1/residents?page_size=1&grid_id=" +
                            std::to_string(env().GridId(kGrid02)));
  ASSERT_STATUS(other, 200);
  const int64_t id = Int(Arr(other.Json(), "items")[0], "id");
  HttpResult refused =
      env().As(kGrid01Staff).Get("/api/v1/residents/" + std::to_string(id));
  EXPECT_STATUS(refused, 403);
  EXPECT_EQ(ErrorCode(refused), "auth.forbidden");
}

TEST_F(PostgresApiTest, RevealIsAuditedAndChainIntact) {
  HttpResult list =
      env().As(kGrid01Staff).Get("/api/v1/residents?page_size=20");
  ASSERT_STATUS(list, 200);
  int64_t id = 0;
  std::string masked;
  for (const auto& item : Arr(list.Json(), "items"))
    if (!Str(item, "id_card").empty()) {
      id = Int(item, "id");
      masked = Str(item, "id_card");
      break;
    }
  ASSERT_GT(id, 0);
  const std::string path = "/api/v1/residents/" + std::to_string(id);

  HttpResult no_reason = env().As(kGrid01Staff).Post(path + "/reveal", "{}");
  EXPECT_STATUS(no_reason, 400);
  EXPECT_EQ(ErrorField(no_reason), "reason");

  HttpResult revealed =
      env()
          .As(kGrid01Staff)
          .Post(path + "/reveal", Body({{"reason", "核实身份"}}));
  ASSERT_STATUS(revealed, 200);
  const std::string full = Str(revealed.Json(), "id_card");
  ASSERT_EQ(full.size(), 18u);
  EXPECT_EQ(full.substr(0, 6), masked.substr(0, 6));
  EXPECT_EQ(full.substr(14), masked.substr(14));
  EXPECT_EQ(env().As(kGrid01Staff).Get(path).body.find(full),
            std::string::npos);

  HttpResult audit = env().As(kAuditor).Get(
      "/api/v1/audit?action=resident.reveal&target_id=" + std::to_string(id));
  ASSERT_STATUS(audit, 200);
  int ok = 0;
  for (const auto& e : Arr(audit.Json(), "items"))
    if (Str(e, "result") == "ok") {
      ++ok;
      EXPECT_EQ(Str(boost::json::parse(Str(e, "detail")), "reason"),
                "核实身份");
    }
  EXPECT_EQ(ok, 1) << audit.body;

  HttpResult verify = env().As(kAuditor).Get("/api/v1/audit/verify");
  ASSERT_STATUS(verify, 200);
  EXPECT_TRUE(At(verify.Json(), "intact").as_bool()) << verify.body;
}

TEST_F(PostgresApiTest, WritesRollBackCleanly) {
  HttpResult households =
      env().As(kLeader).Get("/api/v1/households?page_size=1&grid_id=" +
                            std::to_string(env().GridId(kGrid01)));
  ASSERT_STATUS(households, 200);
  const int64_t household = Int(Arr(households.Json(), "items")[0], "id");
  // Imported rows join this existing household, so that the demo's
  // household count stays as other tests expect it.
  const std::string household_no =
      Str(Arr(households.Json(), "items")[0], "household_no");
  const std::string id_card = MakeIdCard("110101", "20010801", 951);
  const int64_t before = env().ResidentTotal();

  const boost::json::object body{
      {"household_id", household}, {"name", "库测试"}, {"id_card", id_card}};
  HttpResult created =
      env().As(kGrid01Staff).Post("/api/v1/residents", Body(body));
  ASSERT_STATUS(created, 201);
  HttpResult duplicate =
      env().As(kGrid01Staff).Post("/api/v1/residents", Body(body));
  EXPECT_STATUS(duplicate, 409);
  EXPECT_EQ(ErrorField(duplicate), "id_card");
  // The connection that saw the unique violation is usable again.
  EXPECT_EQ(env().ResidentTotal(), before + 1);

  // An import with a bad row writes nothing; skipping writes the rest.
  std::string csv = "\xEF\xBB\xBF网格编码,户编号,小区/村,姓名,身份证号\r\n";
  csv += std::string(kGrid01) + "," + household_no + ",导入小区,导入甲," +
         MakeIdCard("110101", "20010802", 953) + "\r\n";
  csv += std::string(kGrid01) + "," + household_no + ",导入小区,导入乙," +
         WithWrongCheck(MakeIdCard("110101", "20010803", 955)) + "\r\n";
  HttpResult refused = env().As(kLeader).Post("/api/v1/imports/residents", csv,
                                              {{"Content-Type", "text/csv"}});
  ASSERT_STATUS(refused, 422);
  EXPECT_EQ(Int(Arr(refused.Json(), "errors")[0], "row"), 3);
  EXPECT_EQ(env().ResidentTotal(), before + 1);
  HttpResult skipped =
      env().As(kLeader).Post("/api/v1/imports/residents?skip_invalid=true", csv,
                             {{"Content-Type", "text/csv"}});
  ASSERT_STATUS(skipped, 200);
  EXPECT_EQ(Int(skipped.Json(), "imported_rows"), 1);
  EXPECT_EQ(env().ResidentTotal(), before + 2);
}

// The deadline job run by two processes at once on one PostgreSQL: every
// late case gets exactly one red supervision and one escalation, whichever
// process claims it (SKIP LOCKED plus the unique index on supervisions).
TEST_F(PostgresApiTest, DeadlineJobInTwoProcessesEscalatesEachCaseOnce) {
  HttpResult cats = env().As(kLeader).Get("/api/v1/categories");
  ASSERT_STATUS(cats, 200);
  int64_t category = 0;
  for (const auto& c : Arr(cats.Json(), "items"))
    if (Str(c, "code") == "C0201") category = Int(c, "id");
  const std::string body = R"({"category_id":)" + std::to_string(category) +
                           R"(,"source":"hotline","grid_id":)" +
                           std::to_string(env().GridId(kGrid01)) + "}";
  std::vector<int64_t> ids;
  for (int i = 0; i < 60; ++i) {
    HttpResult r = env().As(kGrid01Staff).Post("/api/v1/cases", body);
    ASSERT_STATUS(r, 201);
    ids.push_back(Int(r.Json(), "id"));
  }
  // Ten days on every accept step is long past its limit.
  const std::string at =
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() +
                     10LL * 24 * 3600 * 1000);
  TempDir scratch;
  auto run_pair = [&] {
    Spawned a(env().Argv({"jobs", "deadlines", "--at", at, "--batch", "7",
                          "--worker", "A"}),
              scratch.path());
    Spawned b(env().Argv({"jobs", "deadlines", "--at", at, "--batch", "7",
                          "--worker", "B"}),
              scratch.path());
    return std::pair(a.Wait(), b.Wait());
  };
  auto [a, b] = run_pair();
  ASSERT_EQ(a.exit_code, 0) << a.Describe();
  ASSERT_EQ(b.exit_code, 0) << b.Describe();
  for (int64_t id : ids) {
    HttpResult s = env().As(kLeader).Get("/api/v1/cases/" + std::to_string(id) +
                                         "/supervisions");
    ASSERT_STATUS(s, 200);
    int red = 0, escalations = 0;
    for (const auto& item : Arr(s.Json(), "items")) {
      if (Str(item, "kind") == "auto" && Str(item, "level") == "red") ++red;
      if (Str(item, "kind") == "escalation") ++escalations;
    }
    EXPECT_EQ(red, 1) << "case " << id;
    EXPECT_EQ(escalations, 1) << "case " << id;
    HttpResult c = env().As(kLeader).Get("/api/v1/cases/" + std::to_string(id));
    EXPECT_EQ(Int(c.Json(), "escalation_level"), 1);
    EXPECT_EQ(Str(At(c.Json(), "owner"), "kind"), "street");
  }
  // Nothing is left to do at the same instant, in either process.
  auto [a2, b2] = run_pair();
  EXPECT_NE(a2.out.find("red 0, escalated 0"), std::string::npos) << a2.out;
  EXPECT_NE(b2.out.find("red 0, escalated 0"), std::string::npos) << b2.out;
}

}  // namespace
}  // namespace wangge::test
