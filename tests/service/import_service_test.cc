#include "service/import_service.h"

#include "service/tabular/csv.h"
#include "service_fixture.h"
#include "store/registry_store.h"

namespace wangge::service::testing {
namespace {

class ImportServiceTest : public ServiceTest {
 protected:
  int64_t Residents() {
    auto n = db_->Read([](store::Connection& c) {
      return store::RegistryStore::CountResidents(c);
    });
    return n.value_or(-1);
  }
  std::string Csv(const std::string& bad_id) {
    return "\xEF\xBB\xBF网格编码,户编号,小区/村,幢/"
           "门牌,姓名,身份证号,人员类别,户籍地,"
           "来本地日期,标签\r\n" +
           std::string(kGrid1) + ",H1,东阳花园,1幢,王建国," +
           MakeIdCard("320115", "19600101", 11) + ",户籍,,,低保对象\r\n" +
           kGrid1 + ",H1,东阳花园,1幢,李秀英," + bad_id + ",户籍,,,\r\n" +
           kGrid2 + ",H2,东阳新村,5幢,陶志勇," +
           MakeIdCard("341126", "19790810", 33) +
           ",流动,安徽省滁州市凤阳县,2026-11-01,\r\n";
  }
};

TEST_F(ImportServiceTest, ABadRowImportsNothingAndIsNamed) {
  std::string bad = MakeIdCard("320115", "19620202", 12);
  bad.back() = bad.back() == '1' ? '2' : '1';
  auto report = imports_->ImportResidents(Actor::Cli(), Csv(bad),
                                          SkipInvalid::kNo, DryRun::kNo);
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].row, 3);
  EXPECT_EQ(report->errors[0].column, "身份证号");
  EXPECT_EQ(report->imported_rows, 0);
  EXPECT_EQ(Residents(), 0);
}

TEST_F(ImportServiceTest, SkipInvalidImportsTheGoodRows) {
  auto report = imports_->ImportResidents(Actor::Cli(), Csv("123"),
                                          SkipInvalid::kYes, DryRun::kNo);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->imported_rows, 2);
  EXPECT_EQ(report->households_created, 2);
  EXPECT_EQ(Residents(), 2);
  RegistryQuery q;
  q.tag = "low_income";
  auto tagged = registry_->ListResidents(Actor::Cli(), q);
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->total, 1) << "Chinese tag names map to codes";
}

TEST_F(ImportServiceTest, DryRunChecksWithoutWriting) {
  auto report = imports_->ImportResidents(
      Actor::Cli(), Csv(MakeIdCard("320115", "19620202", 12)), SkipInvalid::kNo,
      DryRun::kYes);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(report->imported_rows, 3);
  EXPECT_EQ(Residents(), 0);
}

TEST_F(ImportServiceTest, UnknownColumnsAndOutOfScopeGridsAreErrors) {
  auto unknown = imports_->ImportResidents(
      Actor::Cli(), "网格编码,户编号,小区/村,姓名,血型\n1,2,3,4,5\n",
      SkipInvalid::kYes, DryRun::kNo);
  ASSERT_TRUE(unknown);
  ASSERT_FALSE(unknown->errors.empty());
  EXPECT_EQ(unknown->errors[0].column, "血型");
  EXPECT_EQ(unknown->imported_rows, 0);

  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  auto report = imports_->ImportResidents(
      staff, Csv(MakeIdCard("320115", "19620202", 12)), SkipInvalid::kNo,
      DryRun::kNo);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_EQ(report->errors[0].row, 4);
  EXPECT_EQ(report->errors[0].column, "网格编码");
  EXPECT_EQ(Residents(), 0);
}

TEST_F(ImportServiceTest, ExportReimportsAfterRevealWithSameRows) {
  ASSERT_TRUE(imports_->ImportResidents(
      Actor::Cli(), Csv(MakeIdCard("320115", "19620202", 12)), SkipInvalid::kNo,
      DryRun::kNo));
  auto masked = imports_->ExportResidents(Actor::Cli(), {});
  ASSERT_TRUE(masked);
  ASSERT_EQ(masked->rows.size(), 3u);
  EXPECT_NE(masked->rows[0][17].find("********"), std::string::npos);
  ExportOptions reveal;
  reveal.reveal = true;
  reveal.reason = "迁移到新系统";
  auto full = imports_->ExportResidents(Actor::Cli(), reveal);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->rows[0][17], MakeIdCard("320115", "19600101", 11));
  // A full export parses back into the same number of rows.
  auto parsed = tabular::ParseCsv(tabular::WriteCsv(*full));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->rows.size(), 3u);
}

}  // namespace
}  // namespace wangge::service::testing
