// Multi-row VALUES: the marks of n rows, batches cut into power-of-two
// chunks that cover every row once, and the statement text of each chunk.
#include "store/values_rows.h"

#include <gtest/gtest.h>

#include <stdexcept>

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

TEST(ValuesRowsTest, ChunkedTextsCoverEveryPowerOfTwoUpToTheLimit) {
  const ChunkedValuesSql sql("INSERT INTO t (a, b)", 2, 4,
                             " ON CONFLICT DO NOTHING");
  EXPECT_EQ(sql.For(1),
            "INSERT INTO t (a, b) VALUES (?, ?) ON CONFLICT DO "
            "NOTHING");
  EXPECT_EQ(sql.For(4),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?), (?, ?) ON "
            "CONFLICT DO NOTHING");
  EXPECT_THROW(sql.For(8), std::out_of_range) << "beyond the limit";
  EXPECT_THROW(sql.For(3), std::out_of_range) << "not a power of two";
}

TEST(ValuesRowsTest, AppendBindsEachRowIntoItsChunksStatement) {
  const ChunkedValuesSql sql("INSERT INTO t (a, b)", 2, 4);
  const std::vector<int64_t> rows = {1, 2, 3, 4, 5, 6, 7};
  auto bind = [](int64_t v, std::vector<SqlValue>& params) {
    params.insert(params.end(), {v, -v});
  };
  std::vector<Statement> out;
  sql.Append(std::span(rows), bind, out);
  ASSERT_EQ(out.size(), 3u);  // 4 + 2 + 1
  EXPECT_EQ(out[0].sql, sql.For(4));
  EXPECT_EQ(out[0].params.size(), 8u);
  EXPECT_EQ(out[1].sql, sql.For(2));
  EXPECT_EQ(out[2].sql, sql.For(1));
  EXPECT_EQ(out[2].params, (std::vector<SqlValue>{int64_t{7}, int64_t{-7}}));
  std::vector<Statement> single;
  sql.Append(std::span(rows), bind, single, 1);
  EXPECT_EQ(single.size(), 7u) << "one statement per row when asked";
  EXPECT_EQ(InsertRowsPerStatement(Dialect::kSqlite), 1u);
  EXPECT_EQ(InsertRowsPerStatement(Dialect::kPostgres), 0u) << "the limit";
}

}  // namespace
}  // namespace wangge::store
