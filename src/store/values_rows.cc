#include "store/values_rows.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace wangge::store {

std::string ValuesMarks(size_t width, size_t rows) {
  std::string group = "(";
  for (size_t i = 0; i < width; ++i) group += i ? ", ?" : "?";
  group += ")";
  std::string out;
  out.reserve(rows * (group.size() + 2));
  for (size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    out += group;
  }
  return out;
}

std::vector<std::pair<size_t, size_t>> PowerOfTwoChunks(size_t total,
                                                        size_t max) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t at = 0; at < total;) {
    const size_t n = std::bit_floor(std::min(total - at, max));
    out.emplace_back(at, n);
    at += n;
  }
  return out;
}

ChunkedValuesSql::ChunkedValuesSql(std::string_view head, size_t width,
                                   size_t max, std::string_view tail)
    : width_(width), max_(max) {
  for (size_t n = 1; n <= max; n *= 2)
    texts_.push_back(std::string(head) + " VALUES " + ValuesMarks(width, n) +
                     std::string(tail));
}

std::string_view ChunkedValuesSql::For(size_t rows) const {
  if (!std::has_single_bit(rows))
    throw std::out_of_range("a chunk's row count is a power of two");
  return texts_.at(std::countr_zero(rows));
}

}  // namespace wangge::store
