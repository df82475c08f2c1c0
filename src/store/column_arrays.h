// PostgreSQL array literals built column by column, so that inserting a
// batch of any size is one statement of fixed text (prepared once per
// connection) and one round trip:
//   INSERT INTO t (...) SELECT * FROM unnest($1::text[], $2::bigint[], ...)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/sql.h"

namespace wangge::store {

class ColumnArrays {
 public:
  explicit ColumnArrays(size_t width) : cols_(width, "{") {}
  // Appends `v` to column `col` (NULL, integer, real or quoted text).
  void Add(size_t col, const SqlValue& v);
  // The finished literals, one parameter per column; the object is spent.
  std::vector<SqlValue> Params();

 private:
  std::vector<std::string> cols_;
};

// "unnest(?::text[], ?::bigint[], ...)" for column types given one letter
// each: t text, b bigint, d double precision.
std::string Unnest(std::string_view types);

}  // namespace wangge::store
