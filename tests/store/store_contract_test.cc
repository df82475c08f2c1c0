// The storage contract: every store behaves the same on SQLite and on
// PostgreSQL. Each test runs once per backend.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "core/crypto.h"
#include "store/area_store.h"
#include "store/audit_store.h"
#include "store/backend_fixture.h"
#include "store/boundary_store.h"
#include "store/migrations.h"
#include "store/registry_store.h"
#include "store/settings_store.h"
#include "store/user_store.h"

namespace wangge::store::testing {
namespace {

constexpr int64_t kNow = 1795996800000;

// A successful audit record of `action` by `username` at `at`.
AuditEntry Record(int64_t at, std::string username, std::string action,
                  std::string target_type = "", std::string target_id = "") {
  AuditEntry e;
  e.at = at;
  e.username = std::move(username);
  e.action = std::move(action);
  e.target_type = std::move(target_type);
  e.target_id = std::move(target_id);
  e.result = "ok";
  return e;
}

class StoreContract : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    InitCrypto();
    auto made = db().Write([&](Connection& c) -> Status {
      WG_ASSIGN(district_,
                AreaStore::Insert(c,
                                  {0, std::nullopt, "district", "320115",
                                   "江宁区", "", 1, "basic", 0},
                                  kNow));
      WG_ASSIGN(street_,
                AreaStore::Insert(c,
                                  {0, district_.id, "street", "320115003",
                                   "汤山街道", "", 3, "basic", 0},
                                  kNow));
      WG_ASSIGN(community_,
                AreaStore::Insert(c,
                                  {0, street_.id, "community", "320115003012",
                                   "东阳社区", "", 12, "basic", 0},
                                  kNow));
      for (int i = 1; i <= 2; ++i) {
        WG_ASSIGN(
            grids_[i - 1],
            AreaStore::Insert(
                c,
                {0, community_.id, "grid", "3201150030120" + std::to_string(i),
                 "第" + std::to_string(i) + "网格", "", i, "basic", 0},
                kNow));
      }
      return {};
    });
    ASSERT_TRUE(made) << made.error().message;
  }

  // The audit chain verifies: `records` records, none altered.
  void ExpectIntactChain(int64_t records, std::string_view why = "") {
    auto verdict =
        db().Read([](Connection& c) { return AuditStore::Verify(c); });
    ASSERT_TRUE(verdict);
    EXPECT_EQ(verdict->checked, records);
    EXPECT_FALSE(verdict->first_bad_id) << why;
  }

  // A household with `n` residents in grid `g`; returns the household id.
  int64_t AddHousehold(Connection& c, int g, const std::string& no, int n,
                       const std::string& category = "registered") {
    Address a{0,       grids_[g].id, "东阳花园",      std::to_string(g) + "幢",
              "1单元", no + "室",    "东阳花园" + no, 119.17,
              31.95};
    auto address_id = RegistryStore::UpsertAddress(c, a, kNow);
    EXPECT_TRUE(address_id);
    Household h;
    h.grid_id = grids_[g].id;
    h.address_id = *address_id;
    h.household_no = no;
    h.head_name = "王建国";
    auto id = RegistryStore::InsertHousehold(c, h, kNow);
    EXPECT_TRUE(id) << id.error().message;
    for (int i = 0; i < n; ++i) {
      Resident r;
      r.household_id = *id;
      r.grid_id = grids_[g].id;
      r.name = (i == 0 ? "王建国" : "李秀英") + std::to_string(i);
      r.gender = i == 0 ? "M" : "F";
      r.birth_date = "1960-01-01";
      r.category = category;
      r.id_card_index = no + "-" + std::to_string(i);
      r.id_card_masked = "320115********000" + std::to_string(i % 10);
      if (i == 1) r.tags = {{"low_income", ""}};
      auto rid = RegistryStore::InsertResident(c, r, kNow);
      EXPECT_TRUE(rid) << rid.error().message;
    }
    return *id;
  }

  Area district_, street_, community_;
  Area grids_[2];
};

TEST_P(StoreContract, MigrationsAreRecordedAndIdempotent) {
  auto version = db().Read([](Connection& c) { return SchemaVersion(c); });
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, static_cast<int>(SqliteMigrations().size()));
  EXPECT_EQ(SqliteMigrations().size(), PostgresMigrations().size());
  auto again = db().Migrate();
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TEST_P(StoreContract, SeedVocabulariesArePresent) {
  auto roles = db().Read([](Connection& c) { return AreaStore::Roles(c); });
  ASSERT_TRUE(roles);
  ASSERT_GE(roles->size(), 3u);
  EXPECT_EQ((*roles)[0].role, "leader");
  EXPECT_TRUE((*roles)[0].required);
  EXPECT_FALSE((*roles)[0].duties.empty());
  auto idle = db().Read([](Connection& c) {
    return SettingsStore::GetInt(c, "session_idle_minutes", -1);
  });
  ASSERT_TRUE(idle);
  EXPECT_EQ(*idle, 30);
}

TEST_P(StoreContract, AreasKeepPathsAndRefuseDuplicateCodes) {
  EXPECT_EQ(grids_[0].path,
            community_.path + std::to_string(grids_[0].id) + "/");
  auto dup = db().Write([&](Connection& c) {
    return AreaStore::Insert(
        c, {0, community_.id, "grid", grids_[0].code, "x", "", 9, "basic", 0},
        kNow);
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  auto under = db().Read([&](Connection& c) {
    return AreaStore::List(c, "grid", std::vector<std::string>{street_.path});
  });
  ASSERT_TRUE(under);
  EXPECT_EQ(under->size(), 2u);
  auto by_code = db().Read(
      [&](Connection& c) { return AreaStore::GetByCode(c, "32011500301202"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->name, "第2网格");
}

TEST_P(StoreContract, TeamAllowsOneMemberPerSingleRole) {
  auto first = db().Write([&](Connection& c) {
    return AreaStore::InsertTeamMember(
        c, {0, grids_[0].id, "leader", "张书记", "13800000001", {}}, kNow);
  });
  ASSERT_TRUE(first);
  auto second = db().Write([&](Connection& c) {
    return AreaStore::InsertTeamMember(
        c, {0, grids_[0].id, "leader", "李主任", "", {}}, kNow);
  });
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  // Volunteers are not limited.
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(db().Write([&](Connection& c) {
      return AreaStore::InsertTeamMember(
          c, {0, grids_[0].id, "volunteer", "志愿者", "", {}}, kNow);
    }));
  auto team = db().Read(
      [&](Connection& c) { return AreaStore::Team(c, grids_[0].id); });
  ASSERT_TRUE(team);
  ASSERT_EQ(team->size(), 3u);
  EXPECT_EQ((*team)[0].role, "leader") << "ordered by role";
}

TEST_P(StoreContract, GridSummariesCountHouseholdsAndResidents) {
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    AddHousehold(c, 0, "A1", 3);
    AddHousehold(c, 0, "A2", 2);
    AddHousehold(c, 1, "B1", 4);
    return {};
  }));
  auto grids = db().Read([&](Connection& c) {
    return AreaStore::GridSummaries(c, community_.id, std::nullopt);
  });
  ASSERT_TRUE(grids);
  ASSERT_EQ(grids->size(), 2u);
  EXPECT_EQ((*grids)[0].households, 2);
  EXPECT_EQ((*grids)[0].population, 5);
  EXPECT_EQ((*grids)[0].community_name, "东阳社区");
  EXPECT_EQ((*grids)[1].population, 4);
}

TEST_P(StoreContract, ResidentListsPageAndFilter) {
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    AddHousehold(c, 0, "A1", 3);
    AddHousehold(c, 1, "B1", 2, "floating");
    return {};
  }));
  RegistryFilter f;
  auto all = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, f, Page{1, 2});
  });
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 5);
  EXPECT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[0].grid_code, grids_[0].code);
  EXPECT_EQ(all->items[0].household_no, "A1");
  EXPECT_EQ(all->items[1].tags.size(), 1u);

  f.grid_ids = std::vector<int64_t>{grids_[1].id};
  auto second = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, f, Page{1, 20});
  });
  ASSERT_TRUE(second);
  EXPECT_EQ(second->total, 2);

  RegistryFilter by_tag;
  by_tag.tag = "low_income";
  auto tagged = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, by_tag, Page{});
  });
  ASSERT_TRUE(tagged);
  EXPECT_EQ(tagged->total, 2);

  RegistryFilter by_name;
  by_name.query = "王建";
  by_name.category = "floating";
  auto named = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, by_name, Page{});
  });
  ASSERT_TRUE(named);
  ASSERT_EQ(named->total, 1);
  EXPECT_EQ(named->items[0].household_no, "B1");

  RegistryFilter by_id;
  by_id.id_card_index = "B1-1";
  auto found = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, by_id, Page{});
  });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->total, 1);

  RegistryFilter nothing;
  nothing.query = "%";  // LIKE wildcards are matched literally
  auto none = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, nothing, Page{});
  });
  ASSERT_TRUE(none);
  EXPECT_EQ(none->total, 0);
}

TEST_P(StoreContract, DuplicateIdCardIndexIsAConflict) {
  auto result = db().Write([&](Connection& c) -> Status {
    AddHousehold(c, 0, "A1", 1);
    Resident r;
    WG_ASSIGN(auto household, RegistryStore::HouseholdByNo(c, "A1"));
    if (!household) return NotFound("household.not_found", "A1 missing");
    r.household_id = household->id;
    r.grid_id = grids_[0].id;
    r.name = "重复";
    r.gender = "M";
    r.category = "registered";
    r.id_card_index = "A1-0";
    WG_TRY(RegistryStore::InsertResident(c, r, kNow));
    return {};
  });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
  // The failed transaction left nothing behind.
  auto count = db().Read(
      [](Connection& c) { return RegistryStore::CountHouseholds(c); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
}

TEST_P(StoreContract, MovingAHouseholdMovesItsResidents) {
  int64_t id = 0;
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    id = AddHousehold(c, 0, "A1", 2);
    return {};
  }));
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    WG_ASSIGN(Household h, RegistryStore::GetHousehold(c, id));
    h.grid_id = grids_[1].id;
    return RegistryStore::UpdateHousehold(c, h, kNow + 1);
  }));
  RegistryFilter f;
  f.grid_ids = std::vector<int64_t>{grids_[1].id};
  auto moved = db().Read([&](Connection& c) {
    return RegistryStore::ListResidents(c, f, Page{});
  });
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->total, 2);
}

TEST_P(StoreContract, EachResidentStreamsEveryRowInOrder) {
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    for (int h = 0; h < 700; ++h)
      AddHousehold(c, h % 2, "H" + std::to_string(h), 3);
    return {};
  }));
  int64_t seen = 0, last = 0;
  bool ordered = true;
  ASSERT_TRUE(db().Read([&](Connection& c) {
    return RegistryStore::EachResident(c, {}, [&](const Resident& r) {
      ordered = ordered && r.id > last;
      last = r.id;
      ++seen;
      return true;
    });
  }));
  EXPECT_EQ(seen, 2100);
  EXPECT_TRUE(ordered);
}

TEST_P(StoreContract, ChineseTextRoundTrips) {
  const std::string name = "欧阳娜娜·测试𠀀";
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    WG_TRY(SettingsStore::Set(c, "probe", name, kNow));
    return {};
  }));
  auto back =
      db().Read([](Connection& c) { return SettingsStore::Get(c, "probe"); });
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(**back, name);
}

TEST_P(StoreContract, AuditLogChainsAndRefusesChange) {
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    for (int i = 0; i < 3; ++i)
      WG_TRY(AuditStore::Append(c, Record(kNow + i, "grid01", "resident.reveal",
                                          "resident", std::to_string(i))));
    return {};
  }));
  ExpectIntactChain(3);
  auto update = db().Write([](Connection& c) {
    return c.Exec("UPDATE audit_log SET username = 'someone'");
  });
  EXPECT_FALSE(update) << "audit_log must be append-only";
  auto remove =
      db().Write([](Connection& c) { return c.Exec("DELETE FROM audit_log"); });
  EXPECT_FALSE(remove);
  auto list = db().Read([](Connection& c) {
    AuditFilter f;
    f.action_prefix = "resident.";
    return AuditStore::List(c, f, Page{1, 2});
  });
  ASSERT_TRUE(list);
  EXPECT_EQ(list->total, 3);
  EXPECT_EQ(list->items[0].target_id, "2") << "newest first";
}

// A batch's records go in statements of 64, 32, ... rows (100 = 64 + 32 + 4
// on PostgreSQL): the ids must still follow the chain.
TEST_P(StoreContract, AuditRecordsAppendedManyAtOnceKeepTheChainOrder) {
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    std::vector<AuditEntry> batch;
    for (size_t i = 0; i < 100; ++i)
      batch.push_back(
          Record(kNow, "grid01", "case.report", "case", std::to_string(i)));
    return AuditStore::AppendMany(c, batch);
  }));
  ExpectIntactChain(100);
  auto order = db().Read([](Connection& c) {
    return c.Query("SELECT target_id FROM audit_log ORDER BY id");
  });
  ASSERT_TRUE(order);
  ASSERT_EQ(order->size(), 100u);
  for (size_t i = 0; i < order->size(); ++i)
    EXPECT_EQ((*order)[i].Text(0), std::to_string(i));
}

TEST_P(StoreContract, UsersScopesAndSessions) {
  User u;
  u.username = "grid01";
  u.password_hash = "$argon2id$x";
  u.role = "grid_staff";
  u.created_at = u.password_changed_at = kNow;
  auto id = db().Write([&](Connection& c) -> Result<int64_t> {
    WG_ASSIGN(int64_t id, UserStore::Insert(c, u));
    WG_TRY(UserStore::SetScopes(c, id, {grids_[0].id}));
    WG_TRY(UserStore::InsertSession(c, {"digest", id, kNow, kNow, kNow + 1000},
                                    "127.0.0.1"));
    return id;
  });
  ASSERT_TRUE(id) << id.error().message;
  auto again =
      db().Write([&](Connection& c) { return UserStore::Insert(c, u); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto loaded =
      db().Read([&](Connection& c) { return UserStore::Get(c, *id); });
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->scopes.size(), 1u);
  EXPECT_EQ(loaded->scopes[0].path, grids_[0].path);
  auto session = db().Read(
      [](Connection& c) { return UserStore::FindSession(c, "digest"); });
  ASSERT_TRUE(session && *session);
  EXPECT_EQ((*session)->expires_at, kNow + 1000);
  ASSERT_TRUE(db().Write(
      [&](Connection& c) { return UserStore::DeleteSessionsOf(c, *id); }));
  auto gone = db().Read(
      [](Connection& c) { return UserStore::FindSession(c, "digest"); });
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
}

TEST_P(StoreContract, ConcurrentWritersFromTwoPoolsAllCommit) {
  auto other = OpenAgain();
  ASSERT_TRUE(other);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    Database& target = t % 2 ? *other : db();
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto r = target.Write([&](Connection& c) -> Status {
          WG_TRY(AuditStore::Append(
              c, Record(kNow, "t" + std::to_string(t), "probe")));
          return {};
        });
        if (!r) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ExpectIntactChain(150, "concurrent appends keep one chain");
}

TEST_P(StoreContract, BoundariesAreStoredAndVersioned) {
  const std::string square =
      R"({"type":"Polygon","coordinates":[[[119.1,31.9],[119.2,31.9],[119.2,32.0],[119.1,32.0],[119.1,31.9]]]})";
  auto v0 = db().Read([](Connection& c) { return BoundaryStore::Version(c); });
  ASSERT_TRUE(v0);
  int64_t group = 0;
  ASSERT_TRUE(db().Write([&](Connection& c) -> Status {
    WG_TRY(BoundaryStore::SetAreaBoundary(c, grids_[0].id, square));
    WG_ASSIGN(
        group,
        AreaStore::InsertVillageGroup(
            c, {0, community_.id, grids_[0].id, "V01", "东阳一组", 120, 40},
            kNow));
    WG_TRY(BoundaryStore::SetVillageGroupBoundary(c, group, square));
    WG_TRY(BoundaryStore::BumpVersion(c, kNow));
    return {};
  }));
  auto v1 = db().Read([](Connection& c) { return BoundaryStore::Version(c); });
  ASSERT_TRUE(v1);
  EXPECT_EQ(*v1, *v0 + 1);
  auto grids = db().Read([&](Connection& c) {
    return BoundaryStore::Areas(c, "grid", community_.path);
  });
  ASSERT_TRUE(grids);
  ASSERT_EQ(grids->size(), 2u);
  EXPECT_EQ((*grids)[0].geometry, square);
  EXPECT_TRUE((*grids)[1].geometry.empty());
  auto groups = db().Read([&](Connection& c) {
    return BoundaryStore::VillageGroups(c, community_.id);
  });
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ((*groups)[0].geometry, square);
  EXPECT_EQ((*groups)[0].population, 120);
  EXPECT_EQ((*groups)[0].grid_id, grids_[0].id);
  // A rolled-back change leaves boundaries and version as they were.
  auto rolled = db().Write([&](Connection& c) -> Status {
    WG_TRY(BoundaryStore::SetAreaBoundary(c, grids_[0].id, ""));
    WG_TRY(BoundaryStore::BumpVersion(c, kNow));
    return Invalid("test.rollback", "undo");
  });
  ASSERT_FALSE(rolled);
  auto v2 = db().Read([](Connection& c) { return BoundaryStore::Version(c); });
  EXPECT_EQ(*v2, *v1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract,
                         ::testing::Values(Backend::kSqlite,
                                           Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace wangge::store::testing
