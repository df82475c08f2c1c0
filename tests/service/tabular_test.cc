#include <gtest/gtest.h>
#include <minizip/unzip.h>
#include <minizip/zip.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "service/tabular/csv.h"
#include "service/tabular/table.h"
#include "service/tabular/xlsx_reader.h"
#include "service/tabular/xlsx_writer.h"

namespace wangge::tabular {
namespace {

using Row = std::vector<std::string>;

// ---------------------------------------------------------------------------
// CSV

TEST(CsvParseTest, PlainLfWithoutBom) {
  auto t = ParseCsv("name,phone\nAlice,123\nBob,456\n");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (Row{"name", "phone"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (Row{"Alice", "123"}));
  EXPECT_EQ(t->rows[1], (Row{"Bob", "456"}));
  EXPECT_EQ(t->row_numbers, (std::vector<int>{2, 3}));
}

TEST(CsvParseTest, ExcelStyleBomCrlfChinese) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF姓名,身份证号,电话\r\n张三,11010519491231002X,"
      "13812341234\r\n李四,110105194912310029,13900000000");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (Row{"姓名", "身份证号", "电话"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (Row{"张三", "11010519491231002X", "13812341234"}));
  // The last record has no line end.
  EXPECT_EQ(t->rows[1], (Row{"李四", "110105194912310029", "13900000000"}));
  EXPECT_EQ(t->row_numbers, (std::vector<int>{2, 3}));
}

TEST(CsvParseTest, QuotedCommasQuotesAndNewlines) {
  auto t = ParseCsv(
      "a,b,c\r\n"
      "\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\r\n"
      "\"\",plain,\"multi\nline\nthree\"\r\n"
      "after,quotes,ok\r\n");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0], (Row{"x, y", "say \"hi\"", "line1\r\nline2"}));
  EXPECT_EQ(t->rows[1], (Row{"", "plain", "multi\nline\nthree"}));
  EXPECT_EQ(t->rows[2], (Row{"after", "quotes", "ok"}));
  // Physical line numbers of each record start.
  EXPECT_EQ(t->row_numbers, (std::vector<int>{2, 4, 7}));
}

TEST(CsvParseTest, EmptyAndBlankLinesSkippedHeaderTrimmed) {
  auto t = ParseCsv(
      "\r\n\r\n  姓名 ,\t电话\xE3\x80\x80, 备注\r\n"
      "\r\n"
      "张三,138, x \r\n"
      ",,\r\n"
      "\n"
      "李四,139\r\n"
      "\r\n");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header, (Row{"姓名", "电话", "备注"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0], (Row{"张三", "138", " x "}));  // Data is not trimmed.
  EXPECT_EQ(t->rows[1], (Row{"李四", "139"}));         // Keeps its own length.
  EXPECT_EQ(t->row_numbers, (std::vector<int>{5, 8}));
  EXPECT_EQ(t->Cell(1, 2), "");
  EXPECT_EQ(t->Cell(1, 0), "李四");
}

TEST(CsvParseTest, TrailingCommaGivesEmptyLastCell) {
  auto t = ParseCsv("a,b,c\n1,2,\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rows[0], (Row{"1", "2", ""}));
}

TEST(CsvParseTest, InvalidUtf8NamesTheLine) {
  // "张三" in GBK is D5 C5 C8 FD: what an office's "save as CSV" produces on
  // a Chinese Windows machine.
  auto t = ParseCsv("name,phone\r\nok,1\r\n\xD5\xC5\xC8\xFD,2\r\n");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.error().key, "import.encoding");
  EXPECT_TRUE(t.error().message.starts_with("line 3 is not valid UTF-8"))
      << t.error().message;
  EXPECT_NE(t.error().message.find("UTF-8"), std::string::npos);
}

TEST(CsvParseTest, InvalidUtf8InsideQuotedMultilineField) {
  auto t = ParseCsv("a\n\"one\ntwo \xFF\"\n");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().key, "import.encoding");
  EXPECT_TRUE(t.error().message.starts_with("line 3 ")) << t.error().message;
}

TEST(CsvParseTest, RejectsOverlongAndSurrogateEncodings) {
  EXPECT_FALSE(ParseCsv("a\n\xC0\xAF\n"));         // Overlong '/'.
  EXPECT_FALSE(ParseCsv("a\n\xED\xA0\x80\n"));     // UTF-16 surrogate.
  EXPECT_FALSE(ParseCsv("a\n\xE4\xB8\n"));         // Truncated sequence.
  EXPECT_TRUE(ParseCsv("a\n\xF0\x9F\x98\x80\n"));  // U+1F600 is fine.
}

TEST(CsvParseTest, Utf16AndNulAreEncodingErrors) {
  auto utf16 = ParseCsv(std::string("\xFF\xFEn\0a\0", 6));
  ASSERT_FALSE(utf16);
  EXPECT_EQ(utf16.error().key, "import.encoding");
  auto nul = ParseCsv(std::string("a,b\nx\0y,1\n", 10));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().key, "import.encoding");
  EXPECT_TRUE(nul.error().message.starts_with("line 2 "));
}

TEST(CsvParseTest, UnterminatedQuoteNamesStartLine) {
  auto t = ParseCsv("a,b\r\n1,2\r\n3,\"never closed\r\nmore\r\nlines\r\n");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().key, "import.csv");
  EXPECT_TRUE(t.error().message.starts_with("line 3:")) << t.error().message;
}

TEST(CsvParseTest, EmptyInputAndXlsxUploadedAsCsv) {
  auto empty = ParseCsv("\xEF\xBB\xBF\r\n\r\n");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().key, "import.empty");
  auto zip = ParseCsv(std::string("PK\x03\x04rest", 8));
  ASSERT_FALSE(zip);
  EXPECT_EQ(zip.error().key, "import.csv");
  EXPECT_NE(zip.error().message.find(".xlsx"), std::string::npos);
}

TEST(CsvWriteTest, QuotesOnlyWhenNeededAndUsesCrlfAndBom) {
  Table t;
  t.header = {"姓名", "备注"};
  t.rows = {{"张三", "a,b"},
            {"say \"hi\"", "two\nlines"},
            {" lead", "trail "},
            {"plain", ""}};
  EXPECT_EQ(WriteCsv(t),
            "\xEF\xBB\xBF"
            "姓名,备注\r\n"
            "张三,\"a,b\"\r\n"
            "\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
            "\" lead\",\"trail \"\r\n"
            "plain,\r\n");
  EXPECT_EQ(WriteCsv(t, CsvBom::kNo).substr(0, 7), "姓名,");
}

TEST(CsvWriteTest, FormulaInjectionGuard) {
  Table t;
  t.header = {"v"};
  t.rows = {{"=SUM(A1:A9)"},
            {"+cmd|' /C calc'!A0"},
            {"-2+3"},
            {"@SUM(1)"},
            {"\tx"},
            {"-3.5"},
            {"+8613812341234"},
            {"42"},
            {"-"},
            {"13812341234"},
            {"a=b"}};
  auto parsed = ParseCsv(WriteCsv(t));
  ASSERT_TRUE(parsed) << parsed.error().message;
  std::vector<std::string> got;
  for (const Row& r : parsed->rows) got.push_back(r.at(0));
  EXPECT_EQ(got, (std::vector<std::string>{
                     "'=SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(1)",
                     "'\tx", "-3.5", "+8613812341234", "42", "'-",
                     "13812341234", "a=b"}));
}

TEST(CsvWriteTest, RoundTrip) {
  Table t;
  t.header = {"姓名", "身份证号", "电话", "地址", "备注"};
  t.rows = {
      {"张三", "11010519491231002X", "13812341234", "北京市朝阳区, 1号楼",
       "说 \"你好\""},
      {"李四", "110105194912310029", "", "多行\r\n地址", " 前后空格 "},
      {"王五"},  // Short rows keep their length.
  };
  auto parsed = ParseCsv(WriteCsv(t));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->header, t.header);
  EXPECT_EQ(parsed->rows, t.rows);
  EXPECT_EQ(parsed->row_numbers, (std::vector<int>{2, 3, 5}));
}

TEST(CsvWriteTest, StreamingWriterMatchesWriteCsv) {
  Table t;
  t.header = {"a", "b"};
  t.rows = {{"1", "x,y"}, {"=1", "中文"}};
  std::ostringstream out;
  CsvWriter writer(out);
  writer.WriteRow(t.header);
  for (const Row& r : t.rows) writer.WriteRow(r);
  EXPECT_EQ(out.str(), WriteCsv(t));

  std::ostringstream no_bom;
  CsvWriter plain(no_bom, CsvBom::kNo);
  plain.WriteRow({"a"});
  EXPECT_EQ(no_bom.str(), "a\r\n");
}

// ---------------------------------------------------------------------------
// XLSX helpers

// A path in the temporary directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("wangge-tabular-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(++counter) + suffix))
                .string();
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Writes a zip archive of the given (name, content) parts.
void WriteZip(const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& parts) {
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  ASSERT_NE(zf, nullptr);
  for (const auto& [name, content] : parts) {
    zip_fileinfo info{};
    ASSERT_EQ(
        zipOpenNewFileInZip64(zf, name.c_str(), &info, nullptr, 0, nullptr, 0,
                              nullptr, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0),
        ZIP_OK);
    ASSERT_EQ(zipWriteInFileInZip(zf, content.data(),
                                  static_cast<unsigned>(content.size())),
              ZIP_OK);
    ASSERT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  }
  ASSERT_EQ(zipClose(zf, nullptr), ZIP_OK);
}

// One part of an archive, for checking what the writer produced.
std::string ReadZipPart(const std::string& path, const std::string& name) {
  unzFile zf = unzOpen64(path.c_str());
  if (!zf) return {};
  std::string out;
  if (unzLocateFile(zf, name.c_str(), 1) == UNZ_OK &&
      unzOpenCurrentFile(zf) == UNZ_OK) {
    char buf[4096];
    int n;
    while ((n = unzReadCurrentFile(zf, buf, sizeof buf)) > 0)
      out.append(buf, n);
    unzCloseCurrentFile(zf);
  }
  unzClose(zf);
  return out;
}

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>)";

constexpr char kRootRels[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";

constexpr char kWorkbook[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<workbookPr/>
<sheets>
<sheet name="名单" sheetId="1" r:id="rId1"/>
<sheet name="Other" sheetId="2" r:id="rId2"/>
</sheets>
</workbook>)";

constexpr char kWorkbookRels[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";

// 0: 姓名, 1: 电话, 2: rich text "张三" with a phonetic guide, 3: a space
// only, 4: an escaped carriage return.
constexpr char kSharedStrings[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><t>姓名</t></si>
<si><t xml:space="preserve">电话 </t></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t>三</t></r><rPh sb="0" eb="1"><t>zhang</t></rPh></si>
<si><t xml:space="preserve"> </t></si>
<si><t>a_x000D_b</t></si>
</sst>)";

// cellXfs: 0 General, 1 built-in date 14, 2 custom Chinese date, 3 built-in
// time 20, 4 built-in date-time 22, 5 custom time "h:mm".
constexpr char kStyles[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2">
<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>
<numFmt numFmtId="177" formatCode="h:mm"/>
</numFmts>
<cellXfs count="6">
<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="20"/><xf numFmtId="22"/><xf numFmtId="177"/>
</cellXfs>
</styleSheet>)";

constexpr char kSheet1[] =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="inlineStr"><is><t>出生日期</t></is></c><c r="D2" t="str"><v> 备注 </v></c><c r="E2" t="inlineStr"><is><t>到达</t></is></c></row>
<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>13812341234</v></c><c r="C3" s="1"><v>32874</v></c><c r="D3" t="s"><v>3</v></c><c r="E3" s="4"><v>45292.5</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><r><t>李</t></r><r><t>四</t></r></is></c><c r="B4"><v>1.3812341234E10</v></c><c r="C4" s="2"><v>45292</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" s="4"><v>45292</v></c></row>
<row r="5" spans="1:5"><c r="A5" t="inlineStr"><is><t>王五</t></is></c><c r="C5" t="inlineStr"><is><t>x</t></is></c><c r="E5" s="3"/></row>
<row r="6"><c r="A6" s="1"/><c r="B6" s="2"/></row>
<row r="8"><c r="A8"><v>0.30000000000000004</v></c><c r="B8"><v>3</v></c><c r="C8"><v>2.5</v></c><c r="D8" s="3"><v>0.5</v></c><c r="E8" s="5"><v>0.75</v></c><c r="F8" t="s"><v>4</v></c><c r="G8" t="e"><v>#N/A</v></c></row>
<row r="9"><c r="A9"><v>-0.000001</v></c><c r="B9"><v>123456789012345678</v></c><c r="C9"><v>1E-3</v></c></row>
</sheetData>
</worksheet>)";

// The .NET Open XML SDK style: prefixed elements, cells without references.
constexpr char kSheet2[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:sheetData>
<x:row><x:c t="inlineStr"><x:is><x:t>k</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>v</x:t></x:is></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>one</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>
</x:sheetData>
</x:worksheet>)";

std::vector<std::pair<std::string, std::string>> MinimalParts() {
  return {{"[Content_Types].xml", kContentTypes},
          {"_rels/.rels", kRootRels},
          {"xl/workbook.xml", kWorkbook},
          {"xl/_rels/workbook.xml.rels", kWorkbookRels},
          {"xl/sharedStrings.xml", kSharedStrings},
          {"xl/styles.xml", kStyles},
          {"xl/worksheets/sheet1.xml", kSheet1},
          {"xl/worksheets/sheet2.xml", kSheet2}};
}

// ---------------------------------------------------------------------------
// XLSX reading

TEST(XlsxReadTest, HandBuiltWorkbook) {
  TempFile file(".xlsx");
  WriteZip(file.path(), MinimalParts());
  auto t = ReadXlsx(file.path());
  ASSERT_TRUE(t) << t.error().message;
  // Row 1 is absent, so row 2 is the header; D2 is trimmed.
  EXPECT_EQ(t->header, (Row{"姓名", "电话", "出生日期", "备注", "到达"}));
  ASSERT_EQ(t->rows.size(), 5u);
  // Shared rich text without the phonetic guide, a numeric phone number, a
  // built-in date style, a whitespace-only shared string, a date-time.
  EXPECT_EQ(t->rows[0], (Row{"张三", "13812341234", "1990-01-01", " ",
                             "2024-01-01 12:00:00"}));
  // Inline rich text, a phone number in scientific notation, a custom
  // Chinese date format, a boolean, a date-time at midnight.
  EXPECT_EQ(t->rows[1],
            (Row{"李四", "13812341234", "2024-01-01", "TRUE", "2024-01-01"}));
  // A gap between A5 and C5; the styled empty E5 does not lengthen the row.
  EXPECT_EQ(t->rows[2], (Row{"王五", "", "x"}));
  // Row 6 holds only styled empty cells and is skipped. Times of day stay
  // numeric; binary noise is rounded away; _x000D_ is decoded.
  EXPECT_EQ(t->rows[3],
            (Row{"0.3", "3", "2.5", "0.5", "0.75", "a\rb", "#N/A"}));
  EXPECT_EQ(t->rows[4], (Row{"-0.000001", "123456789012345678", "0.001"}));
  EXPECT_EQ(t->row_numbers, (std::vector<int>{3, 4, 5, 8, 9}));
}

TEST(XlsxReadTest, NamedSheetPrefixedXmlAndBytes) {
  TempFile file(".xlsx");
  WriteZip(file.path(), MinimalParts());
  for (const char* name : {"Other", "other"}) {
    auto t = ReadXlsx(file.path(), name);
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->header, (Row{"k", "v"}));
    ASSERT_EQ(t->rows.size(), 1u);
    EXPECT_EQ(t->rows[0], (Row{"one", "1"}));
    EXPECT_EQ(t->row_numbers, (std::vector<int>{2}));
  }
  auto by_name = ReadXlsx(file.path(), "名单");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->rows.size(), 5u);

  auto missing = ReadXlsx(file.path(), "Nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key, "import.xlsx");
  EXPECT_NE(missing.error().message.find("\"名单\", \"Other\""),
            std::string::npos)
      << missing.error().message;

  auto from_memory = ReadXlsxBytes(ReadFile(file.path()));
  ASSERT_TRUE(from_memory) << from_memory.error().message;
  EXPECT_EQ(from_memory->rows, ReadXlsx(file.path())->rows);
}

TEST(XlsxReadTest, DefaultSheetSkipsHiddenSheets) {
  auto parts = MinimalParts();
  std::string workbook = kWorkbook;
  const std::string first =
      "<sheet name=\"名单\" sheetId=\"1\" r:id=\"rId1\"/>";
  const std::string hidden =
      "<sheet name=\"Lists\" sheetId=\"3\" state=\"hidden\" r:id=\"rId2\"/>";
  workbook.replace(workbook.find(first), first.size(), hidden + first);
  parts[2].second = workbook;
  TempFile file(".xlsx");
  WriteZip(file.path(), parts);
  auto t = ReadXlsx(file.path());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->header[0], "姓名");
  auto lists = ReadXlsx(file.path(), "Lists");
  ASSERT_TRUE(lists) << lists.error().message;
  EXPECT_EQ(lists->header, (Row{"k", "v"}));
}

TEST(XlsxReadTest, NotAZipGivesClearError) {
  TempFile file(".xlsx");
  WriteFile(file.path(), "姓名,电话\r\n张三,138\r\n");
  auto t = ReadXlsx(file.path());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(t.error().key, "import.xlsx");
  EXPECT_NE(t.error().message.find("not an .xlsx file"), std::string::npos)
      << t.error().message;

  auto bytes = ReadXlsxBytes("");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().key, "import.xlsx");

  auto xls = ReadXlsxBytes(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
  ASSERT_FALSE(xls);
  EXPECT_NE(xls.error().message.find(".xls"), std::string::npos);

  // Starts like a zip but is not one.
  auto truncated = ReadXlsxBytes("PK\x03\x04garbage");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().key, "import.xlsx");

  auto absent = ReadXlsx(file.path() + ".missing");
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
}

TEST(XlsxReadTest, ZipWithoutWorkbookOrSheet) {
  TempFile file(".zip");
  WriteZip(file.path(), {{"readme.txt", "hello"}});
  auto t = ReadXlsx(file.path());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().key, "import.xlsx");
  EXPECT_NE(t.error().message.find("xl/workbook.xml"), std::string::npos);

  TempFile ods(".ods");
  WriteZip(ods.path(), {{"mimetype",
                         "application/vnd.oasis.opendocument."
                         "spreadsheet"},
                        {"content.xml", "<x/>"}});
  auto o = ReadXlsx(ods.path());
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().message.find(".ods"), std::string::npos);

  // The workbook names a sheet whose part is missing.
  auto parts = MinimalParts();
  parts.pop_back();
  parts.pop_back();
  TempFile broken(".xlsx");
  WriteZip(broken.path(), parts);
  auto b = ReadXlsx(broken.path());
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().key, "import.xlsx");
}

TEST(XlsxReadTest, OversizedPartIsRejectedBeforeInflating) {
  TempFile file(".xlsx");
  auto parts = MinimalParts();
  parts.pop_back();
  parts.pop_back();
  WriteZip(file.path(), parts);
  // Append a sheet that inflates past the limit; zeros compress ~1000:1.
  zipFile zf = zipOpen64(file.path().c_str(), APPEND_STATUS_ADDINZIP);
  ASSERT_NE(zf, nullptr);
  zip_fileinfo info{};
  ASSERT_EQ(
      zipOpenNewFileInZip64(zf, "xl/worksheets/sheet1.xml", &info, nullptr, 0,
                            nullptr, 0, nullptr, Z_DEFLATED, 1, 1),
      ZIP_OK);
  const std::string chunk(1 << 20, ' ');
  for (std::uint64_t written = 0; written <= kMaxXlsxPartBytes;
       written += chunk.size()) {
    ASSERT_EQ(zipWriteInFileInZip(zf, chunk.data(), chunk.size()), ZIP_OK);
  }
  ASSERT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  ASSERT_EQ(zipClose(zf, nullptr), ZIP_OK);

  auto t = ReadXlsx(file.path());
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(t.error().key, "import.too_large");
}

// ---------------------------------------------------------------------------
// XLSX writing

Table RegistryTable() {
  Table t;
  t.header = {"姓名", "身份证号", "电话", "备注", "出生日期"};
  t.rows = {
      {"张三", "11010519491231002X", "13812341234", "多行\n备注", "1949-12-31"},
      {"李四", "110105194912310029", "+8613800000000", "=1+1", "007"},
      {"王五", "", "010-12345678", " 前后空格 ", "1.50"},
      {"Ünïcödé 😀",
       "a\x01"
       "b",
       "0", "很长很长很长的中文备注", "x"},
  };
  return t;
}

TEST(XlsxWriteTest, RoundTripKeepsEveryCell) {
  TempFile file(".xlsx");
  const Table t = RegistryTable();
  auto written = WriteXlsx(file.path(), t, "人员名单");
  ASSERT_TRUE(written) << written.error().message;
  auto back = ReadXlsx(file.path());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->header, t.header);
  EXPECT_EQ(back->rows, t.rows);
  EXPECT_EQ(back->row_numbers, (std::vector<int>{2, 3, 4, 5}));
  EXPECT_TRUE(ReadXlsx(file.path(), "人员名单"));

  // Frozen header, column widths, and text cells (no numbers).
  const std::string sheet =
      ReadZipPart(file.path(), "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
  EXPECT_NE(sheet.find("<cols>"), std::string::npos);
  EXPECT_EQ(sheet.find("<v>13812341234</v>"), std::string::npos);
  EXPECT_NE(ReadZipPart(file.path(), "xl/styles.xml").find("<b/>"),
            std::string::npos);
}

TEST(XlsxWriteTest, BytesRoundTripAndTempFileRemoved) {
  const auto count_temp = [] {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(
             std::filesystem::temp_directory_path())) {
      if (e.path().filename().string().starts_with("wangge-export-")) ++n;
    }
    return n;
  };
  const int before = count_temp();
  auto bytes = WriteXlsxBytes(RegistryTable());
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(bytes->starts_with("PK"));
  EXPECT_EQ(count_temp(), before);
  auto back = ReadXlsxBytes(*bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->rows, RegistryTable().rows);

  auto bad = WriteXlsxBytes(RegistryTable(), "a/b");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key, "export.xlsx");
  EXPECT_EQ(count_temp(), before);
}

TEST(XlsxWriteTest, RejectsWhatExcelWouldRefuse) {
  TempFile file(".xlsx");
  Table t;
  t.header = {"a"};
  t.rows = {{"\xD5\xC5"}};  // GBK, not UTF-8.
  auto bad_utf8 = WriteXlsx(file.path(), t);
  ASSERT_FALSE(bad_utf8);
  EXPECT_EQ(bad_utf8.error().key, "export.xlsx");
  EXPECT_FALSE(std::filesystem::exists(file.path()));

  t.rows = {{std::string(32768, 'x')}};
  EXPECT_FALSE(WriteXlsx(file.path(), t));
  EXPECT_FALSE(WriteXlsx(file.path(), Table{}, ""));
  EXPECT_FALSE(WriteXlsx(file.path(), Table{}, std::string(32, 'x')));
}

}  // namespace
}  // namespace wangge::tabular
