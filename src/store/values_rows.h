// Multi-row INSERT ... VALUES. On SQLite (in-process) a statement of n rows
// saves no round trip, but it is one step instead of n; on PostgreSQL it is
// one statement in the batch's round trip. Rows go in chunks whose sizes
// are powers of two up to a limit, so that only a few statement texts are
// ever prepared and kept.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sql.h"

namespace wangge::store {

// "(?, ?, ?), (?, ?, ?)": `rows` groups of `width` parameter marks.
std::string ValuesMarks(size_t width, size_t rows = 1);

// Splits `total` rows into chunks (start, size), each size a power of two
// no larger than `max` (itself a power of two), largest first.
std::vector<std::pair<size_t, size_t>> PowerOfTwoChunks(size_t total,
                                                        size_t max);

// The texts "HEAD VALUES (?, ...), ... TAIL" for 1, 2, 4, ... `max` rows of
// `width` marks, made once (a function-local static, typically), and the
// statements that carry a batch of rows in them.
class ChunkedValuesSql {
 public:
  ChunkedValuesSql(std::string_view head, size_t width, size_t max = 64,
                   std::string_view tail = "");
  // The text for `rows` rows, a power of two no larger than the limit
  // (std::out_of_range otherwise).
  std::string_view For(size_t rows) const;
  // Appends to `out` one statement per chunk of `rows`, chunks of at most
  // `most` rows (a power of two; 0: the limit); `bind(row, params)` appends
  // a row's `width` values.
  template <class T, class Bind>
  void Append(std::span<const T> rows, Bind&& bind, std::vector<Statement>& out,
              size_t most = 0) const {
    for (const auto& [at, n] :
         PowerOfTwoChunks(rows.size(), most ? std::min(most, max_) : max_)) {
      Statement& st = out.emplace_back(Statement{For(n), {}});
      st.params.reserve(width_ * n);
      for (const T& row : rows.subspan(at, n)) bind(row, st.params);
    }
  }

 private:
  size_t width_;
  size_t max_;
  std::vector<std::string> texts_;  // texts_[k]: 2^k rows
};

// The `most` that a batch's plain INSERTs pass to Append. PostgreSQL: 0,
// chunks up to the limit, each one statement in the batch's one round trip.
// SQLite runs in-process, so a multi-row statement saves no round trip: one
// single-row statement, prepared once per connection and stepped per row,
// avoids parsing a new text for every batch size. (Upserts, which merge
// rows, take whole chunks on both.)
constexpr size_t InsertRowsPerStatement(Dialect d) {
  return d == Dialect::kSqlite ? 1 : 0;
}

}  // namespace wangge::store
