// Writes a Table as an .xlsx workbook of one sheet, for exports that clerks
// open in Excel or WPS.
#pragma once

#include <string>

#include "core/error.h"
#include "service/tabular/table.h"

namespace wangge::tabular {

// Writes `table` to a new workbook at `path` (overwritten if present) with one
// sheet named `sheet_name`.
//
// Every cell is written as a string in a text-formatted ("@") column, so ID
// card and phone numbers keep their leading digits and never turn into
// 1.38E+10, and cells starting with "=" stay text (no formula injection, no
// guard needed as in CSV). The header row is bold and frozen. Column widths
// follow the widest line of each column, CJK characters counting as two,
// capped so that one long note does not make a column screen-wide. Ragged rows
// are written as they are.
//
// Fails with "export.xlsx" (kInvalidArgument) for a sheet name Excel would
// refuse (empty, over 31 characters, or containing []:*?/\), a cell longer
// than Excel's 32767 characters, or a cell that is not valid UTF-8; with
// "export.too_large" (kTooLarge) past Excel's 1048576 rows or 16384 columns;
// with kInternal when the file cannot be written.
Status WriteXlsx(const std::string& path, const Table& table,
                 const std::string& sheet_name = "Sheet1");

// As WriteXlsx, returning the workbook's bytes (for an HTTP download). The
// workbook passes through a temporary file in
// std::filesystem::temp_directory_path(), removed before returning.
Result<std::string> WriteXlsxBytes(const Table& table,
                                   const std::string& sheet_name = "Sheet1");

}  // namespace wangge::tabular
