// Case numbers on both backends: a batch reserves consecutive numbers for
// each community and year it names, in statements of up to 64 rows, and
// every request gets its own first number whatever order the database
// returns the rows in.
#include <gtest/gtest.h>

#include "store/area_store.h"
#include "store/backend_fixture.h"
#include "store/case_store.h"

namespace wangge::store::testing {
namespace {

constexpr int64_t kNow = 1795996800000;  // 2026-11-30 08:00 +08

class CaseNumbers : public BackendTest {
 protected:
  // Reserves `requests` in one transaction; returns each first number.
  std::vector<int64_t> Reserve(
      const std::vector<CaseStore::NumberRequest>& requests) {
    std::vector<int64_t> firsts;
    auto done = db().Write([&](Connection& c) -> Status {
      const auto statements = CaseStore::ReserveNumbersStatements(requests);
      WG_ASSIGN(auto answers, c.QueryAll(statements));
      WG_ASSIGN(firsts, CaseStore::FirstReservedNumbers(answers, requests));
      return {};
    });
    EXPECT_TRUE(done) << done.error().message;
    return firsts;
  }
};

TEST_P(CaseNumbers, EachCommunityYearCountsOnInChunksOf64) {
  // 67 communities: statements of 64, 2 and 1 rows.
  std::vector<int64_t> communities;
  auto made = db().Write([&](Connection& c) -> Status {
    Area district{.level = "district", .code = "320115", .name = "区"};
    WG_ASSIGN(district, AreaStore::Insert(c, district, kNow));
    Area street{.parent_id = district.id,
                .level = "street",
                .code = "320115003",
                .name = "街道"};
    WG_ASSIGN(street, AreaStore::Insert(c, street, kNow));
    for (int i = 1; i <= 67; ++i) {
      Area a{.parent_id = street.id,
             .level = "community",
             .code = "320115003" + std::to_string(100 + i),
             .name = "社区" + std::to_string(i),
             .seq = i};
      WG_ASSIGN(a, AreaStore::Insert(c, a, kNow));
      communities.push_back(a.id);
    }
    return {};
  });
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(CaseStore::ReserveNumbersStatements(
                std::vector<CaseStore::NumberRequest>(67))
                .size(),
            3u);

  std::vector<CaseStore::NumberRequest> first;
  for (size_t i = 0; i < communities.size(); ++i)
    first.push_back({communities[i], 2026, static_cast<int64_t>(i % 3 + 1)});
  const auto a = Reserve(first);
  ASSERT_EQ(a.size(), 67u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], 1) << i;

  // Again, in reverse order and with a second year for one community:
  // each continues after what it took, the new year starts at 1.
  std::vector<CaseStore::NumberRequest> second;
  for (size_t i = communities.size(); i-- > 0;)
    second.push_back({communities[i], 2026, 5});
  second.push_back({communities[0], 2027, 4});
  const auto b = Reserve(second);
  ASSERT_EQ(b.size(), 68u);
  for (size_t k = 0; k < 67; ++k) {
    const size_t i = communities.size() - 1 - k;
    EXPECT_EQ(b[k], static_cast<int64_t>(i % 3 + 2)) << i;
  }
  EXPECT_EQ(b[67], 1);
  EXPECT_EQ(Reserve({{communities[0], 2027, 1}}), std::vector<int64_t>{5});
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseNumbers,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace wangge::store::testing
