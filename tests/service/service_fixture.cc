#include "service_fixture.h"

#include <unistd.h>

#include <filesystem>

#include "core/id_card.h"

namespace wangge::service::testing {

std::string MakeIdCard(const std::string& region, const std::string& yyyymmdd,
                       int seq) {
  char s[16];
  std::snprintf(s, sizeof s, "%03d", seq % 1000);
  std::string first17 = region + yyyymmdd + s;
  return first17 + IdCardCheckChar(first17);
}

void ServiceTest::SetUp() {
  InitCrypto();
  char tmpl[] = "/tmp/wangge-service-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  dir_ = tmpl;
  auto db = store::Database::Open({.url = "", .data_dir = dir_});
  ASSERT_TRUE(db) << db.error().message;
  db_ = std::move(*db);
  cipher_ = std::make_unique<FieldCipher>(FieldCipher::GenerateKey());
  audit_ = std::make_unique<AuditService>(*db_, clock_);
  auth_ = std::make_unique<AuthService>(*db_, clock_, *audit_);
  areas_ = std::make_unique<AreaService>(*db_, clock_, *audit_);
  registry_ =
      std::make_unique<RegistryService>(*db_, clock_, *cipher_, *audit_);
  imports_ = std::make_unique<ImportService>(*db_, *registry_, *audit_);
  locator_ = std::make_unique<LocatorCache>(*db_, clock_);
  geo_ = std::make_unique<GridGeoService>(*db_, clock_, *audit_, *locator_);
  if (!WithSampleAreas()) return;
  const Actor cli = Actor::Cli();
  ASSERT_TRUE(areas_->CreateArea(
      cli, {"district", "", "江宁区", "320115", 1, "basic"}));
  ASSERT_TRUE(areas_->CreateArea(
      cli, {"street", "320115", "汤山街道", "", 3, "basic"}));
  ASSERT_TRUE(areas_->CreateArea(
      cli, {"community", "320115003", "东阳社区", "", 12, "basic"}));
  ASSERT_TRUE(areas_->CreateArea(
      cli, {"grid", "320115003012", "第一网格", "", 1, "basic"}));
  ASSERT_TRUE(areas_->CreateArea(
      cli, {"grid", "320115003012", "第二网格", "", 2, "basic"}));
}

void ServiceTest::TearDown() {
  geo_.reset();
  locator_.reset();
  imports_.reset();
  registry_.reset();
  areas_.reset();
  auth_.reset();
  audit_.reset();
  db_.reset();
  std::filesystem::remove_all(dir_);
}

Actor ServiceTest::MakeUser(const std::string& username,
                            const std::string& role,
                            const std::string& area_code) {
  NewUser u{username, kPassword, role, username, {}};
  if (!area_code.empty()) u.area_codes = {area_code};
  auto created = auth_->CreateUser(Actor::Cli(), u);
  EXPECT_TRUE(created) << created.error().message;
  auto login = auth_->Login(username, kPassword, "127.0.0.1");
  EXPECT_TRUE(login) << login.error().message;
  auto actor = auth_->Authenticate(login->token, "127.0.0.1");
  EXPECT_TRUE(actor);
  return *actor;
}

int64_t ServiceTest::AddResident(const std::string& grid_code,
                                 const std::string& no,
                                 const std::string& id_card) {
  HouseholdInput h;
  h.grid_code = grid_code;
  h.household_no = no;
  h.head_name = "王建国";
  h.address = {"东阳花园", "1幢", "1单元", no + "室", 119.17, 31.95};
  auto household = registry_->CreateHousehold(Actor::Cli(), h);
  EXPECT_TRUE(household) << household.error().message;
  ResidentInput r;
  r.household_id = household->id;
  r.name = "王建国";
  r.id_card = id_card;
  r.phone = "13812341234";
  auto resident = registry_->CreateResident(Actor::Cli(), r);
  EXPECT_TRUE(resident) << resident.error().message;
  return resident->id;
}

}  // namespace wangge::service::testing
