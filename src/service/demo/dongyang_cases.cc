#include "service/demo/dongyang_cases.h"

#include <sodium.h>

#include <map>
#include <random>

#include "service/case_catalog.h"
#include "service/case_service.h"
#include "service/demo/demo_photo.h"
#include "store/taxonomy_store.h"

namespace wangge::demo {

namespace {

using service::Actor;
using service::CaseActionInput;
using wangge::CaseAction;

constexpr Millis kHour = 3600000;
constexpr Millis kDay = 24 * kHour;

struct OrgPlan {
  const char* kind;
  const char* code;
  const char* name;
  const char* name_en;
};

const std::vector<OrgPlan> kOrgs = {
    {"functional_zone", "TS-ZONE-E", "汤山街道东部片区（功能区）",
     "Tangshan east functional zone"},
    {"department", "TS-CG", "汤山街道城管执法中队", "Urban management squad"},
    {"department", "TS-PCS", "汤山派出所", "Tangshan police station"},
    {"department", "TS-SZ", "汤山市政养护所", "Municipal maintenance"},
    {"department", "TS-HW", "汤山环卫所", "Sanitation station"},
    {"department", "TS-SC", "汤山市场监管所", "Market supervision"},
};

// (category code, party kind, role or org code): set on the street, so
// they hold in every grid. 房屋土地 (B05) is left to the fallback on
// purpose: the responsibility check shows the gap.
struct RulePlan {
  const char* category;
  const char* kind;
  const char* who;
};
const std::vector<RulePlan> kRules = {
    {"B01", "department", "TS-SZ"},
    {"B02", "department", "TS-SZ"},
    {"B0602", "department", "TS-SZ"},
    {"B03", "department", "TS-HW"},
    {"B04", "community_office", ""},
    {"B06", "community_office", ""},
    {"S01", "grid_role", "group_leader"},
    {"S0103", "department", "TS-HW"},
    {"S02", "grid_role", "community_worker"},
    {"S03", "department", "TS-CG"},
    {"S04", "street_office", ""},
    {"S05", "department", "TS-CG"},
    {"S0503", "department", "TS-SC"},
    {"S06", "community_office", ""},
    {"C01", "department", "TS-PCS"},
    {"C02", "grid_role", "leader"},
    {"C03", "community_office", ""},
    {"C04", "functional_zone", "TS-ZONE-E"},
};

// Weighted picks of what Dongyang reports most (DOMAIN.md §3, field report).
const std::vector<std::pair<const char*, int>> kMix = {
    {"S0104", 8}, {"S0101", 8}, {"S0102", 5}, {"S0501", 6}, {"S0502", 6},
    {"S0105", 3}, {"S0201", 3}, {"S0202", 4}, {"B0601", 4}, {"B0602", 3},
    {"B0101", 2}, {"B0102", 3}, {"C0101", 3}, {"C0102", 2}, {"C0201", 4},
    {"C0202", 2}, {"C0301", 4}, {"C0401", 2}, {"S0103", 3},
};

}  // namespace

Result<CaseDemoSummary> LoadDongyangCases(
    store::Database& db, Millis now, const FieldCipher& cipher,
    const service::AuditService& audit, service::AuthService& auth,
    service::LocatorCache& locator, service::AttachmentService& attachments,
    uint64_t seed, int days) {
  CaseDemoSummary sum;
  const Actor cli = Actor::Cli();
  std::map<std::string, int64_t> org_ids;
  int64_t street_id = 0, community_id = 0;
  std::vector<int64_t> grids;
  std::map<int64_t, std::vector<std::pair<double, double>>> points;

  WG_TRY(db.Write([&](store::Connection& c) -> Status {
    WG_ASSIGN(street_id, c.QueryInt("SELECT id FROM areas WHERE level = "
                                    "'street' ORDER BY id LIMIT 1"));
    WG_ASSIGN(community_id, c.QueryInt("SELECT id FROM areas WHERE level = "
                                       "'community' ORDER BY id LIMIT 1"));
    if (street_id == 0 || community_id == 0)
      return Conflict("demo.no_areas", "load the Dongyang areas first");
    for (const auto& o : kOrgs) {
      WG_ASSIGN(
          org_ids[o.code],
          store::TaxonomyStore::InsertOrgUnit(
              c, {0, o.kind, o.code, o.name, o.name_en, street_id, ""}, now));
      ++sum.org_units;
    }
    WG_ASSIGN(auto categories, store::TaxonomyStore::ListCategories(c));
    std::map<std::string, int64_t> by_code;
    for (const auto& cat : categories) by_code[cat.code] = cat.id;
    for (const auto& r : kRules) {
      store::RuleRow row{.category_id = by_code.at(r.category),
                         .area_id = street_id,
                         .party_kind = r.kind,
                         .note = "东阳示范数据",
                         .created_at = now,
                         .created_by = "demo"};
      if (std::string_view(r.kind) == "grid_role")
        row.party_role = r.who;
      else if (*r.who)
        row.party_org_id = org_ids.at(r.who);
      WG_TRY(store::TaxonomyStore::InsertRule(c, row));
      ++sum.rules;
    }
    WG_ASSIGN(auto grid_rows,
              c.Query("SELECT id FROM areas WHERE level = 'grid' ORDER BY id"));
    for (const auto& g : grid_rows) grids.push_back(g.Int(0));
    WG_ASSIGN(auto addr, c.Query("SELECT grid_id, lon, lat FROM addresses "
                                 "WHERE lon IS NOT NULL ORDER BY id"));
    for (const auto& a : addr)
      points[a.Int(0)].emplace_back(a.Real(1), a.Real(2));
    WG_TRY(service::CaseCatalog::Touch(c, now));
    return audit.Record(c, cli, "demo.cases", {"community", ""},
                        {{"org_units", sum.org_units}, {"rules", sum.rules}});
  }));

  // Department accounts act through org membership (no area rights).
  for (const auto& [username, org] :
       std::vector<std::pair<std::string, std::string>>{
           {"chengguan", "TS-CG"}, {"zone", "TS-ZONE-E"}}) {
    service::NewUser u;
    u.username = username;
    u.password = "Dy" + RandomToken().substr(0, 6) + "-" +
                 std::to_string(1000 + randombytes_uniform(9000));
    u.role = "patrol_member";
    WG_ASSIGN(auto user, auth.CreateUser(cli, u));
    WG_TRY(db.Write([&](store::Connection& c) -> Status {
      return store::TaxonomyStore::AddOrgMember(c, org_ids.at(org), user.id);
    }));
    sum.accounts.push_back({u.username, u.password, "patrol_member",
                            std::string(org) + " 部门账号"});
  }

  // Stand-in site photos: one "before", one "after".
  WG_ASSIGN(auto before,
            attachments.Upload(cli, DemoPhotoPng(0x8a6d3b, 0x4a3b22)));
  WG_ASSIGN(auto after,
            attachments.Upload(cli, DemoPhotoPng(0x6fb3e0, 0x2e7d32)));

  // The history, on a clock of its own.
  ManualClock clock(now - days * kDay);
  service::CaseCatalog catalog(db, clock, 0);
  service::CaseService cases(db, clock, cipher, audit, catalog, locator,
                             /*group_commit=*/false);
  WG_ASSIGN(auto snap, catalog.Current());
  std::map<std::string, int64_t> category_of;
  std::map<std::string, bool> photo_after;
  for (const auto& [id, cat] : snap->categories) {
    category_of[cat.row.code] = id;
    if (cat.policy) photo_after[cat.row.code] = cat.policy->photos_after;
  }
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  int total_weight = 0;
  for (const auto& m : kMix) total_weight += m.second;
  auto pick_category = [&]() -> std::string {
    int r = uniform(0, total_weight - 1);
    for (const auto& m : kMix) {
      if (r < m.second) return m.first;
      r -= m.second;
    }
    return kMix.front().first;
  };
  Actor staff = cli;
  Actor leader = cli;
  leader.username = "dongyang";
  Actor handler = cli;
  Actor verifier = cli;
  verifier.username = "dongyang";

  const int64_t day0 = (now - days * kDay + 8 * kHour) / kDay;  // local day
  for (int d = 0; d <= days; ++d) {
    const int n = uniform(2, 6);
    for (int k = 0; k < n; ++k) {
      // Local 08:00–19:00, as UTC.
      const Millis at = (day0 + d) * kDay - 8 * kHour + 8 * kHour +
                        uniform(0, 11 * 60) * 60000LL;
      if (at > now - kHour) continue;
      clock.Set(at);
      const std::string code = pick_category();
      const int64_t grid =
          grids[uniform(0, static_cast<int>(grids.size()) - 1)];
      service::NewCase in;
      in.category_id = category_of.at(code);
      in.level = uniform(0, 9) == 0 ? "prominent" : "ordinary";
      const int src = uniform(0, 9);
      in.source = src < 5 ? "grid_staff" : src < 7 ? "patrol" : "hotline";
      if (in.source != "hotline") in.attachments = {before.id};
      const auto& pts = points[grid];
      if (!pts.empty()) {
        const auto& p = pts[uniform(0, static_cast<int>(pts.size()) - 1)];
        in.lon = p.first + uniform(-20, 20) * 1e-6;
        in.lat = p.second + uniform(-20, 20) * 1e-6;
      }
      in.grid_id = grid;
      in.description = "示范案件：" + code;
      staff.username = grid == grids[0] ? "grid01" : "grid02";
      auto created = cases.Report(staff, in);
      if (!created) return std::unexpected(created.error());
      ++sum.cases;
      const int64_t id = created->row.id;
      const Millis age = now - at;
      // How far along the loop this case got: older ones further.
      const int fate = uniform(0, 99);
      auto act = [&](const Actor& who, CaseAction a, Millis after_ms,
                     CaseActionInput in2 = {}) -> Status {
        clock.Advance(after_ms);
        if (clock.Now() > now) clock.Set(now - 60000);
        in2.action = a;
        WG_TRY(cases.Act(who, id, in2));
        return {};
      };
      if (age < 6 * kHour && fate < 60) continue;  // still waiting
      if (fate < 4) {
        WG_TRY(act(leader, CaseAction::kVoid, kHour,
                   {.note = "重复上报，已并入前案"}));
        continue;
      }
      WG_TRY(act(leader, CaseAction::kAccept, uniform(10, 90) * 60000LL));
      if (age < 1 * kDay && fate < 70) continue;
      WG_TRY(act(leader, CaseAction::kDispatch, uniform(10, 120) * 60000LL));
      if (fate >= 4 && fate < 8) {
        // A department that does not own it sends it back (推诿 counted).
        WG_TRY(act(leader, CaseAction::kSendBack, 2 * kHour,
                   {.note = "不属于本单位职责"}));
        WG_TRY(act(leader, CaseAction::kDispatch, kHour,
                   {.party_kind = "community_office"}));
      }
      if (age < 3 * kDay && fate < 80) continue;  // being handled
      if (fate >= 8 && fate < 11) {
        WG_TRY(act(leader, CaseAction::kShelve, 4 * kHour,
                   {.note = "需列入明年改造计划", .review_on = "2027-03-01"}));
        continue;
      }
      if (age > 5 * kDay && fate >= 11 && fate < 20) continue;  // overdue
      CaseActionInput feedback{.note = "已现场处置完毕"};
      if (photo_after[code]) feedback.attachments = {after.id};
      WG_TRY(act(handler, CaseAction::kFeedback, uniform(2, 30) * kHour,
                 feedback));
      if (fate >= 20 && fate < 26) {
        WG_TRY(act(verifier, CaseAction::kVerifyFail, 3 * kHour,
                   {.note = "现场复核仍有残留，返工"}));
        WG_TRY(act(handler, CaseAction::kFeedback, 6 * kHour, feedback));
      }
      if (age < 4 * kDay && fate < 90) continue;  // waiting for verification
      WG_TRY(act(verifier, CaseAction::kVerifyPass, uniform(1, 8) * kHour,
                 {.note = "核查通过，予以结案"}));
      ++sum.closed;
      if (fate < 85)
        WG_TRY(act(leader, CaseAction::kEvaluate, kDay,
                   {.note = "回访：满意", .satisfaction = "satisfied"}));
    }
  }
  // Supervision as the scheduler would have raised it by now.
  clock.Set(now);
  for (int round = 0; round < 20; ++round) {
    WG_ASSIGN(auto run, cases.RunDeadlines("demo", 500));
    sum.supervised += run.yellow + run.red;
    if (run.scanned < 500) break;
  }
  WG_TRY(db.Read([&](store::Connection& c) -> Status {
    WG_ASSIGN(sum.open, c.QueryInt("SELECT COUNT(*) FROM cases WHERE state "
                                   "NOT IN ('closed', 'voided')"));
    return {};
  }));
  return sum;
}

}  // namespace wangge::demo
