// Multi-row INSERT ... VALUES. On SQLite (in-process) a statement of n rows
// saves no round trip, but it is one step instead of n; on PostgreSQL it is
// one statement in the batch's round trip. Rows go in chunks whose sizes
// are powers of two up to a limit, so that only a few statement texts are
// ever prepared and kept.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::store {

// "(?, ?, ?), (?, ?, ?)": `rows` groups of `width` parameter marks.
std::string ValuesMarks(size_t width, size_t rows = 1);

// Splits `total` rows into chunks (start, size), each size a power of two
// no larger than `max` (itself a power of two), largest first.
std::vector<std::pair<size_t, size_t>> PowerOfTwoChunks(size_t total,
                                                        size_t max);

// The texts "HEAD VALUES (?, ...), ... TAIL" for 1, 2, 4, ... `max` rows of
// `width` marks, made once (a function-local static, typically).
class ChunkedValuesSql {
 public:
  ChunkedValuesSql(std::string_view head, size_t width, size_t max = 64,
                   std::string_view tail = "");
  // The text for `rows` rows, a power of two no larger than max().
  std::string_view For(size_t rows) const;
  size_t max() const { return max_; }
  // PowerOfTwoChunks(total, max()).
  std::vector<std::pair<size_t, size_t>> Chunks(size_t total) const {
    return PowerOfTwoChunks(total, max_);
  }

 private:
  size_t max_;
  std::vector<std::string> texts_;  // texts_[k]: 2^k rows
};

}  // namespace wangge::store
