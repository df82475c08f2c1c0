#include "store/backend_fixture.h"

#include <sodium.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "store/postgres/pg_connection.h"

namespace wangge::store::testing {

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::kSqlite) {
    char tmpl[] = "/tmp/wangge-store-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    url_ = "sqlite:" + dir_ + "/test.db";
  } else {
    const char* base = std::getenv("WANGGE_TEST_PG_URL");
    if (!base || !*base)
      GTEST_SKIP() << "WANGGE_TEST_PG_URL not set (make test sets it)";
    schema_ = "contract_" + std::to_string(::getpid()) + "_" +
              std::to_string(randombytes_random() % 1000000);
    auto admin = PgConnection::Open(base);
    ASSERT_TRUE(admin) << admin.error().message;
    ASSERT_TRUE((*admin)->ExecScript("CREATE SCHEMA " + schema_));
    const std::string sep =
        std::string(base).find('?') == std::string::npos ? "?" : "&";
    url_ = std::string(base) + sep + "options=-csearch_path%3D" + schema_;
  }
  auto opened = Database::Open({.url = url_, .data_dir = dir_, .pool_size = 4});
  ASSERT_TRUE(opened) << opened.error().message;
  db_ = std::move(*opened);
}

std::unique_ptr<Database> BackendTest::OpenAgain() {
  auto opened = Database::Open({.url = url_, .data_dir = dir_, .pool_size = 4});
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(*opened) : nullptr;
}

void BackendTest::TearDown() {
  db_.reset();
  if (!schema_.empty()) {
    auto admin = PgConnection::Open(std::getenv("WANGGE_TEST_PG_URL"));
    if (admin)
      (void)(*admin)->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
  }
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

}  // namespace wangge::store::testing
