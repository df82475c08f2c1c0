// A fresh directory per test with the path of a SQLite file in it, removed
// afterwards: for tests of the SQLite layer's own parts.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

namespace wangge::store {

class SqliteFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "wangge-sqlite.XXXXXX")
            .string();
    ASSERT_TRUE(mkdtemp(tmpl.data()));
    dir_ = tmpl;
    path_ = (std::filesystem::path(dir_) / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_, path_;
};

}  // namespace wangge::store
