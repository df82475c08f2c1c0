#include "service/registry_service.h"

#include "service_fixture.h"
#include "store/audit_store.h"

namespace wangge::service::testing {
namespace {

class RegistryServiceTest : public ServiceTest {};

TEST_F(RegistryServiceTest, StoresNumbersEncryptedAndShowsThemMasked) {
  const std::string id = MakeIdCard("320115", "19600101", 11);
  const int64_t rid = AddResident(kGrid1, "A1", id);
  auto raw = db_->Read([&](store::Connection& c) {
    return c.QueryOne(
        "SELECT id_card_enc, phone_enc, id_card_masked FROM residents WHERE id "
        "= ?",
        {rid}, "resident");
  });
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->Text(0).find(id), std::string::npos);
  EXPECT_EQ(raw->Text(1).find("13812341234"), std::string::npos);
  EXPECT_EQ(raw->Text(2), id.substr(0, 6) + "********" + id.substr(14));
}

TEST_F(RegistryServiceTest, GridStaffSeeOnlyTheirGrid) {
  const int64_t mine =
      AddResident(kGrid1, "A1", MakeIdCard("320115", "19600101", 11));
  const int64_t other =
      AddResident(kGrid2, "B1", MakeIdCard("320115", "19600101", 13));
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  EXPECT_TRUE(registry_->GetResident(staff, mine));
  auto denied = registry_->GetResident(staff, other);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  auto list = registry_->ListResidents(staff, {});
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 1);
  Actor leader = MakeUser("dongyang", "community_leader", "320115003012");
  auto all = registry_->ListResidents(leader, {});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 2);
}

TEST_F(RegistryServiceTest, RevealNeedsReasonScopeAndIsAudited) {
  const std::string id = MakeIdCard("320115", "19600101", 11);
  const int64_t rid = AddResident(kGrid1, "A1", id);
  Actor staff = MakeUser("grid01", "grid_staff", kGrid1);
  auto no_reason = registry_->RevealResident(staff, rid, "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto full = registry_->RevealResident(staff, rid, "上门核实");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->id_card, id);
  EXPECT_EQ(full->phone, "13812341234");
  Actor other = MakeUser("grid02", "grid_staff", kGrid2);
  EXPECT_FALSE(registry_->RevealResident(other, rid, "看看"));
  auto log = db_->Read([&](store::Connection& c) {
    store::AuditFilter f;
    f.action_prefix = "resident.reveal";
    return store::AuditStore::List(c, f, {});
  });
  ASSERT_TRUE(log);
  ASSERT_EQ(log->total, 3);  // refused for no reason, ok, denied
  EXPECT_EQ(log->items[0].result, "denied");
  EXPECT_EQ(log->items[0].username, "grid02");
  EXPECT_EQ(log->items[1].result, "ok");
  EXPECT_NE(log->items[1].detail.find("上门核实"), std::string::npos);
}

TEST_F(RegistryServiceTest, FloatingResidentsGetARegistrationDeadline) {
  HouseholdInput h;
  h.grid_code = kGrid1;
  h.household_no = "R1";
  h.kind = "rental";
  h.address = {"东阳新村", "3幢", "", "", std::nullopt, std::nullopt};
  auto household = registry_->CreateHousehold(Actor::Cli(), h);
  ASSERT_TRUE(household);
  ResidentInput r;
  r.household_id = household->id;
  r.name = "陶志勇";
  r.id_card = MakeIdCard("341126", "19790810", 33);
  r.category = "floating";
  auto missing = registry_->CreateResident(Actor::Cli(), r);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "origin");
  r.origin = "安徽省滁州市凤阳县";
  r.arrival_date = "2026-11-20";
  auto created = registry_->CreateResident(Actor::Cli(), r);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->registration_deadline, "2026-11-23");
  EXPECT_EQ(created->hukou_status, "person_only");
  RegistryQuery overdue;
  overdue.registration_overdue = true;
  auto list = registry_->ListResidents(Actor::Cli(), overdue);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 1) << "today (2026-11-30) is past the deadline";
}

TEST_F(RegistryServiceTest, SearchByFullIdNumberUsesTheBlindIndex) {
  const std::string id = MakeIdCard("320115", "19600101", 11);
  AddResident(kGrid1, "A1", id);
  AddResident(kGrid1, "A2", MakeIdCard("320115", "19600101", 13));
  RegistryQuery q;
  q.id_card = id;
  auto found = registry_->ListResidents(Actor::Cli(), q);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items[0].household_no, "A1");
}

}  // namespace
}  // namespace wangge::service::testing

namespace wangge::service::testing {
namespace {

TEST_F(RegistryServiceTest, UpdatesKeepSealedNumbersAndDerivedFields) {
  const std::string id = MakeIdCard("320115", "19600101", 11);
  const int64_t rid = AddResident(kGrid1, "A1", id);
  ResidentInput change;
  change.name = "王建军";
  change.relation = "户主";
  auto updated = registry_->UpdateResident(Actor::Cli(), rid, change);
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->name, "王建军");
  EXPECT_EQ(updated->birth_date, "1960-01-01");
  EXPECT_EQ(updated->gender, "M");
  auto full = registry_->RevealResident(Actor::Cli(), rid, "核对更新");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->id_card, id) << "ID number kept when not resent";
  EXPECT_EQ(full->phone, "13812341234");
}

}  // namespace
}  // namespace wangge::service::testing
