// Multi-row INSERT ... VALUES for SQLite. SQLite runs in-process, so a
// statement of n rows saves no round trip, but it is one step instead of
// n. Rows go in chunks whose sizes are powers of two up to a limit, so that
// only a few statement texts are ever prepared and kept.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace wangge::store {

// "(?, ?, ?), (?, ?, ?)": `rows` groups of `width` parameter marks.
std::string ValuesMarks(size_t width, size_t rows = 1);

// Splits `total` rows into chunks (start, size), each size a power of two
// no larger than `max` (itself a power of two), largest first.
std::vector<std::pair<size_t, size_t>> PowerOfTwoChunks(size_t total,
                                                        size_t max);

}  // namespace wangge::store
