#include "service/tabular/csv.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "service/tabular/text.h"

namespace wangge::tabular {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The length of the well-formed UTF-8 sequence starting at s[pos] (a byte
// >= 0x80), or 0 when it is malformed: overlong forms, surrogates and code
// points past U+10FFFF are rejected too, since GBK text can happen to look
// like them and a strict check catches mis-saved files earlier.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) {
    return static_cast<unsigned char>(s[pos + i]);
  };
  const unsigned char b0 = byte(0);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // Allowed range of the second byte.
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // Overlong.
    if (b0 == 0xED) hi = 0x9F;  // Surrogates.
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // Overlong.
    if (b0 == 0xF4) hi = 0x8F;  // Past U+10FFFF.
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (std::size_t i = 2; i < len; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return len;
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

// Trims ASCII whitespace plus the invisible or full-width spaces that Chinese
// spreadsheets carry: U+3000 (ideographic space), U+00A0 (no-break space, from
// pasted web pages) and U+FEFF (a stray BOM, e.g. from concatenated files).
std::string_view TrimCell(std::string_view s) {
  static constexpr std::string_view kWide[] = {"\xE3\x80\x80", "\xC2\xA0",
                                               "\xEF\xBB\xBF"};
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    if (IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
      changed = true;
    } else if (IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
      changed = true;
    }
    for (std::string_view w : kWide) {
      if (s.starts_with(w)) {
        s.remove_prefix(w.size());
        changed = true;
      }
      if (s.ends_with(w)) {
        s.remove_suffix(w.size());
        changed = true;
      }
    }
  }
  return s;
}

bool IsBlankRecord(const std::vector<std::string>& fields) {
  for (const std::string& f : fields) {
    if (!TrimCell(f).empty()) return false;
  }
  return true;
}

std::unexpected<Error> EncodingError(int line) {
  return Invalid(
      "import.encoding",
      Cat("line ", line,
          " is not valid UTF-8 (the file was probably saved as GBK/ANSI; "
          "save the file as UTF-8: in Excel use \"Save As\" > \"CSV UTF-8 "
          "(Comma delimited)\", in WPS choose UTF-8 as the encoding)"));
}

// Recognizes files that are clearly not CSV text, to give a better message
// than "line 1 is not valid UTF-8".
std::optional<Error> SniffNonCsv(std::string_view bytes) {
  if (bytes.starts_with("PK\x03\x04")) {
    return Error{ErrorCode::kInvalidArgument, "import.csv",
                 "this is an Excel workbook (.xlsx), not CSV: upload it as "
                 ".xlsx, or save it as \"CSV UTF-8 (Comma delimited)\""};
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return Error{ErrorCode::kInvalidArgument, "import.csv",
                 "this is an old Excel workbook (.xls), not CSV: save it as "
                 "\"CSV UTF-8 (Comma delimited)\" or as .xlsx"};
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Error{ErrorCode::kInvalidArgument, "import.encoding",
                 "line 1 is not valid UTF-8 (the file is UTF-16, which Excel "
                 "calls \"Unicode Text\"; save the file as \"CSV UTF-8 (Comma "
                 "delimited)\")"};
  }
  return std::nullopt;
}

// A single-pass RFC 4180 reader that validates UTF-8 as it goes, so errors
// can name the physical line.
class CsvParser {
 public:
  explicit CsvParser(std::string_view in) : in_(in) {}

  bool AtEnd() const { return pos_ >= in_.size(); }
  int line() const { return line_; }

  // Reads one record into `fields`. Precondition: !AtEnd().
  Status ReadRecord(std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    while (true) {
      field.clear();
      WG_TRY(ReadField(field));
      fields.push_back(std::move(field));
      if (AtEnd()) return {};
      const char c = in_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      ConsumeLineEnd();  // ReadField stops only at ',', a line end or EOF.
      return {};
    }
  }

 private:
  // Appends the character(s) at pos_ to `out`; a multi-byte character is
  // checked for well-formed UTF-8 and a NUL byte is refused.
  Status TakeChar(std::string& out) {
    const unsigned char c = static_cast<unsigned char>(in_[pos_]);
    if (c == 0) return EncodingErrorWithNul();
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++pos_;
      return {};
    }
    const std::size_t len = Utf8SequenceLength(in_, pos_);
    if (len == 0) return EncodingError(line_);
    out.append(in_.substr(pos_, len));
    pos_ += len;
    return {};
  }

  std::unexpected<Error> EncodingErrorWithNul() const {
    return Invalid("import.encoding",
                   Cat("line ", line_,
                       " is not valid UTF-8 text: it contains NUL bytes (the "
                       "file is probably UTF-16 or not text; save the file "
                       "as \"CSV UTF-8 (Comma delimited)\")"));
  }

  bool AtLineEnd() const {
    return !AtEnd() && (in_[pos_] == '\r' || in_[pos_] == '\n');
  }

  // Consumes CRLF, LF or a lone CR and counts the line.
  void ConsumeLineEnd() {
    if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      ++pos_;
    }
    ++line_;
  }

  Status ReadField(std::string& field) {
    if (!AtEnd() && in_[pos_] == '"') {
      const int start_line = line_;
      ++pos_;
      while (true) {
        if (AtEnd()) {
          return Invalid(
              "import.csv",
              Cat("line ", start_line,
                  ": a quoted field starts here but its closing quote (\") "
                  "is missing"));
        }
        const char c = in_[pos_];
        if (c == '"') {
          if (pos_ + 1 < in_.size() && in_[pos_ + 1] == '"') {
            field.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\r' || c == '\n') {
          // Line breaks inside quotes are cell content; keep them verbatim
          // but still count physical lines for later messages.
          const std::size_t begin = pos_;
          ConsumeLineEnd();
          field.append(in_.substr(begin, pos_ - begin));
          continue;
        }
        WG_TRY(TakeChar(field));
      }
    }
    // The unquoted field, or the tail after a closing quote (kept literally,
    // as Excel does).
    while (!AtEnd() && in_[pos_] != ',' && !AtLineEnd()) {
      WG_TRY(TakeChar(field));
    }
    return {};
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "-3.5", "+100", "42", "+8613812341234": see the contract in csv.h.
bool IsPlainNumber(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  if (s.empty() || !IsDigit(s.front()) || !IsDigit(s.back())) return false;
  bool seen_dot = false;
  for (char c : s) {
    if (c == '.') {
      if (seen_dot) return false;
      seen_dot = true;
    } else if (!IsDigit(c)) {
      return false;
    }
  }
  return true;
}

bool NeedsFormulaGuard(std::string_view s) {
  if (s.empty()) return false;
  switch (s.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      return !IsPlainNumber(s);
    default:
      return false;
  }
}

bool NeedsQuotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  const auto edge = [](char c) { return c == ' ' || c == '\t'; };
  return edge(s.front()) || edge(s.back());
}

void AppendField(std::string& out, std::string_view cell) {
  std::string guarded;
  if (NeedsFormulaGuard(cell)) {
    guarded.reserve(cell.size() + 1);
    guarded.push_back('\'');
    guarded.append(cell);
    cell = guarded;
  }
  if (!NeedsQuotes(cell)) {
    out.append(cell);
    return;
  }
  out.push_back('"');
  for (char c : cell) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void AppendRow(std::string& out, const std::vector<std::string>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendField(out, row[i]);
  }
  out.append("\r\n");
}

}  // namespace

Result<Table> ParseCsv(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (std::optional<Error> e = SniffNonCsv(bytes)) {
    return std::unexpected(std::move(*e));
  }
  Table table;
  bool have_header = false;
  CsvParser parser(bytes);
  std::vector<std::string> fields;
  while (!parser.AtEnd()) {
    const int start_line = parser.line();
    WG_TRY(parser.ReadRecord(fields));
    if (IsBlankRecord(fields)) continue;
    if (!have_header) {
      table.header.reserve(fields.size());
      for (const std::string& f : fields) {
        table.header.emplace_back(TrimCell(f));
      }
      have_header = true;
      continue;
    }
    table.rows.push_back(std::move(fields));
    table.row_numbers.push_back(start_line);
    fields = {};
  }
  if (!have_header) {
    return Invalid("import.empty",
                   "the file is empty: the first line must be the header row");
  }
  return table;
}

std::string WriteCsv(const Table& table, CsvBom bom) {
  std::string out;
  if (bom == CsvBom::kYes) out.append(kBom);
  if (!table.header.empty()) AppendRow(out, table.header);
  for (const std::vector<std::string>& row : table.rows) AppendRow(out, row);
  return out;
}

CsvWriter::CsvWriter(std::ostream& out, CsvBom bom) : out_(out) {
  if (bom == CsvBom::kYes) out_.write(kBom.data(), kBom.size());
}

void CsvWriter::WriteRow(const std::vector<std::string>& row) {
  line_.clear();
  AppendRow(line_, row);
  out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
}

}  // namespace wangge::tabular
