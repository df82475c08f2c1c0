// Multi-row VALUES for SQLite: the marks of n rows, and batches cut into
// power-of-two chunks that cover every row once.
#include "store/values_rows.h"

#include <gtest/gtest.h>

namespace wangge::store {
namespace {

TEST(ValuesRowsTest, MarksOneGroupPerRow) {
  EXPECT_EQ(ValuesMarks(3), "(?, ?, ?)");
  EXPECT_EQ(ValuesMarks(2, 3), "(?, ?), (?, ?), (?, ?)");
}

TEST(ValuesRowsTest, ChunksArePowersOfTwoLargestFirst) {
  using Chunks = std::vector<std::pair<size_t, size_t>>;
  EXPECT_EQ(PowerOfTwoChunks(0, 64), Chunks{});
  EXPECT_EQ(PowerOfTwoChunks(67, 64), (Chunks{{0, 64}, {64, 2}, {66, 1}}));
  EXPECT_EQ(PowerOfTwoChunks(150, 64),
            (Chunks{{0, 64}, {64, 64}, {128, 16}, {144, 4}, {148, 2}}));
}

}  // namespace
}  // namespace wangge::store
