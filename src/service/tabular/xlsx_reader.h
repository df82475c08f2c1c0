// Reads the first (or a named) worksheet of an Excel/WPS .xlsx workbook into
// a Table of text cells.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "service/tabular/table.h"

namespace wangge::tabular {

// No single part of the archive (e.g. a worksheet's XML) may inflate to more
// than this; a larger declared or actual size fails with "import.too_large"
// (ErrorCode::kTooLarge) instead of exhausting memory on a zip bomb.
inline constexpr std::uint64_t kMaxXlsxPartBytes = 200ull << 20;

// Reads worksheet `sheet_name` of the workbook at `path`; the name matches
// exactly or else ignoring ASCII case, as in Excel. When `sheet_name` is empty
// reads the first sheet in tab order that is not hidden (hidden first sheets
// usually hold drop-down lists), or the first sheet if all are hidden.
//
// Like ParseCsv, the first non-blank row is the header (cells trimmed), blank
// rows are skipped, and each data row keeps its own length: it ends at its
// last non-empty cell, with "" for gaps between cells ("A1 and C1" gives
// {"a", "", "c"}). row_numbers holds spreadsheet row numbers.
//
// Cell text:
//   shared, inline and formula strings: the text, rich-text runs joined,
//     phonetic guides dropped, _xHHHH_ escapes decoded;
//   booleans: "TRUE" / "FALSE"; errors: the error text such as "#N/A";
//   numbers: integers without ".0" and never in scientific notation (a phone
//     number stored as a number reads "13812341234"); other values rounded to
//     15 significant digits as Excel displays them ("0.1", not
//     "0.10000000000000001"). Integers written in full in the file keep all
//     their digits;
//   numbers whose style is a date format -- built-in formats 14-17 and 22,
//     the Chinese-locale built-ins (27-31, 36, 50-54, 57, 58), or a custom
//     format with y, d, or m without h/s -- become "YYYY-MM-DD" ("YYYY-MM-DD
//     HH:MM:SS" when the format shows a time and the value has one). The
//     1904 date system is honoured. Built-ins 18-21 are times of day and
//     stay numeric.
//
// Fails with "import.xlsx" (kInvalidArgument) and a message a clerk can act
// on when the file is not a zip, is an old .xls or password-protected
// workbook, an .ods or .xlsb, lacks a required part, is corrupt, or has no
// sheet named `sheet_name` (the message lists the sheets); with
// "import.too_large" past kMaxXlsxPartBytes; with "import.empty" when the
// sheet has no non-blank row; with "import.file" (kNotFound) when `path`
// cannot be opened.
Result<Table> ReadXlsx(const std::string& path, std::string sheet_name = "");

// As ReadXlsx, reading the workbook from memory (an uploaded body). No
// temporary file is written.
Result<Table> ReadXlsxBytes(std::string_view bytes,
                            std::string sheet_name = "");

}  // namespace wangge::tabular
