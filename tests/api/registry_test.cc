// The registry through the API: area scope (403), masking and the audited
// reveal, validation of new residents, and bad input that must change
// nothing.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "api/api_fixture.h"

namespace wangge::test {
namespace {

class RegistryApiTest : public ApiTest {
 protected:
  // The first resident (as the community leader sees them) in `grid_code`.
  static boost::json::value FirstResidentOf(const char* grid_code) {
    HttpResult r =
        env().As(kLeader).Get("/api/v1/residents?page_size=1&grid_id=" +
                              std::to_string(env().GridId(grid_code)));
    if (r.status != 200)
      throw std::runtime_error("listing residents failed: " + Brief(r));
    auto items = Arr(r.Json(), "items");
    if (items.empty()) throw std::runtime_error("no resident in grid");
    return items[0];
  }

  static boost::json::value FirstHouseholdOf(const char* grid_code) {
    HttpResult r =
        env().As(kLeader).Get("/api/v1/households?page_size=1&grid_id=" +
                              std::to_string(env().GridId(grid_code)));
    if (r.status != 200)
      throw std::runtime_error("listing households failed: " + Brief(r));
    auto items = Arr(r.Json(), "items");
    if (items.empty()) throw std::runtime_error("no household in grid");
    return items[0];
  }

  static int64_t HouseholdTotal(const char* grid_code) {
    HttpResult r =
        env().As(kLeader).Get("/api/v1/households?page_size=1&grid_id=" +
                              std::to_string(env().GridId(grid_code)));
    if (r.status != 200)
      throw std::runtime_error("listing households failed: " + Brief(r));
    return Int(r.Json(), "total");
  }

  // Audit entries (newest first) as the auditor sees them.
  static boost::json::array Audit(const std::string& query) {
    HttpResult r =
        env().As(kAuditor).Get("/api/v1/audit?page_size=50&" + query);
    if (r.status != 200)
      throw std::runtime_error("reading the audit log failed: " + Brief(r));
    return Arr(r.Json(), "items");
  }
};

std::string ResidentPath(int64_t id) {
  return "/api/v1/residents/" + std::to_string(id);
}

// ---------------------------------------------------------------------------
// Scope.

TEST_F(RegistryApiTest, GridStaffListsOnlyOwnGridResidents) {
  HttpResult r = env().As(kGrid01Staff).Get("/api/v1/residents?page_size=200");
  ASSERT_STATUS(r, 200);
  const auto items = Arr(r.Json(), "items");
  ASSERT_EQ(items.size(), 200u);
  for (const auto& item : items)
    EXPECT_EQ(Str(item, "grid_code"), kGrid01) << Int(item, "id");
  // Also on a later page, and a total far below the community's.
  HttpResult last =
      env().As(kGrid01Staff).Get("/api/v1/residents?page_size=200&page=4");
  ASSERT_STATUS(last, 200);
  for (const auto& item : Arr(last.Json(), "items"))
    EXPECT_EQ(Str(item, "grid_code"), kGrid01) << Int(item, "id");
  EXPECT_LT(Int(r.Json(), "total"), env().ResidentTotal());

  // Asking for the neighbour's grid is refused, not silently emptied.
  HttpResult other = env()
                         .As(kGrid01Staff)
                         .Get("/api/v1/residents?grid_id=" +
                              std::to_string(env().GridId(kGrid02)));
  EXPECT_STATUS(other, 403);
  EXPECT_EQ(ErrorCode(other), "auth.forbidden");
}

TEST_F(RegistryApiTest, OtherGridResidentIsForbiddenAndUnchanged) {
  const auto target = FirstResidentOf(kGrid02);
  const int64_t id = Int(target, "id");
  const std::string before = env().As(kLeader).Get(ResidentPath(id)).body;

  HttpResult read = env().As(kGrid01Staff).Get(ResidentPath(id));
  EXPECT_STATUS(read, 403);
  EXPECT_EQ(ErrorCode(read), "auth.forbidden");
  // A refusal shows nothing of the record.
  EXPECT_EQ(read.body.find(Str(target, "name")), std::string::npos)
      << read.body;

  HttpResult write =
      env()
          .As(kGrid01Staff)
          .Put(ResidentPath(id), Body({{"name", "篡改"},
                                       {"gender", "M"},
                                       {"birth_date", "1990-01-01"}}));
  EXPECT_STATUS(write, 403);
  EXPECT_EQ(ErrorCode(write), "auth.forbidden");

  HttpResult del =
      env().As(kGrid01Staff).Delete(ResidentPath(id) + "?reason=test");
  EXPECT_STATUS(del, 403);

  HttpResult after = env().As(kLeader).Get(ResidentPath(id));
  ASSERT_STATUS(after, 200);
  EXPECT_EQ(after.body, before);

  // The refused read is in the audit log.
  bool found = false;
  for (const auto& e :
       Audit("action=resident.read&target_id=" + std::to_string(id)))
    found |= Str(e, "result") == "denied" && Str(e, "username") == kGrid01Staff;
  EXPECT_TRUE(found);
}

TEST_F(RegistryApiTest, GridStaffCannotWriteIntoOtherGrid) {
  const int64_t households_before = HouseholdTotal(kGrid02);
  HttpResult household =
      env()
          .As(kGrid01Staff)
          .Post(
              "/api/v1/households",
              Body({{"grid_code", kGrid02},
                    {"head_name", "越权户"},
                    {"address", boost::json::object{{"estate", "越权小区"}}}}));
  EXPECT_STATUS(household, 403);
  EXPECT_EQ(ErrorCode(household), "auth.forbidden");

  HttpResult by_id =
      env()
          .As(kGrid01Staff)
          .Post(
              "/api/v1/households",
              Body({{"grid_id", env().GridId(kGrid02)},
                    {"address", boost::json::object{{"estate", "越权小区"}}}}));
  EXPECT_STATUS(by_id, 403);
  EXPECT_EQ(HouseholdTotal(kGrid02), households_before);

  // Nor a resident into a household of grid 02.
  const auto other_household = FirstHouseholdOf(kGrid02);
  const int64_t residents_before = env().ResidentTotal();
  HttpResult resident =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents",
                Body({{"household_id", Int(other_household, "id")},
                      {"name", "越权人"},
                      {"id_card", MakeIdCard("110101", "20010101", 901)}}));
  EXPECT_STATUS(resident, 403);
  EXPECT_EQ(env().ResidentTotal(), residents_before);

  // Nor read the household or its house.
  HttpResult get_household =
      env()
          .As(kGrid01Staff)
          .Get("/api/v1/households/" +
               std::to_string(Int(other_household, "id")));
  EXPECT_STATUS(get_household, 403);
}

TEST_F(RegistryApiTest, RolesWithoutRegistryRightsAreRefused) {
  for (const char* user : {kPatrol, kAdmin, kAuditor}) {
    HttpResult r = env().As(user).Get("/api/v1/residents");
    EXPECT_STATUS(r, 403) << user;
    EXPECT_EQ(ErrorCode(r), "auth.forbidden") << user;
    HttpResult h = env().As(user).Get("/api/v1/households");
    EXPECT_STATUS(h, 403) << user;
    HttpResult e = env().As(user).Get("/api/v1/exports/residents");
    EXPECT_STATUS(e, 403) << user;
  }
  // The system administrator may not reveal numbers either.
  const int64_t id = Int(FirstResidentOf(kGrid01), "id");
  HttpResult reveal = env().As(kAdmin).Post(ResidentPath(id) + "/reveal",
                                            Body({{"reason", "核实身份"}}));
  EXPECT_STATUS(reveal, 403);
}

// ---------------------------------------------------------------------------
// Masking and the audited reveal.

TEST_F(RegistryApiTest, NumbersAreMaskedAndRevealIsAudited) {
  HttpResult list =
      env().As(kGrid01Staff).Get("/api/v1/residents?page_size=50");
  ASSERT_STATUS(list, 200);
  boost::json::value chosen;
  for (const auto& item : Arr(list.Json(), "items"))
    if (!Str(item, "phone").empty() && !Str(item, "id_card").empty()) {
      chosen = item;
      break;
    }
  ASSERT_TRUE(chosen.is_object()) << "no resident with a phone in grid 01";
  const int64_t id = Int(chosen, "id");

  HttpResult detail = env().As(kGrid01Staff).Get(ResidentPath(id));
  ASSERT_STATUS(detail, 200);
  const std::string masked_id = Str(detail.Json(), "id_card");
  const std::string masked_phone = Str(detail.Json(), "phone");
  EXPECT_TRUE(
      std::regex_match(masked_id, std::regex(R"(^\d{6}\*{8}[0-9X]{4}$)")))
      << masked_id;
  EXPECT_TRUE(
      std::regex_match(masked_phone, std::regex(R"(^1\d{2}\*{4}\d{4}$)")))
      << masked_phone;

  // A reveal needs a reason.
  HttpResult no_reason =
      env().As(kGrid01Staff).Post(ResidentPath(id) + "/reveal", "{}");
  EXPECT_STATUS(no_reason, 400);
  EXPECT_EQ(ErrorField(no_reason), "reason");
  HttpResult empty_reason =
      env()
          .As(kGrid01Staff)
          .Post(ResidentPath(id) + "/reveal", Body({{"reason", ""}}));
  EXPECT_STATUS(empty_reason, 400);
  EXPECT_EQ(ErrorField(empty_reason), "reason");
  HttpResult short_reason =
      env()
          .As(kGrid01Staff)
          .Post(ResidentPath(id) + "/reveal", Body({{"reason", "x"}}));
  EXPECT_STATUS(short_reason, 400);
  EXPECT_EQ(ErrorField(short_reason), "reason");

  HttpResult revealed =
      env()
          .As(kGrid01Staff)
          .Post(ResidentPath(id) + "/reveal", Body({{"reason", "核实身份"}}));
  ASSERT_STATUS(revealed, 200);
  const std::string full_id = Str(revealed.Json(), "id_card");
  const std::string full_phone = Str(revealed.Json(), "phone");
  ASSERT_EQ(full_id.size(), 18u) << full_id;
  EXPECT_TRUE(std::regex_match(full_id, std::regex(R"(^\d{17}[0-9X]$)")))
      << full_id;
  EXPECT_EQ(IdCheckChar(full_id.substr(0, 17)), full_id[17]);
  EXPECT_EQ(full_id.substr(0, 6), masked_id.substr(0, 6));
  EXPECT_EQ(full_id.substr(14), masked_id.substr(14));
  ASSERT_EQ(full_phone.size(), 11u) << full_phone;
  EXPECT_EQ(full_phone.substr(0, 3), masked_phone.substr(0, 3));
  EXPECT_EQ(full_phone.substr(7), masked_phone.substr(7));
  EXPECT_EQ(Int(revealed.Json(), "id"), id);

  // No other response carries the full numbers.
  const int64_t grid01 = env().GridId(kGrid01);
  for (const std::string& target :
       {ResidentPath(id), std::string("/api/v1/residents?page_size=200"),
        "/api/v1/residents?household_id=" +
            std::to_string(Int(chosen, "household_id")),
        "/api/v1/households/" + std::to_string(Int(chosen, "household_id")),
        "/api/v1/exports/residents?grid_id=" + std::to_string(grid01)}) {
    for (const char* user : {kGrid01Staff, kLeader}) {
      HttpResult r = env().As(user).Get(target);
      ASSERT_STATUS(r, 200);
      EXPECT_EQ(r.body.find(full_id), std::string::npos)
          << user << " " << target << " leaks the ID number";
      EXPECT_EQ(r.body.find(full_phone), std::string::npos)
          << user << " " << target << " leaks the phone number";
    }
  }
  // The resident can be found by the full number, still masked.
  HttpResult by_id =
      env().As(kGrid01Staff).Get("/api/v1/residents?id_card=" + full_id);
  ASSERT_STATUS(by_id, 200);
  EXPECT_EQ(Int(by_id.Json(), "total"), 1);
  EXPECT_EQ(by_id.body.find(full_id), std::string::npos);

  // The auditor sees who revealed what and why, without the numbers.
  HttpResult audit = env().As(kAuditor).Get(
      "/api/v1/audit?action=resident.reveal&target_id=" + std::to_string(id));
  ASSERT_STATUS(audit, 200);
  EXPECT_EQ(audit.body.find(full_id), std::string::npos);
  EXPECT_EQ(audit.body.find(full_phone), std::string::npos);
  const auto entries = Arr(audit.Json(), "items");
  int ok = 0, failed = 0;
  for (const auto& e : entries) {
    EXPECT_EQ(Str(e, "target_id"), std::to_string(id));
    EXPECT_EQ(Str(e, "target_type"), "resident");
    failed += Str(e, "result") == "failed";
    if (Str(e, "result") != "ok") continue;
    ++ok;
    EXPECT_EQ(Str(e, "username"), kGrid01Staff);
    const auto detail_json = boost::json::parse(Str(e, "detail"));
    EXPECT_EQ(Str(detail_json, "reason"), "核实身份");
  }
  EXPECT_EQ(ok, 1) << audit.body;
  // The attempt with a too short reason is there too.
  EXPECT_GE(failed, 1) << audit.body;

  HttpResult verify = env().As(kAuditor).Get("/api/v1/audit/verify");
  ASSERT_STATUS(verify, 200);
  EXPECT_TRUE(At(verify.Json(), "intact").as_bool()) << verify.body;
  EXPECT_GT(Int(verify.Json(), "checked"), 0);
}

TEST_F(RegistryApiTest, RevealOutsideScopeIsRefusedAndAudited) {
  const int64_t id = Int(FirstResidentOf(kGrid02), "id");
  HttpResult r =
      env()
          .As(kGrid01Staff)
          .Post(ResidentPath(id) + "/reveal", Body({{"reason", "核实身份"}}));
  EXPECT_STATUS(r, 403);
  EXPECT_EQ(ErrorCode(r), "auth.forbidden");
  EXPECT_EQ(r.body.find("id_card"), std::string::npos) << r.body;

  bool denied = false;
  for (const auto& e :
       Audit("action=resident.reveal&target_id=" + std::to_string(id)))
    denied |=
        Str(e, "result") == "denied" && Str(e, "username") == kGrid01Staff;
  EXPECT_TRUE(denied);

  HttpResult missing = env()
                           .As(kGrid01Staff)
                           .Post(ResidentPath(99999999) + "/reveal",
                                 Body({{"reason", "核实身份"}}));
  EXPECT_STATUS(missing, 404);
}

// ---------------------------------------------------------------------------
// Creating residents.

TEST_F(RegistryApiTest, CreateResidentValidatesAndRejectsDuplicates) {
  const int64_t household = Int(FirstHouseholdOf(kGrid01), "id");
  const std::string id_card = MakeIdCard("110101", "20010315", 911);
  auto resident = [&](const std::string& id, const std::string& name) {
    return boost::json::object{
        {"household_id", household}, {"name", name}, {"id_card", id}};
  };

  HttpResult bad_check =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents",
                Body(resident(WithWrongCheck(id_card), "校验错")));
  EXPECT_STATUS(bad_check, 400);
  EXPECT_EQ(ErrorField(bad_check), "id_card");
  EXPECT_EQ(ErrorCode(bad_check), "id_card.invalid");

  auto floating = resident(MakeIdCard("110101", "20010316", 913), "流动人");
  floating["category"] = "floating";
  floating["arrival_date"] = "2024-05-01";
  HttpResult no_origin =
      env().As(kGrid01Staff).Post("/api/v1/residents", Body(floating));
  EXPECT_STATUS(no_origin, 400);
  EXPECT_EQ(ErrorField(no_origin), "origin");

  HttpResult no_household =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents",
                Body({{"name", "无户"}, {"id_card", id_card}}));
  EXPECT_STATUS(no_household, 400);
  EXPECT_EQ(ErrorField(no_household), "household_id");

  HttpResult unknown_household =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents", Body({{"household_id", 99999999},
                                           {"name", "无户"},
                                           {"id_card", id_card}}));
  EXPECT_STATUS(unknown_household, 400);
  EXPECT_EQ(ErrorField(unknown_household), "household_id");

  HttpResult gender_mismatch =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents", Body({{"household_id", household},
                                           {"name", "性别错"},
                                           {"id_card", id_card},
                                           {"gender", "F"}}));
  EXPECT_STATUS(gender_mismatch, 400);
  EXPECT_EQ(ErrorField(gender_mismatch), "gender");

  const int64_t before = env().ResidentTotal();
  HttpResult created =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents", Body(resident(id_card, "新居民")));
  ASSERT_STATUS(created, 201);
  const auto json = created.Json();
  EXPECT_GT(Int(json, "id"), 0);
  EXPECT_EQ(Str(json, "name"), "新居民");
  EXPECT_EQ(Str(json, "gender"), "M");  // sequence 911 is odd
  EXPECT_EQ(Str(json, "birth_date"), "2001-03-15");
  EXPECT_EQ(Str(json, "grid_code"), kGrid01);
  EXPECT_EQ(Str(json, "id_card"), "110101********" + id_card.substr(14));
  EXPECT_EQ(created.body.find(id_card), std::string::npos);
  EXPECT_EQ(env().ResidentTotal(), before + 1);

  HttpResult duplicate = env().As(kLeader).Post(
      "/api/v1/residents", Body(resident(id_card, "重复")));
  EXPECT_STATUS(duplicate, 409);
  EXPECT_EQ(ErrorField(duplicate), "id_card");
  EXPECT_EQ(ErrorCode(duplicate), "resident.id_card_exists");
  EXPECT_EQ(env().ResidentTotal(), before + 1);

  // The write is audited.
  bool audited = false;
  for (const auto& e : Audit("action=resident.create&target_id=" +
                             std::to_string(Int(json, "id"))))
    audited |= Str(e, "result") == "ok";
  EXPECT_TRUE(audited);
}

TEST_F(RegistryApiTest, DeleteNeedsAReason) {
  const int64_t household = Int(FirstHouseholdOf(kGrid01), "id");
  HttpResult created =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents",
                Body({{"household_id", household},
                      {"name", "待删除"},
                      {"id_card", MakeIdCard("110101", "20010401", 921)}}));
  ASSERT_STATUS(created, 201);
  const int64_t id = Int(created.Json(), "id");
  HttpResult no_reason = env().As(kGrid01Staff).Delete(ResidentPath(id));
  EXPECT_STATUS(no_reason, 400);
  EXPECT_EQ(ErrorField(no_reason), "reason");
  EXPECT_STATUS(env().As(kGrid01Staff).Get(ResidentPath(id)), 200);
  HttpResult deleted =
      env().As(kGrid01Staff).Delete(ResidentPath(id) + "?reason=moved");
  EXPECT_STATUS(deleted, 200);
  HttpResult gone = env().As(kGrid01Staff).Get(ResidentPath(id));
  EXPECT_STATUS(gone, 404);
}

// A PUT that does not resend the ID number keeps it; the gender and birth
// date it sends must then still agree with that number, as they must on
// create.
TEST_F(RegistryApiTest, UpdateCannotContradictTheKeptIdNumber) {
  const int64_t household = Int(FirstHouseholdOf(kGrid01), "id");
  const std::string id_card = MakeIdCard("110101", "20010501", 931);  // M
  HttpResult created =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/residents", Body({{"household_id", household},
                                           {"name", "身份一致"},
                                           {"id_card", id_card}}));
  ASSERT_STATUS(created, 201);
  const int64_t id = Int(created.Json(), "id");

  HttpResult contradicting =
      env()
          .As(kGrid01Staff)
          .Put(ResidentPath(id), Body({{"name", "身份一致"},
                                       {"gender", "F"},
                                       {"birth_date", "1990-01-01"}}));
  EXPECT_STATUS(contradicting, 400)
      << "PUT kept ID " << id_card << " but stored gender F / 1990-01-01";
  HttpResult after = env().As(kGrid01Staff).Get(ResidentPath(id));
  ASSERT_STATUS(after, 200);
  EXPECT_EQ(Str(after.Json(), "gender"), "M");
  EXPECT_EQ(Str(after.Json(), "birth_date"), "2001-05-01");

  // A consistent update goes through.
  HttpResult renamed =
      env()
          .As(kGrid01Staff)
          .Put(ResidentPath(id),
               Body({{"name", "改名后"}, {"id_card", id_card}}));
  ASSERT_STATUS(renamed, 200);
  EXPECT_EQ(Str(renamed.Json(), "name"), "改名后");
  EXPECT_EQ(Str(renamed.Json(), "gender"), "M");
}

// Households created without a number get a generated one; that number
// must not clash with numbers already in the grid.
TEST_F(RegistryApiTest, GeneratedHouseholdNumbersDoNotCollide) {
  const int64_t existing = HouseholdTotal(kGrid01);
  // A household numbered the way the generator would number the one after
  // next.
  const std::string taken =
      std::string(kGrid01) + "-" + std::to_string(existing + 2);
  HttpResult explicit_no =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/households",
                Body({{"grid_code", kGrid01},
                      {"household_no", taken},
                      {"address",
                       boost::json::object{{"estate", "编号测试小区"}}}}));
  ASSERT_STATUS(explicit_no, 201);
  EXPECT_EQ(Str(explicit_no.Json(), "household_no"), taken);

  std::set<std::string> numbers = {taken};
  for (int i = 0; i < 2; ++i) {
    HttpResult generated =
        env()
            .As(kGrid01Staff)
            .Post("/api/v1/households",
                  Body({{"grid_code", kGrid01},
                        {"address",
                         boost::json::object{
                             {"estate", "编号测试小区"},
                             {"building", std::to_string(i + 1) + "幢"}}}}));
    EXPECT_STATUS(generated, 201)
        << "a household sent without household_no must not conflict";
    if (generated.status == 201) {
      EXPECT_TRUE(numbers.insert(Str(generated.Json(), "household_no")).second);
    }
  }
}

// A unit may only point at a household the caller may see, and an unknown
// household is invalid input, not a database conflict.
TEST_F(RegistryApiTest, UnitHouseholdMustExistAndBeInScope) {
  const int64_t other = Int(FirstHouseholdOf(kGrid02), "id");
  HttpResult cross =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/units", Body({{"grid_code", kGrid01},
                                       {"name", "越权商铺"},
                                       {"kind", "shop"},
                                       {"household_id", other}}));
  EXPECT_STATUS(cross, 403)
      << "grid 01 staff linked a unit to household " << other << " of grid 02";

  HttpResult unknown =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/units", Body({{"grid_code", kGrid01},
                                       {"name", "无主商铺"},
                                       {"kind", "shop"},
                                       {"household_id", 99999999}}));
  EXPECT_STATUS(unknown, 400);
  EXPECT_EQ(ErrorField(unknown), "household_id");

  HttpResult fine =
      env()
          .As(kGrid01Staff)
          .Post("/api/v1/units", Body({{"grid_code", kGrid01},
                                       {"name", "正常商铺"},
                                       {"kind", "shop"},
                                       {"contact_phone", "13912345678"}}));
  ASSERT_STATUS(fine, 201);
  EXPECT_EQ(Str(fine.Json(), "contact_phone"), "139****5678");
}

// ---------------------------------------------------------------------------
// Bad input changes nothing.

TEST_F(RegistryApiTest, MalformedInputChangesNothing) {
  const int64_t residents = env().ResidentTotal();
  const int64_t households = HouseholdTotal(kGrid01);
  const int64_t household = Int(FirstHouseholdOf(kGrid01), "id");
  HttpClient c = env().As(kGrid01Staff);

  HttpResult malformed =
      c.Post("/api/v1/residents", R"({"household_id": 1, "name": )");
  EXPECT_STATUS(malformed, 400);
  EXPECT_EQ(ErrorCode(malformed), "request.malformed_json");

  HttpResult array = c.Post("/api/v1/residents", "[]");
  EXPECT_STATUS(array, 400);
  EXPECT_EQ(ErrorCode(array), "request.malformed_json");

  HttpResult wrong_type = c.Post(
      "/api/v1/residents", R"({"household_id": "abc", "name": "类型错"})");
  EXPECT_STATUS(wrong_type, 400);
  EXPECT_EQ(ErrorField(wrong_type), "household_id");

  HttpResult fractional =
      c.Post("/api/v1/residents", R"({"household_id": 1.5, "name": "类型错"})");
  EXPECT_STATUS(fractional, 400);
  EXPECT_EQ(ErrorField(fractional), "household_id");

  HttpResult name_type = c.Post(
      "/api/v1/residents",
      Body({{"household_id", household}, {"name", boost::json::array{"x"}}}));
  EXPECT_STATUS(name_type, 400);
  EXPECT_EQ(ErrorField(name_type), "name");

  HttpResult too_long =
      c.Post("/api/v1/residents",
             Body({{"household_id", household},
                   {"name", std::string(51, 'a')},
                   {"id_card", MakeIdCard("110101", "20010601", 941)}}));
  EXPECT_STATUS(too_long, 400);
  EXPECT_EQ(ErrorField(too_long), "name");

  HttpResult bad_phone =
      c.Post("/api/v1/residents",
             Body({{"household_id", household},
                   {"name", "电话错"},
                   {"id_card", MakeIdCard("110101", "20010602", 943)},
                   {"phone", "12345"}}));
  EXPECT_STATUS(bad_phone, 400);
  EXPECT_EQ(ErrorField(bad_phone), "phone");

  HttpResult bad_date =
      c.Post("/api/v1/residents", Body({{"household_id", household},
                                        {"name", "日期错"},
                                        {"gender", "F"},
                                        {"birth_date", "2001-02-30"}}));
  EXPECT_STATUS(bad_date, 400);
  EXPECT_EQ(ErrorField(bad_date), "birth_date");

  HttpResult page_size = c.Get("/api/v1/residents?page_size=1000");
  EXPECT_STATUS(page_size, 400);
  EXPECT_EQ(ErrorField(page_size), "page_size");
  HttpResult page = c.Get("/api/v1/residents?page=0");
  EXPECT_STATUS(page, 400);
  EXPECT_EQ(ErrorField(page), "page");
  HttpResult grid_id = c.Get("/api/v1/residents?grid_id=abc");
  EXPECT_STATUS(grid_id, 400);
  EXPECT_EQ(ErrorField(grid_id), "grid_id");
  HttpResult id_card = c.Get("/api/v1/residents?id_card=12345");
  EXPECT_STATUS(id_card, 400);
  EXPECT_EQ(ErrorField(id_card), "id_card");

  HttpResult bad_household =
      c.Post("/api/v1/households",
             Body({{"grid_code", kGrid01},
                   {"address", boost::json::object{{"estate", "坐标错"},
                                                   {"lon", 200.0},
                                                   {"lat", 30.0}}}}));
  EXPECT_STATUS(bad_household, 400);
  EXPECT_EQ(ErrorField(bad_household), "address.lon");
  HttpResult no_estate =
      c.Post("/api/v1/households", Body({{"grid_code", kGrid01}}));
  EXPECT_STATUS(no_estate, 400);
  EXPECT_EQ(ErrorField(no_estate), "address.estate");

  // More than the 16 MiB body limit.
  std::string huge = R"({"household_id": 1, "name": ")";
  huge.append(16 * 1024 * 1024, 'a');
  huge += R"("})";
  HttpResult too_large = c.Post("/api/v1/residents", huge);
  EXPECT_STATUS(too_large, 413);
  EXPECT_EQ(ErrorCode(too_large), "request.too_large");

  // The server is still fine, and nothing was written.
  EXPECT_STATUS(env().Anonymous().Get("/api/v1/health"), 200);
  EXPECT_EQ(env().ResidentTotal(), residents);
  EXPECT_EQ(HouseholdTotal(kGrid01), households);
}

}  // namespace
}  // namespace wangge::test
