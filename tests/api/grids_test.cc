// Grids with their communities, counts and teams, and how scope narrows
// them.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class GridsApiTest : public ApiTest {};

TEST_F(GridsApiTest, CommunityLeaderSeesTwelveGridsWithTeams) {
  HttpResult r = env().As(kLeader).Get("/api/v1/grids");
  ASSERT_STATUS(r, 200);
  const auto json = r.Json();
  const auto& items = Arr(json, "items");
  ASSERT_EQ(items.size(), 12u);
  EXPECT_EQ(Int(json, "total"), 12);

  int64_t households = 0, population = 0;
  std::set<std::string> codes;
  for (const auto& g : items) {
    const std::string code = Str(g, "code");
    SCOPED_TRACE(code);
    codes.insert(code);
    EXPECT_EQ(code.rfind(kCommunityCode, 0), 0u);
    EXPECT_EQ(code.size(), 14u);
    EXPECT_FALSE(Str(g, "name").empty());
    EXPECT_EQ(Str(g, "level"), "grid");
    EXPECT_EQ(Str(At(g, "community"), "name"), "东阳社区");
    EXPECT_EQ(Str(At(g, "community"), "code"), kCommunityCode);
    EXPECT_GT(Int(g, "households"), 0);
    EXPECT_GT(Int(g, "population"), 0);
    EXPECT_GE(Int(g, "population"), Int(g, "households"));
    households += Int(g, "households");
    population += Int(g, "population");

    std::map<std::string, int> roles;
    for (const auto& m : Arr(g, "team")) {
      ++roles[Str(m, "role")];
      EXPECT_FALSE(Str(m, "name").empty());
    }
    EXPECT_EQ(roles["leader"], 1);
    EXPECT_EQ(roles["community_worker"], 1);
    EXPECT_EQ(roles["group_leader"], 1);
  }
  EXPECT_EQ(codes.size(), 12u);
  EXPECT_TRUE(codes.count(kGrid01));
  EXPECT_TRUE(codes.count(kGrid02));
  // The demo holds exactly 3,000 households.
  EXPECT_EQ(households, 3000);
  EXPECT_EQ(Int(json, "households"), households);
  EXPECT_EQ(Int(json, "population"), population);

  // The population agrees with the resident list.
  EXPECT_EQ(env().ResidentTotal(), population);
}

TEST_F(GridsApiTest, GridStaffSeesOnlyOwnGrid) {
  HttpResult r = env().As(kGrid01Staff).Get("/api/v1/grids");
  ASSERT_STATUS(r, 200);
  const auto& items = Arr(r.Json(), "items");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0], "code"), kGrid01);
  EXPECT_EQ(Str(items[0], "name"), "第一网格");
  EXPECT_EQ(Int(r.Json(), "total"), 1);

  // Its own grid by id, but not the neighbour's.
  const int64_t own = env().GridId(kGrid01);
  const int64_t other = env().GridId(kGrid02);
  HttpResult mine =
      env().As(kGrid01Staff).Get("/api/v1/grids/" + std::to_string(own));
  ASSERT_STATUS(mine, 200);
  EXPECT_EQ(Str(mine.Json(), "code"), kGrid01);
  HttpResult theirs =
      env().As(kGrid01Staff).Get("/api/v1/grids/" + std::to_string(other));
  EXPECT_STATUS(theirs, 403);
  EXPECT_EQ(ErrorCode(theirs), "auth.forbidden");

  // The resident list of grid staff is its grid's population.
  EXPECT_EQ(env().ResidentTotal(kGrid01Staff), Int(items[0], "population"));
}

// Areas and village groups follow the same scope as the grid list: grid
// staff see their own grid, the areas above it and what lies below, not a
// neighbouring grid or its village groups' head counts.
TEST_F(GridsApiTest, GridStaffAreaReadsStayInScope) {
  const int64_t own = env().GridId(kGrid01);
  const int64_t other = env().GridId(kGrid02);
  HttpClient staff = env().As(kGrid01Staff);

  HttpResult listed = staff.Get("/api/v1/areas?level=grid");
  ASSERT_STATUS(listed, 200);
  const auto items = Arr(listed.Json(), "items");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Int(items[0], "id"), own);
  HttpResult community = staff.Get("/api/v1/areas?level=community");
  ASSERT_STATUS(community, 200);
  EXPECT_EQ(Arr(community.Json(), "items").size(), 1u);

  EXPECT_STATUS(staff.Get("/api/v1/areas/" + std::to_string(own)), 200);
  HttpResult neighbour = staff.Get("/api/v1/areas/" + std::to_string(other));
  EXPECT_STATUS(neighbour, 403)
      << "GET /api/v1/areas/{id} shows grid 02 to grid 01 staff, while the "
         "area and grid lists hide it";

  HttpResult groups = staff.Get("/api/v1/village-groups");
  ASSERT_STATUS(groups, 200);
  const auto group_items = Arr(groups.Json(), "items");
  EXPECT_FALSE(group_items.empty());
  int outside = 0;
  for (const auto& g : group_items)
    if (At(g, "grid_id").is_int64() && Int(g, "grid_id") != own) ++outside;
  EXPECT_EQ(outside, 0) << "grid 01 staff see " << outside
                        << " village groups (with population) of other grids";

  // The community leader sees all of them.
  HttpResult all = env().As(kLeader).Get("/api/v1/village-groups");
  ASSERT_STATUS(all, 200);
  EXPECT_GT(Arr(all.Json(), "items").size(), group_items.size() - outside);
}

TEST_F(GridsApiTest, GridOfOneCommunityFilter) {
  HttpResult areas = env().As(kLeader).Get("/api/v1/areas?level=community");
  ASSERT_STATUS(areas, 200);
  const auto& communities = Arr(areas.Json(), "items");
  ASSERT_EQ(communities.size(), 1u);
  const int64_t community = Int(communities[0], "id");
  HttpResult r = env().As(kLeader).Get("/api/v1/grids?community_id=" +
                                       std::to_string(community));
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(Arr(r.Json(), "items").size(), 12u);
}

TEST_F(GridsApiTest, GridsNeedALogin) {
  HttpResult r = env().Anonymous().Get("/api/v1/grids");
  EXPECT_STATUS(r, 401);
  EXPECT_EQ(ErrorCode(r), "auth.required");
  EXPECT_EQ(ErrorField(r), "");
}

TEST_F(GridsApiTest, UnknownGridIsNotFound) {
  HttpResult r = env().As(kLeader).Get("/api/v1/grids/999999");
  EXPECT_STATUS(r, 404);
  HttpResult bad = env().As(kLeader).Get("/api/v1/grids/abc");
  EXPECT_STATUS(bad, 404);
}

}  // namespace
}  // namespace wangge::test
