// Grids in space on the real Dongyang demo: coverage, planted defects,
// boundary import, point location and re-division.
#include "service/grid_geo_service.h"

#include "geo/geojson.h"
#include "service/demo/dongyang_loader.h"
#include "service_fixture.h"
#include "store/area_store.h"

namespace wangge::service::testing {
namespace {

class GridGeoServiceTest : public ServiceTest {
 protected:
  bool WithSampleAreas() const override { return false; }
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    auto loaded = demo::LoadDongyang(*db_, clock_, *areas_, *registry_, *auth_,
                                     *geo_, *audit_);
    ASSERT_TRUE(loaded) << loaded.error().message;
    auto community = db_->Read([](store::Connection& c) {
      return store::AreaStore::GetByCode(c, "320115003012");
    });
    ASSERT_TRUE(community);
    community_id_ = community->id;
  }
  CoverageResult Check() {
    auto r = geo_->CheckCoverage(Actor::Cli(), community_id_);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }
  int64_t GridId(const std::string& code) {
    auto g = db_->Read([&](store::Connection& c) {
      return store::AreaStore::GetByCode(c, code);
    });
    return g ? g->id : 0;
  }

  int64_t community_id_ = 0;
};

TEST_F(GridGeoServiceTest, FreshDemoIsCleanAndBalanced) {
  CoverageResult r = Check();
  EXPECT_TRUE(r.Clean()) << r.report.areas.size() << " area defects, "
                         << r.report.households.size() << " household defects, "
                         << r.teams.size() << " team defects";
  EXPECT_TRUE(r.community_has_boundary);
  DivisionRequest again{.community_id = community_id_, .grids = 12};
  auto plan = geo_->Divide(Actor::Cli(), again);
  ASSERT_TRUE(plan);
  EXPECT_TRUE(plan->plan.all_connected);
  EXPECT_TRUE(plan->moves.empty()) << "the demo's grids are the division's";
  EXPECT_EQ(plan->grids.size(), 12u);
}

TEST_F(GridGeoServiceTest, MissingGroupLeaderIsATeamDefect) {
  const int64_t grid = GridId("32011500301203");
  auto team = db_->Read(
      [&](store::Connection& c) { return store::AreaStore::Team(c, grid); });
  ASSERT_TRUE(team);
  for (const auto& m : *team)
    if (m.role == "group_leader")
      ASSERT_TRUE(areas_->RemoveTeamMember(Actor::Cli(), m.id));
  CoverageResult r = Check();
  EXPECT_FALSE(r.Clean());
  ASSERT_EQ(r.teams.size(), 1u);
  EXPECT_EQ(r.teams[0].grid_code, "32011500301203");
  EXPECT_EQ(r.teams[0].problem, "no group_leader");
}

TEST_F(GridGeoServiceTest, HouseholdPointsOutsideTheirGridAreFound) {
  auto moved = db_->Write([&](store::Connection& c) -> Status {
    // One household's address moved to another grid, one far outside.
    WG_TRY(
        c.Exec("UPDATE addresses SET lon = lon + 5 WHERE id = (SELECT "
               "address_id FROM households WHERE household_no = "
               "'32011500301201-0001')"));
    return {};
  });
  ASSERT_TRUE(moved);
  CoverageResult r = Check();
  ASSERT_EQ(r.report.households.size(), 1u);
  EXPECT_EQ(r.report.households[0].household_no, "32011500301201-0001");
  EXPECT_EQ(r.report.households[0].kind, "in_no_grid");
}

TEST_F(GridGeoServiceTest, InvalidBoundaryFilesChangeNothing) {
  auto before = geo_->ExportBoundaries(Actor::Cli(), "all", std::nullopt);
  ASSERT_TRUE(before);
  const std::string bowtie = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"code":"32011500301201","level":"grid"},
     "geometry":{"type":"Polygon","coordinates":[[[119.16,31.94],[119.17,31.95],[119.17,31.94],[119.16,31.95],[119.16,31.94]]]}}]})";
  auto bad = geo_->ImportBoundaries(Actor::Cli(), bowtie);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("32011500301201"), std::string::npos);
  EXPECT_NE(bad.error().message.find("self-intersect"), std::string::npos);
  const std::string unknown = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"code":"99999999999999"},
     "geometry":{"type":"Polygon","coordinates":[[[119.16,31.94],[119.17,31.94],[119.17,31.95],[119.16,31.94]]]}}]})";
  auto unknown_code = geo_->ImportBoundaries(Actor::Cli(), unknown);
  ASSERT_FALSE(unknown_code);
  EXPECT_EQ(unknown_code.error().key, "geojson.unknown_code");
  auto after = geo_->ExportBoundaries(Actor::Cli(), "all", std::nullopt);
  ASSERT_TRUE(after);
  EXPECT_EQ(*before, *after);
}

TEST_F(GridGeoServiceTest, ExportReimportsAsTheSameBoundaries) {
  auto exported = geo_->ExportBoundaries(Actor::Cli(), "all", std::nullopt);
  ASSERT_TRUE(exported);
  auto features = geo::ParseFeatureCollection(*exported);
  ASSERT_TRUE(features);
  // community + 12 grids + 28 village groups
  EXPECT_EQ(features->size(), 41u);
  auto imported = geo_->ImportBoundaries(Actor::Cli(), *exported);
  ASSERT_TRUE(imported) << imported.error().message;
  EXPECT_EQ(imported->village_groups, 28);
  auto again = geo_->ExportBoundaries(Actor::Cli(), "all", std::nullopt);
  ASSERT_TRUE(again);
  EXPECT_EQ(*exported, *again);
  EXPECT_TRUE(Check().Clean());
}

TEST_F(GridGeoServiceTest, LocateFindsEveryHouseholdsGridAndFollowsChanges) {
  auto points = db_->Read([](store::Connection& c) {
    return c.Query(
        "SELECT a.lon, a.lat, g.code FROM households h JOIN "
        "addresses a ON a.id = h.address_id JOIN areas g ON g.id = "
        "h.grid_id ORDER BY h.id LIMIT 300");
  });
  ASSERT_TRUE(points);
  for (const auto& r : *points) {
    auto place = geo_->Locate(Actor::Cli(), {r.Real(0), r.Real(1)});
    ASSERT_TRUE(place) << place.error().message;
    EXPECT_EQ(place->grid.code, r.Text(2));
    EXPECT_EQ(place->community.name, "东阳社区");
    EXPECT_EQ(place->street.name, "汤山街道");
  }
  auto outside = geo_->Locate(Actor::Cli(), {120.5, 30.0});
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().code, ErrorCode::kNotFound);
  auto bad = geo_->Locate(Actor::Cli(), {200, 30.0});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "lon");

  // Re-dividing into 10 grids changes where points fall; the locator
  // follows at once.
  DivisionRequest ten{
      .community_id = community_id_, .grids = 10, .apply = true};
  auto applied = geo_->Divide(Actor::Cli(), ten);
  ASSERT_TRUE(applied) << applied.error().message;
  for (const auto& r : *points) {
    auto place = geo_->Locate(Actor::Cli(), {r.Real(0), r.Real(1)});
    ASSERT_TRUE(place);
    auto household_grid = db_->Read([&](store::Connection& c) {
      return c.QueryOne(
          "SELECT g.code FROM households h JOIN addresses a ON "
          "a.id = h.address_id JOIN areas g ON g.id = h.grid_id "
          "WHERE a.lon = ? AND a.lat = ?",
          {r.Real(0), r.Real(1)}, "household");
    });
    ASSERT_TRUE(household_grid);
    EXPECT_EQ(place->grid.code, household_grid->Text(0))
        << "households were reassigned with the grids";
  }
}

TEST_F(GridGeoServiceTest, ApplyingAPlanWithMoreGridsFlagsNewTeams) {
  DivisionRequest fourteen{
      .community_id = community_id_, .grids = 14, .apply = true};
  auto r = geo_->Divide(Actor::Cli(), fourteen);
  ASSERT_TRUE(r) << r.error().message;
  int fresh = 0;
  for (const auto& g : r->grids) fresh += g.new_grid;
  EXPECT_EQ(fresh, 2);
  EXPECT_FALSE(r->moves.empty());
  CoverageResult after = Check();
  EXPECT_TRUE(after.report.Clean()) << "areas and households stay consistent";
  EXPECT_EQ(after.teams.size(), 6u) << "two new grids, three roles each";
  auto grids = areas_->ListGrids(Actor::Cli(), community_id_);
  ASSERT_TRUE(grids);
  int64_t households = 0;
  for (const auto& g : *grids) households += g.summary.households;
  EXPECT_EQ(households, 3000);
}

}  // namespace
}  // namespace wangge::service::testing
