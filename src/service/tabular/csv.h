// CSV as community offices exchange it: RFC 4180 text, usually saved by Excel
// or WPS as UTF-8 with a byte order mark and CRLF line ends.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "service/tabular/table.h"

namespace wangge::tabular {

// Parses CSV bytes into a Table.
//
// Accepts RFC 4180 quoting (quoted fields, "" for a quote, commas and line
// breaks inside quotes), CRLF, LF or lone CR line ends, and a leading UTF-8
// BOM. The first non-blank record is the header, its cells trimmed of ASCII
// whitespace and U+3000 (the full-width space Chinese input methods type).
// Records whose cells are all blank are skipped: Excel leaves ",,,," lines
// behind rows that were once edited. Data cells are returned untrimmed and
// line breaks inside quoted cells are kept as they are. Each row keeps its
// own length. row_numbers holds the physical line each record starts on.
//
// Leniencies, matching how Excel reads: text after a closing quote is
// appended to the field, and a quote inside an unquoted field is literal.
//
// Fails with:
//   "import.encoding" when a line is not valid UTF-8 or holds NUL bytes
//     (offices often save GBK/ANSI or UTF-16 by accident); the message names
//     the line and says how to re-save;
//   "import.csv" when a quoted field is never closed (naming the line it
//     started on) or the bytes are an Excel workbook rather than CSV;
//   "import.empty" when there is no non-blank record to be the header.
Result<Table> ParseCsv(std::string_view bytes);

enum class CsvBom { kNo, kYes };

// Renders a table as CSV: the header line (omitted when the header is empty)
// then one line per row, each ending in CRLF, preceded by a UTF-8 BOM unless
// `bom` is kNo. The BOM is what makes Excel open Chinese text as UTF-8 instead
// of the system code page.
//
// A field is quoted only when it must be: it contains a comma, a quote, CR or
// LF, or starts or ends with a space or tab.
//
// Formula injection guard: a cell starting with '=', '+', '-', '@', tab or CR
// would be evaluated as a formula by spreadsheet programs, so it is written
// with a leading apostrophe ("=1+1" becomes "'=1+1"). Plain numbers are left
// alone so exported figures and phone numbers stay usable: an optional sign
// followed by digits with at most one '.' between digits ("-3.5", "+100"), or
// '+' followed by digits only ("+8613812341234"). The guard changes cell
// text, so WriteCsv -> ParseCsv returns "'=1+1" for "=1+1".
std::string WriteCsv(const Table& table, CsvBom bom = CsvBom::kYes);

// Writes CSV row by row to a stream, for exports too large to hold as one
// string. Rows are rendered exactly as WriteCsv renders them (same quoting,
// same formula guard, CRLF). The BOM, when asked for, is written by the
// constructor. Stream errors are not reported here: check the stream's state
// after the last row (and after flushing it).
class CsvWriter {
 public:
  // `out` must outlive the writer.
  explicit CsvWriter(std::ostream& out, CsvBom bom = CsvBom::kYes);

  void WriteRow(const std::vector<std::string>& row);

 private:
  std::ostream& out_;
  std::string line_;  // Reused between rows to avoid an allocation per row.
};

}  // namespace wangge::tabular
