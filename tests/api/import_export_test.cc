// Import of the residents sheet (CSV and .xlsx, API and CLI) with per-row
// errors, and the masked export.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr const char* kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The three ID numbers of one test file: a man, a woman whose number has a
// wrong check digit, and a woman (floating).
struct ImportIds {
  std::string first, second_bad, third;
};

ImportIds IdsFor(int seq_base) {
  return {MakeIdCard("110101", "20010701", seq_base + 1),
          WithWrongCheck(MakeIdCard("110101", "20010702", seq_base + 2)),
          MakeIdCard("110101", "20010703", seq_base + 4)};
}

// UTF-8 with BOM, Chinese headers, CRLF: three residents in two new
// households of grid 01; row 3 of the file has a bad ID number.
std::string BadRowCsv(const std::string& household_prefix, int seq_base) {
  const ImportIds ids = IdsFor(seq_base);
  std::string csv(kBom);
  csv +=
      "网格编码,户编号,小区/村,幢/门牌,单元,室,姓名,性别,身份证号,手机号,"
      "人员类别,户籍地,来本地日期\r\n";
  const std::string grid = kGrid01;
  csv += grid + "," + household_prefix +
         "-A,导入小区,1幢,1单元,101,导入一,男," + ids.first +
         ",13912340001,户籍,江苏省南京市,\r\n";
  csv += grid + "," + household_prefix +
         "-A,导入小区,1幢,1单元,101,导入二,女," + ids.second_bad +
         ",,户籍,江苏省南京市,\r\n";
  csv += grid + "," + household_prefix +
         "-B,导入小区,2幢,1单元,202,导入三,女," + ids.third +
         ",13912340003,流动,安徽省合肥市,2024-03-01\r\n";
  return csv;
}

// RFC 4180 records (quotes, "" escapes, CRLF or LF).
std::vector<std::vector<std::string>> ParseCsvText(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        cell += ch;
      }
      continue;
    }
    if (ch == '"') {
      quoted = true;
      any = true;
    } else if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row.clear();
      cell.clear();
      any = false;
    } else {
      cell += ch;
      any = true;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

size_t ColumnIndex(const std::vector<std::string>& header,
                   std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return header.size();
}

class ImportExportApiTest : public ApiTest {
 protected:
  static HttpResult Import(const std::string& user, const std::string& bytes,
                           const std::string& query = "",
                           const std::string& type = "text/csv") {
    return env().As(user).Post("/api/v1/imports/residents" + query, bytes,
                               {{"Content-Type", type}});
  }

  static int64_t GridPopulation(const char* grid_code) {
    HttpResult r =
        env().As(kLeader).Get("/api/v1/residents?page_size=1&grid_id=" +
                              std::to_string(env().GridId(grid_code)));
    if (r.status != 200)
      throw std::runtime_error("listing residents failed: " + Brief(r));
    return Int(r.Json(), "total");
  }

  static int64_t CountById(const std::string& id_card) {
    HttpResult r =
        env().As(kLeader).Get("/api/v1/residents?id_card=" + id_card);
    if (r.status != 200)
      throw std::runtime_error("search by ID failed: " + Brief(r));
    return Int(r.Json(), "total");
  }
};

TEST_F(ImportExportApiTest, CsvWithBadRowImportsNothingUnlessSkipped) {
  const std::string csv = BadRowCsv("IMP-HTTP", 800);
  const ImportIds ids = IdsFor(800);
  const int64_t before = env().ResidentTotal();

  HttpResult refused = Import(kLeader, csv);
  ASSERT_STATUS(refused, 422);
  const auto report = refused.Json();
  const auto errors = Arr(report, "errors");
  ASSERT_EQ(errors.size(), 1u) << refused.body;
  EXPECT_EQ(Int(errors[0], "row"), 3);
  EXPECT_EQ(Str(errors[0], "column"), "身份证号");
  EXPECT_FALSE(Str(errors[0], "message").empty());
  EXPECT_EQ(Int(report, "imported_rows"), 0);
  EXPECT_EQ(Int(report, "total_rows"), 3);
  EXPECT_EQ(Int(report, "households_created"), 0);
  EXPECT_EQ(env().ResidentTotal(), before);
  EXPECT_EQ(CountById(ids.first), 0);
  // The error does not echo the number.
  EXPECT_EQ(refused.body.find(ids.second_bad), std::string::npos);

  // A dry run checks the same way and writes nothing.
  HttpResult dry = Import(kLeader, csv, "?dry_run=true&skip_invalid=true");
  ASSERT_STATUS(dry, 200);
  EXPECT_TRUE(At(dry.Json(), "dry_run").as_bool());
  EXPECT_EQ(Int(dry.Json(), "imported_rows"), 2);
  EXPECT_EQ(env().ResidentTotal(), before);

  HttpResult skipped = Import(kLeader, csv, "?skip_invalid=true");
  ASSERT_STATUS(skipped, 200);
  EXPECT_EQ(Int(skipped.Json(), "imported_rows"), 2);
  EXPECT_EQ(Int(skipped.Json(), "skipped_rows"), 1);
  EXPECT_EQ(Int(skipped.Json(), "households_created"), 2);
  ASSERT_EQ(Arr(skipped.Json(), "errors").size(), 1u);
  EXPECT_EQ(Int(Arr(skipped.Json(), "errors")[0], "row"), 3);
  EXPECT_EQ(env().ResidentTotal(), before + 2);

  // The imported rows are there, in grid 01, with the labels decoded.
  HttpResult first =
      env().As(kGrid01Staff).Get("/api/v1/residents?id_card=" + ids.first);
  ASSERT_STATUS(first, 200);
  ASSERT_EQ(Int(first.Json(), "total"), 1);
  const auto one = Arr(first.Json(), "items")[0];
  EXPECT_EQ(Str(one, "name"), "导入一");
  EXPECT_EQ(Str(one, "gender"), "M");
  EXPECT_EQ(Str(one, "grid_code"), kGrid01);
  EXPECT_EQ(Str(one, "household_no"), "IMP-HTTP-A");
  EXPECT_EQ(Str(one, "phone"), "139****0001");
  HttpResult third =
      env().As(kGrid01Staff).Get("/api/v1/residents?id_card=" + ids.third);
  ASSERT_STATUS(third, 200);
  ASSERT_EQ(Int(third.Json(), "total"), 1);
  const auto three = Arr(third.Json(), "items")[0];
  EXPECT_EQ(Str(three, "category"), "floating");
  EXPECT_EQ(Str(three, "origin"), "安徽省合肥市");
  EXPECT_EQ(Str(three, "registration_deadline"), "2024-03-04");

  // The same file again: the good rows are now duplicates.
  HttpResult again = Import(kLeader, csv, "?skip_invalid=true");
  EXPECT_STATUS(again, 422);
  EXPECT_EQ(Int(again.Json(), "imported_rows"), 0);
  EXPECT_EQ(Arr(again.Json(), "errors").size(), 3u) << again.body;
  EXPECT_EQ(env().ResidentTotal(), before + 2);

  // The import is audited.
  HttpResult audit =
      env().As(kAuditor).Get("/api/v1/audit?action=registry.import");
  ASSERT_STATUS(audit, 200);
  EXPECT_GE(Int(audit.Json(), "total"), 1);
}

TEST_F(ImportExportApiTest, ImportRespectsRoleAndScope) {
  const int64_t before = env().ResidentTotal();
  // Grid 02 staff may not import into grid 01.
  HttpResult outside =
      Import(kGrid02Staff, BadRowCsv("IMP-SCOPE", 700), "?skip_invalid=true");
  EXPECT_STATUS(outside, 422);
  EXPECT_EQ(Int(outside.Json(), "imported_rows"), 0);
  for (const auto& e : Arr(outside.Json(), "errors")) {
    const int64_t row = Int(e, "row");
    EXPECT_TRUE(row == 2 || row == 3 || row == 4) << row;
    EXPECT_EQ(Str(e, "column"), "网格编码") << outside.body;
  }
  EXPECT_EQ(Arr(outside.Json(), "errors").size(), 3u) << outside.body;

  HttpResult patrol = Import(kPatrol, BadRowCsv("IMP-SCOPE", 700));
  EXPECT_STATUS(patrol, 403);
  EXPECT_EQ(ErrorCode(patrol), "auth.forbidden");

  HttpResult empty = Import(kLeader, "");
  EXPECT_STATUS(empty, 400);
  EXPECT_EQ(ErrorField(empty), "body");

  HttpResult gbk = Import(kLeader, "\xCD\xF8\xB8\xF1\xB1\xE0\xC2\xEB\r\n1\r\n");
  EXPECT_STATUS(gbk, 400);
  EXPECT_EQ(ErrorCode(gbk), "import.encoding");

  HttpResult unknown_column = Import(
      kLeader, std::string(kBom) + "网格编码,户编号,小区/村,姓名,鞋码\r\n" +
                   kGrid01 + ",IMP-COL-A,导入小区,某人,42\r\n");
  EXPECT_STATUS(unknown_column, 422);
  ASSERT_FALSE(Arr(unknown_column.Json(), "errors").empty());
  EXPECT_EQ(Int(Arr(unknown_column.Json(), "errors")[0], "row"), 1);
  EXPECT_EQ(Str(Arr(unknown_column.Json(), "errors")[0], "column"), "鞋码");

  EXPECT_EQ(env().ResidentTotal(), before);
}

TEST_F(ImportExportApiTest, CliImportReportsTheRow) {
  const std::string file = env().scratch_dir() + "/bad-row.csv";
  WriteWholeFile(file, BadRowCsv("IMP-CLI", 600));
  const ImportIds ids = IdsFor(600);
  const int64_t before = env().ResidentTotal();

  CommandResult refused = env().Cli({"import", file});
  EXPECT_EQ(refused.exit_code, 1) << refused.Describe();
  EXPECT_NE(refused.err.find("row 3"), std::string::npos) << refused.Describe();
  EXPECT_NE(refused.err.find("身份证号"), std::string::npos)
      << refused.Describe();
  EXPECT_EQ(env().ResidentTotal(), before);

  CommandResult skipped = env().Cli({"import", file, "--skip-invalid"});
  EXPECT_EQ(skipped.exit_code, 0) << skipped.Describe();
  EXPECT_NE(skipped.out.find("imported 2 of 3"), std::string::npos)
      << skipped.Describe();
  // The running server sees what the CLI wrote.
  EXPECT_EQ(env().ResidentTotal(), before + 2);
  EXPECT_EQ(CountById(ids.first), 1);
  EXPECT_EQ(CountById(ids.third), 1);
}

TEST_F(ImportExportApiTest, XlsxExportReimportReportsEveryMaskedRow) {
  const int64_t grid01 = env().GridId(kGrid01);
  HttpResult xlsx =
      env().As(kLeader).Get("/api/v1/exports/residents?format=xlsx&grid_id=" +
                            std::to_string(grid01));
  ASSERT_STATUS(xlsx, 200);
  EXPECT_NE(xlsx.Header("Content-Type").find("spreadsheetml"),
            std::string::npos)
      << xlsx.Header("Content-Type");
  EXPECT_NE(xlsx.Header("Content-Disposition").find(".xlsx"),
            std::string::npos);
  ASSERT_GE(xlsx.body.size(), 4u);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");

  const int64_t population = GridPopulation(kGrid01);
  const int64_t before = env().ResidentTotal();
  HttpResult reimport = Import(kLeader, xlsx.body, "", kXlsxType);
  ASSERT_STATUS(reimport, 422);
  const auto report = reimport.Json();
  EXPECT_EQ(Int(report, "total_rows"), population);
  EXPECT_EQ(Int(report, "imported_rows"), 0);
  const auto errors = Arr(report, "errors");
  // Every row carries masked numbers, so every row is refused, each once,
  // numbered as the spreadsheet shows it (header = row 1).
  EXPECT_EQ(static_cast<int64_t>(errors.size()), population);
  std::set<int64_t> rows;
  int id_errors = 0;
  for (const auto& e : errors) {
    rows.insert(Int(e, "row"));
    const std::string column = Str(e, "column");
    EXPECT_TRUE(column == "身份证号" || column == "房东电话") << column;
    id_errors += column == "身份证号";
  }
  EXPECT_EQ(static_cast<int64_t>(rows.size()), population);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(*rows.begin(), 2);
  EXPECT_EQ(*rows.rbegin(), population + 1);
  EXPECT_GT(id_errors, 0);
  EXPECT_EQ(env().ResidentTotal(), before);

  // Skipping invalid rows leaves nothing to import either.
  HttpResult skipped =
      Import(kLeader, xlsx.body, "?skip_invalid=true", kXlsxType);
  EXPECT_STATUS(skipped, 422);
  EXPECT_EQ(env().ResidentTotal(), before);

  // A broken workbook is a clear error, not a crash.
  HttpResult truncated =
      Import(kLeader, xlsx.body.substr(0, xlsx.body.size() / 2), "", kXlsxType);
  EXPECT_GE(truncated.status, 400) << Brief(truncated);
  EXPECT_LT(truncated.status, 500) << Brief(truncated);
  EXPECT_STATUS(env().Anonymous().Get("/api/v1/health"), 200);
}

TEST_F(ImportExportApiTest, CsvExportIsMaskedAndComplete) {
  HttpResult grids = env().As(kLeader).Get("/api/v1/grids");
  ASSERT_STATUS(grids, 200);
  const int64_t population = Int(grids.Json(), "population");

  HttpResult r = env().As(kLeader).Get("/api/v1/exports/residents");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.Header("Content-Type").rfind("text/csv", 0), 0u)
      << r.Header("Content-Type");
  EXPECT_NE(r.Header("Content-Disposition").find("attachment"),
            std::string::npos);
  ASSERT_EQ(r.body.substr(0, 3), kBom);
  const auto records = ParseCsvText(std::string_view(r.body).substr(3));
  ASSERT_FALSE(records.empty());
  const auto& header = records[0];
  const size_t id_col = ColumnIndex(header, "身份证号");
  const size_t phone_col = ColumnIndex(header, "手机号");
  const size_t grid_col = ColumnIndex(header, "网格编码");
  ASSERT_LT(id_col, header.size()) << r.body.substr(0, 400);
  ASSERT_LT(phone_col, header.size());
  ASSERT_LT(grid_col, header.size());
  EXPECT_EQ(static_cast<int64_t>(records.size()) - 1, population);
  EXPECT_EQ(static_cast<int64_t>(records.size()) - 1, env().ResidentTotal());

  const std::regex masked_id(R"(^\d{6}\*{8}[0-9X]{4}$)");
  const std::regex masked_phone(R"(^\d{3}\*{4}\d{4}$)");
  int ids = 0, phones = 0;
  for (size_t i = 1; i < records.size(); ++i) {
    const auto& row = records[i];
    ASSERT_EQ(row.size(), header.size()) << "record " << i;
    EXPECT_EQ(row[grid_col].rfind(kCommunityCode, 0), 0u) << row[grid_col];
    if (!row[id_col].empty()) {
      ++ids;
      EXPECT_TRUE(std::regex_match(row[id_col], masked_id))
          << "record " << i << ": " << row[id_col];
    }
    if (!row[phone_col].empty()) {
      ++phones;
      EXPECT_TRUE(std::regex_match(row[phone_col], masked_phone))
          << "record " << i << ": " << row[phone_col];
    }
  }
  EXPECT_GT(ids, population / 2);
  EXPECT_GT(phones, 0);
  // No full ID number or mobile number anywhere in the file.
  std::smatch m;
  EXPECT_FALSE(std::regex_search(r.body, m, std::regex(R"(\d{17}[0-9X])")))
      << m.str();
  EXPECT_FALSE(std::regex_search(r.body, m, std::regex(R"(1[3-9]\d{9})")))
      << m.str();

  // Grid staff export only their grid.
  HttpResult own = env().As(kGrid01Staff).Get("/api/v1/exports/residents");
  ASSERT_STATUS(own, 200);
  const auto own_records = ParseCsvText(std::string_view(own.body).substr(3));
  EXPECT_EQ(static_cast<int64_t>(own_records.size()) - 1,
            GridPopulation(kGrid01));
  for (size_t i = 1; i < own_records.size(); ++i)
    EXPECT_EQ(own_records[i][grid_col], kGrid01);
  HttpResult other = env()
                         .As(kGrid01Staff)
                         .Get("/api/v1/exports/residents?grid_id=" +
                              std::to_string(env().GridId(kGrid02)));
  EXPECT_STATUS(other, 403);

  HttpResult bad_format =
      env().As(kLeader).Get("/api/v1/exports/residents?format=pdf");
  EXPECT_STATUS(bad_format, 400);
  EXPECT_EQ(ErrorField(bad_format), "format");
}

}  // namespace
}  // namespace wangge::test
