#include "store/query_builder.h"

namespace wangge::store {

void WhereBuilder::And(std::string condition, std::vector<SqlValue> params) {
  conditions_.push_back(std::move(condition));
  for (auto& p : params) params_.push_back(std::move(p));
}

void WhereBuilder::AndIn(const std::string& column,
                         const std::vector<int64_t>& ids) {
  if (ids.empty()) {
    conditions_.push_back("1 = 0");
    return;
  }
  std::string c = column + " IN (";
  for (size_t i = 0; i < ids.size(); ++i) {
    c += i ? ", ?" : "?";
    params_.push_back(ids[i]);
  }
  conditions_.push_back(c + ")");
}

void WhereBuilder::AndUnderAnyPath(const std::string& column,
                                   const std::vector<std::string>& paths) {
  if (paths.empty()) {
    conditions_.push_back("1 = 0");
    return;
  }
  std::string c = "(";
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i) c += " OR ";
    // Paths are '/1/4/' strings of digits and slashes; '~' sorts after both.
    c += "(" + column + " >= ? AND " + column + " < ?)";
    params_.push_back(paths[i]);
    params_.push_back(paths[i] + "~");
  }
  conditions_.push_back(c + ")");
}

std::string WhereBuilder::Sql() const {
  if (conditions_.empty()) return {};
  std::string out = " WHERE ";
  for (size_t i = 0; i < conditions_.size(); ++i) {
    if (i) out += " AND ";
    out += conditions_[i];
  }
  return out;
}

std::string Page::Sql() const {
  return " LIMIT " + std::to_string(size) + " OFFSET " +
         std::to_string(Offset());
}

std::string LikeEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace wangge::store
