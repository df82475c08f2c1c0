// The operator's commands on a demo database: online backup, boundary
// export and re-import, division preview, audit verification.
#include <gtest/gtest.h>

#include <filesystem>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    ASSERT_EQ(Run({"init", "--demo", "dongyang"}).exit_code, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Data() { return dir_->path() + "/data"; }
  static CommandResult Run(std::vector<std::string> args,
                           const std::string& db = "") {
    std::vector<std::string> argv = {WanggeBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data", Data()});
    if (!db.empty()) argv.insert(argv.end(), {"--db", db});
    return RunCommand(argv, dir_->path());
  }
  static TempDir* dir_;
};
TempDir* CliTest::dir_ = nullptr;

TEST_F(CliTest, BackupIsAWorkingCopyOfTheDatabase) {
  const std::string copy = dir_->path() + "/backup.db";
  CommandResult backup = Run({"backup", "--out", copy});
  ASSERT_EQ(backup.exit_code, 0) << backup.Describe();
  ASSERT_TRUE(std::filesystem::exists(copy));
  // The copy opens as a database of its own with the same grids.
  CommandResult grids =
      Run({"area", "list", "--level", "grid"}, "sqlite:" + copy);
  ASSERT_EQ(grids.exit_code, 0) << grids.Describe();
  EXPECT_NE(grids.out.find("32011500301212"), std::string::npos) << grids.out;
  EXPECT_NE(grids.out.find("households"), std::string::npos);
  // An existing file is never overwritten.
  EXPECT_EQ(Run({"backup", "--out", copy}).exit_code, 1);
  CommandResult pg = Run({"backup"}, "postgresql://wangge@db.example/wangge");
  EXPECT_EQ(pg.exit_code, 0);
  EXPECT_NE(pg.out.find("pg_dump"), std::string::npos) << pg.out;
}

TEST_F(CliTest, BoundariesExportAndImportBack) {
  const std::string file = dir_->path() + "/boundaries.geojson";
  CommandResult exported = Run({"grids", "export", "--out", file});
  ASSERT_EQ(exported.exit_code, 0) << exported.Describe();
  const std::string text = ReadWholeFile(file);
  EXPECT_NE(text.find("\"FeatureCollection\""), std::string::npos);
  CommandResult imported = Run({"grids", "import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.Describe();
  EXPECT_NE(imported.out.find("28 village groups"), std::string::npos)
      << imported.out;
  EXPECT_EQ(Run({"grids", "check"}).exit_code, 0);

  // A damaged file names its feature and changes nothing.
  std::string broken = text;
  broken.replace(broken.find("\"code\""), 6, "\"kode\"");
  WriteWholeFile(file, broken);
  CommandResult refused = Run({"grids", "import", file});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("feature 0"), std::string::npos) << refused.err;
  EXPECT_EQ(Run({"grids", "check"}).exit_code, 0);
}

TEST_F(CliTest, DividePreviewsUnlessApplied) {
  CommandResult preview = Run({"divide", "--grids", "12"});
  ASSERT_EQ(preview.exit_code, 0) << preview.Describe();
  EXPECT_NE(preview.out.find("12 grids"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("all connected"), std::string::npos);
  EXPECT_NE(preview.out.find("preview only"), std::string::npos);
  CommandResult bad = Run({"divide", "--grids", "0"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("grids"), std::string::npos) << bad.err;
}

TEST_F(CliTest, AuditChainVerifies) {
  CommandResult verify = Run({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.Describe();
  EXPECT_NE(verify.out.find("intact"), std::string::npos);
}

}  // namespace
}  // namespace wangge::test
