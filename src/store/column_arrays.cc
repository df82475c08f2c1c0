#include "store/column_arrays.h"

#include <charconv>

namespace wangge::store {

void ColumnArrays::Add(size_t col, const SqlValue& v) {
  std::string& s = cols_[col];
  if (s.size() > 1) s += ',';
  if (std::holds_alternative<std::monostate>(v)) {
    s += "NULL";
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    s += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    // As PgConnection sends a double: 17 digits, no locale.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d,
                                   std::chars_format::general, 17);
    s.append(buf, end);
  } else {
    s += '"';
    for (char ch : std::get<std::string>(v)) {
      if (ch == '"' || ch == '\\') s += '\\';
      s += ch;
    }
    s += '"';
  }
}

std::vector<SqlValue> ColumnArrays::Params() {
  std::vector<SqlValue> out;
  out.reserve(cols_.size());
  for (auto& s : cols_) out.emplace_back(std::move(s += '}'));
  return out;
}

std::string Unnest(std::string_view types) {
  std::string s = "unnest(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) s += ", ";
    s += '?';
    s += types[i] == 't'   ? "::text[]"
         : types[i] == 'b' ? "::bigint[]"
                           : "::double precision[]";
  }
  return s + ")";
}

}  // namespace wangge::store
