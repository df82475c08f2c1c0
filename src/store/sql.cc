#include "store/sql.h"

#include <charconv>

namespace wangge::store {

SqlValue TextOrNull(std::string_view text) {
  if (text.empty()) return std::monostate{};
  return std::string(text);
}

SqlValue IntOrNull(std::optional<int64_t> v) {
  if (!v) return std::monostate{};
  return *v;
}

const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

int64_t Row::Int(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c || c->empty()) return 0;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), v);
  if (ec != std::errc()) {
    // PostgreSQL returns booleans as t/f and numerics with decimals.
    if (*c == "t") return 1;
    if (*c == "f") return 0;
    return static_cast<int64_t>(std::stod(*c));
  }
  return v;
}

double Row::Real(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c || c->empty()) return 0.0;
  return std::stod(*c);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

Result<Row> Connection::QueryOne(std::string_view sql,
                                 std::initializer_list<SqlValue> params,
                                 std::string_view what) {
  WG_ASSIGN(Rows rows, Query(sql, params));
  if (rows.empty())
    return NotFound(std::string(what) + ".not_found",
                    std::string(what) + " not found");
  return std::move(rows.front());
}

Result<std::vector<Rows>> Connection::QueryAll(
    std::span<const Statement> statements) {
  std::vector<Rows> out;
  out.reserve(statements.size());
  for (const auto& s : statements) {
    WG_ASSIGN(Rows rows, Query(s.sql, s.params));
    out.push_back(std::move(rows));
  }
  return out;
}

Result<int64_t> Connection::QueryInt(std::string_view sql,
                                     std::initializer_list<SqlValue> params) {
  WG_ASSIGN(Rows rows, Query(sql, params));
  if (rows.empty() || rows.front().size() == 0) return int64_t{0};
  return rows.front().Int(0);
}

std::string ToNumberedParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace wangge::store
