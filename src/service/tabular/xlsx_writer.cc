#include "service/tabular/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

#include "service/tabular/text.h"

namespace wangge::tabular {
namespace {

constexpr std::size_t kMaxRows = 1048576;  // Excel's sheet limits.
constexpr std::size_t kMaxColumns = 16384;
constexpr std::size_t kMaxCellChars = 32767;
constexpr std::size_t kMaxSheetNameChars = 31;
// Column widths in Excel's units (about one Latin digit each).
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 50;

// Decodes the UTF-8 character at s[pos], advancing pos; false when
// malformed (overlong forms, surrogates and values past U+10FFFF included).
bool NextCodePoint(std::string_view s, std::size_t& pos, std::uint32_t& cp) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(s[pos + i]);
  };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) {
    cp = b0;
    ++pos;
    return true;
  }
  std::size_t len = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return false;
  }
  if (pos + len > s.size()) return false;
  for (std::size_t i = 1; i < len; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return false;
  }
  pos += len;
  return true;
}

// East Asian wide and full-width characters take two columns in Excel's
// default fonts; this covers CJK ideographs, kana, Hangul, CJK punctuation
// and full-width forms, which is what registry data contains.
int DisplayWidth(std::uint32_t cp) {
  const bool wide =
      (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

struct CellMeasure {
  bool valid_utf8 = true;
  std::size_t chars = 0;  // Code points.
  int width = 0;          // Display width of the widest line.
};

CellMeasure Measure(std::string_view s) {
  CellMeasure m;
  int line_width = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::uint32_t cp = 0;
    if (!NextCodePoint(s, pos, cp)) {
      m.valid_utf8 = false;
      return m;
    }
    ++m.chars;
    if (cp == '\n') {
      line_width = 0;
      continue;
    }
    line_width += DisplayWidth(cp);
    m.width = std::max(m.width, line_width);
  }
  return m;
}

bool ValidSheetName(std::string_view name, std::string& why) {
  const CellMeasure m = Measure(name);
  if (name.empty()) {
    why = "the sheet name is empty";
  } else if (!m.valid_utf8) {
    why = "the sheet name is not valid UTF-8";
  } else if (m.chars > kMaxSheetNameChars) {
    why = "the sheet name is longer than 31 characters";
  } else if (name.find_first_of("[]:*?/\\") != std::string_view::npos) {
    why = "the sheet name contains one of [ ] : * ? / \\";
  } else if (name.front() == '\'' || name.back() == '\'') {
    why = "the sheet name starts or ends with an apostrophe";
  } else {
    return true;
  }
  return false;
}

// Checks everything Excel or libxlsxwriter would refuse before any file is
// touched, and computes column widths on the way.
Result<std::vector<double>> CheckAndMeasure(const Table& table,
                                            const std::string& sheet_name) {
  if (std::string why; !ValidSheetName(sheet_name, why)) {
    return Invalid("export.xlsx", why);
  }
  const std::size_t header_rows = table.header.empty() ? 0 : 1;
  if (table.rows.size() + header_rows > kMaxRows) {
    return Fail(
        ErrorCode::kTooLarge, "export.too_large",
        Cat(table.rows.size(), " rows do not fit in one Excel sheet (at most ",
            kMaxRows - header_rows, "); export fewer rows or use CSV"));
  }
  std::vector<int> widths;
  const auto measure_row = [&](const std::vector<std::string>& row,
                               std::size_t row_index) -> Status {
    if (row.size() > kMaxColumns) {
      return Fail(ErrorCode::kTooLarge, "export.too_large",
                  Cat("row ", row_index + 1, " has ", row.size(),
                      " columns; an Excel sheet holds at most ", kMaxColumns));
    }
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) {
      const CellMeasure m = Measure(row[c]);
      if (!m.valid_utf8) {
        return Invalid("export.xlsx", Cat("row ", row_index + 1, ", column ",
                                          c + 1, " is not valid UTF-8"));
      }
      if (m.chars > kMaxCellChars) {
        return Invalid("export.xlsx",
                       Cat("row ", row_index + 1, ", column ", c + 1,
                           " is longer than the ", kMaxCellChars,
                           " characters an Excel cell can hold"));
      }
      widths[c] = std::max(widths[c], m.width);
    }
    return {};
  };
  if (header_rows) WG_TRY(measure_row(table.header, 0));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    WG_TRY(measure_row(table.rows[r], r + header_rows));
  }
  std::vector<double> out;
  out.reserve(widths.size());
  for (int w : widths) {
    // +2 leaves room for the cell padding and the header's bold weight.
    out.push_back(std::clamp(static_cast<double>(w) + 2, kMinColumnWidth,
                             kMaxColumnWidth));
  }
  return out;
}

std::unexpected<Error> LibraryError(std::string_view what, lxw_error err) {
  return Internal(Cat("xlsx export: ", what, ": ", lxw_strerror(err)));
}

// Removes a file when leaving scope, whatever the path taken.
class RemoveOnExit {
 public:
  explicit RemoveOnExit(std::filesystem::path path) : path_(std::move(path)) {}
  RemoveOnExit(const RemoveOnExit&) = delete;
  RemoveOnExit& operator=(const RemoveOnExit&) = delete;
  ~RemoveOnExit() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }

 private:
  std::filesystem::path path_;
};

}  // namespace

Status WriteXlsx(const std::string& path, const Table& table,
                 const std::string& sheet_name) {
  WG_ASSIGN(std::vector<double> widths, CheckAndMeasure(table, sheet_name));

  // Constant-memory mode streams each row to a temporary file instead of
  // keeping every cell in memory, so large exports stay flat in memory. It
  // writes inline strings rather than a shared-string table, which Excel and
  // WPS read the same way.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (!workbook) return Internal("xlsx export: cannot create the workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, sheet_name.c_str());
  if (!sheet) {
    lxw_workbook_free(workbook);
    return Invalid("export.xlsx", Cat("Excel does not accept the sheet name \"",
                                      sheet_name, "\""));
  }
  // 49 is the built-in "@" (Text) format: what a clerk later types into
  // these columns stays text too, so new ID numbers are not mangled either.
  lxw_format* text = workbook_add_format(workbook);
  format_set_num_format_index(text, 49);
  lxw_format* header = workbook_add_format(workbook);
  format_set_num_format_index(header, 49);
  format_set_bold(header);

  // Written before any cell: in constant-memory mode settings that precede
  // the cell data cannot change once rows are flushed.
  for (std::size_t c = 0; c < widths.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_set_column(sheet, col, col, widths[c], text);
  }
  lxw_row_t row_index = 0;
  lxw_error err = LXW_NO_ERROR;
  const auto write_row = [&](const std::vector<std::string>& row,
                             lxw_format* format) {
    for (std::size_t c = 0; c < row.size() && err == LXW_NO_ERROR; ++c) {
      if (row[c].empty()) continue;  // The column format covers blanks.
      err = worksheet_write_string(sheet, row_index, static_cast<lxw_col_t>(c),
                                   row[c].c_str(), format);
    }
    ++row_index;
  };
  if (!table.header.empty()) {
    write_row(table.header, header);
    worksheet_freeze_panes(sheet, 1, 0);
  }
  for (const std::vector<std::string>& row : table.rows) {
    if (err != LXW_NO_ERROR) break;
    write_row(row, text);
  }
  if (err != LXW_NO_ERROR) {
    // Closing is the only way to release the workbook; drop what it wrote.
    workbook_close(workbook);
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return LibraryError("writing a cell", err);
  }
  if (lxw_error close_err = workbook_close(workbook);
      close_err != LXW_NO_ERROR) {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    return LibraryError(Cat("saving ", path), close_err);
  }
  return {};
}

Result<std::string> WriteXlsxBytes(const Table& table,
                                   const std::string& sheet_name) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Internal("xlsx export: no temporary directory");
  // An unguessable name: the temporary directory is shared with other users.
  std::random_device random;
  const std::uint64_t tag =
      (static_cast<std::uint64_t>(random()) << 32) ^ random();
  char name[64];
  std::snprintf(name, sizeof name, "wangge-export-%016llx.xlsx",
                static_cast<unsigned long long>(tag));
  const std::filesystem::path path = dir / name;
  const RemoveOnExit cleanup(path);
  WG_TRY(WriteXlsx(path.string(), table, sheet_name));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Internal("xlsx export: cannot read back the temporary file");
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  return bytes;
}

}  // namespace wangge::tabular
