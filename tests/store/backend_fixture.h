// Opens a fresh, migrated database of each backend for contract tests:
// SQLite in a temporary file, PostgreSQL in a fresh schema on the server
// named by WANGGE_TEST_PG_URL (skipped when unset).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/database.h"

namespace wangge::store::testing {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;
  Database& db() { return *db_; }
  // A second, independent pool on the same database (another "process").
  std::unique_ptr<Database> OpenAgain();

  std::unique_ptr<Database> db_;
  std::string url_;
  std::string dir_;
  std::string schema_;
};

}  // namespace wangge::store::testing
