// Builds the WHERE clause and parameters of list queries from optional
// filters, so that each store writes its filters once for both backends.
#pragma once

#include <string>
#include <vector>

#include "store/sql.h"

namespace wangge::store {

class WhereBuilder {
 public:
  // Adds "AND <condition>" with its parameters (one per `?`).
  void And(std::string condition, std::vector<SqlValue> params = {});
  // Adds "AND column IN (?, ?, ...)"; an empty list matches nothing.
  void AndIn(const std::string& column, const std::vector<int64_t>& ids);
  // Adds "AND (<col> >= path AND <col> < path || '~')" for any of `paths`:
  // rows whose materialised path lies under one of the given areas.
  void AndUnderAnyPath(const std::string& column,
                       const std::vector<std::string>& paths);

  // " WHERE ..." or "" when nothing was added.
  std::string Sql() const;
  const std::vector<SqlValue>& params() const { return params_; }

 private:
  std::vector<std::string> conditions_;
  std::vector<SqlValue> params_;
};

// Paging as the API exposes it: 1-based page, bounded page size.
struct Page {
  int64_t page = 1;
  int64_t size = 20;
  int64_t Offset() const { return (page - 1) * size; }
  // " LIMIT n OFFSET m" (values are clamped integers, safe to inline).
  std::string Sql() const;
};

// One page of a list and the total number of matching rows.
template <class T>
struct PageOf {
  std::vector<T> items;
  int64_t total = 0;
};

// Escapes % and _ for a LIKE pattern used with ESCAPE '\'.
std::string LikeEscape(std::string_view text);

}  // namespace wangge::store
