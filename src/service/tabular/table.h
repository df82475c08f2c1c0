// A plain in-memory table: what CSV and .xlsx imports produce and what exports
// consume. Deliberately untyped (every cell is text) so that ID card and phone
// numbers survive unchanged; typing and validation belong to the importers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::tabular {

struct Table {
  // Column names, trimmed by the readers.
  std::vector<std::string> header;
  // Data rows, header excluded. Each row keeps its own length: it is neither
  // padded nor cut to the header width, so a short row means missing trailing
  // cells (read them with Cell()) and a long row means extra cells the caller
  // may want to report. Cells are UTF-8 text.
  std::vector<std::vector<std::string>> rows;
  // For each entry of `rows`, the 1-based line (CSV: the physical line the
  // record starts on) or row (xlsx: the spreadsheet row) number in the source
  // file, so that errors can say "row 7" and mean what the user sees. Writers
  // ignore it.
  std::vector<int> row_numbers;

  // The cell at (row, column), or "" when the row is shorter than that.
  // `row` must be a valid index into `rows`.
  std::string_view Cell(std::size_t row, std::size_t column) const {
    const std::vector<std::string>& r = rows[row];
    return column < r.size() ? std::string_view(r[column]) : std::string_view();
  }
};

}  // namespace wangge::tabular
