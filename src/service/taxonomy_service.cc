#include "service/taxonomy_service.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "service/permissions.h"
#include "store/settings_store.h"

namespace wangge::service {

namespace {

Status RequireAdmin(const Actor& actor) {
  if (actor.role != Role::kSystemAdmin)
    return Denied("only the system administrator edits the case catalogue");
  return {};
}

Status ValidateDay(const store::CalendarDayRow& d) {
  int64_t day = 0;
  if (!ParseDate(d.day, &day))
    return Invalid("calendar.day", "days[].day must be YYYY-MM-DD", "days");
  if (d.kind != "holiday" && d.kind != "workday")
    return Invalid("calendar.kind", "days[].kind must be holiday or workday",
                   "days");
  return {};
}

}  // namespace

template <class F>
auto TaxonomyService::Change(const Actor& actor, std::string_view action,
                             const AuditTarget& target, F&& fn) {
  auto r = audit_.Write(actor, action, target,
                        [&](store::Connection& c) -> decltype(fn(c)) {
                          WG_TRY(RequireAdmin(actor));
                          auto out = fn(c);
                          if (!out) return out;
                          WG_TRY(audit_.Record(c, actor, action, target));
                          WG_TRY(CaseCatalog::Touch(c, clock_.Now()));
                          return out;
                        });
  catalog_.Invalidate();
  return r;
}

Status TaxonomyService::Gate(const Actor& actor, std::string_view action,
                             const AuditTarget& target) const {
  // Rights before validation: a refused caller learns nothing about input.
  auto ok = RequireAdmin(actor);
  if (!ok) audit_.RecordRefusal(actor, action, target, ok.error());
  return ok;
}

Result<std::shared_ptr<const CaseCatalog::Snapshot>>
TaxonomyService::Catalog() {
  return catalog_.Current();
}

Result<store::CategoryRow> TaxonomyService::CreateCategory(
    const Actor& actor, store::CategoryRow row,
    std::optional<boost::json::value> policy) {
  WG_TRY(Gate(actor, "category.create", {"category", row.code}));
  if (row.code.empty() || row.code.size() > 20)
    return Invalid("category.code", "code is required (at most 20 bytes)",
                   "code");
  if (row.name.empty() || row.name.size() > 100)
    return Invalid("category.name", "name is required (at most 100 bytes)",
                   "name");
  if (row.kind != "component" && row.kind != "event" && row.kind != "community")
    return Invalid("category.kind",
                   "kind must be component, event or community", "kind");
  std::string policy_text;
  if (row.parent_id) {
    if (!policy)
      return Invalid("category.policy", "a 小类 needs a policy", "policy");
    WG_ASSIGN(auto parsed, ParseCasePolicy(*policy));
    policy_text = boost::json::serialize(CasePolicyToJson(parsed));
  }
  return Change(
      actor, "category.create", {"category", row.code},
      [&](store::Connection& c) -> Result<store::CategoryRow> {
        if (row.parent_id) {
          WG_ASSIGN(auto parent,
                    store::TaxonomyStore::GetCategory(c, *row.parent_id));
          if (parent.parent_id)
            return Invalid("category.parent", "parent_id must name a 大类",
                           "parent_id");
        }
        const Millis now = clock_.Now();
        WG_ASSIGN(row.id, store::TaxonomyStore::InsertCategory(c, row, now));
        if (!policy_text.empty())
          WG_TRY(store::TaxonomyStore::AddPolicyVersion(c, row.id, policy_text,
                                                        now, actor.username));
        return row;
      });
}

Result<store::CategoryRow> TaxonomyService::UpdateCategory(
    const Actor& actor, store::CategoryRow row) {
  WG_TRY(Gate(actor, "category.update", {"category", std::to_string(row.id)}));
  if (row.name.empty() || row.name.size() > 100)
    return Invalid("category.name", "name is required (at most 100 bytes)",
                   "name");
  return Change(actor, "category.update", {"category", std::to_string(row.id)},
                [&](store::Connection& c) -> Result<store::CategoryRow> {
                  WG_TRY(store::TaxonomyStore::UpdateCategory(c, row));
                  return store::TaxonomyStore::GetCategory(c, row.id);
                });
}

Result<store::PolicyRow> TaxonomyService::SetPolicy(
    const Actor& actor, int64_t category_id, const boost::json::value& policy) {
  WG_TRY(Gate(actor, "category.policy",
              {"category", std::to_string(category_id)}));
  WG_ASSIGN(auto parsed, ParseCasePolicy(policy));
  const std::string text = boost::json::serialize(CasePolicyToJson(parsed));
  return Change(
      actor, "category.policy", {"category", std::to_string(category_id)},
      [&](store::Connection& c) -> Result<store::PolicyRow> {
        WG_ASSIGN(auto cat, store::TaxonomyStore::GetCategory(c, category_id));
        if (!cat.parent_id)
          return Invalid("category.policy",
                         "policies belong to 小类 (subcategories)",
                         "category_id");
        return store::TaxonomyStore::AddPolicyVersion(
            c, category_id, text, clock_.Now(), actor.username);
      });
}

Result<std::vector<store::PolicyRow>> TaxonomyService::PolicyHistory(
    const Actor& actor, int64_t category_id) {
  (void)actor;
  return db_.Read([&](store::Connection& c) {
    return store::TaxonomyStore::PolicyHistory(c, category_id);
  });
}

Result<CalendarView> TaxonomyService::Calendar() {
  return db_.Read([&](store::Connection& c) -> Result<CalendarView> {
    CalendarView v;
    WG_ASSIGN(v.days, store::TaxonomyStore::ListCalendarDays(c));
    WG_ASSIGN(auto periods,
              store::SettingsStore::Get(c, "calendar_work_periods"));
    v.work_periods = periods.value_or("08:30-12:00,13:30-17:30");
    WG_ASSIGN(v.utc_offset_minutes, store::SettingsStore::GetInt(
                                        c, "calendar_utc_offset_minutes", 480));
    return v;
  });
}

Result<CalendarView> TaxonomyService::PutCalendar(
    const Actor& actor, const std::string& from, const std::string& to,
    std::vector<store::CalendarDayRow> days, const std::string& work_periods) {
  WG_TRY(Gate(actor, "calendar.update", {"calendar", from + ".." + to}));
  int64_t a = 0, b = 0;
  if (!ParseDate(from, &a))
    return Invalid("calendar.from", "from must be YYYY-MM-DD", "from");
  if (!ParseDate(to, &b) || b < a || b - a > 800)
    return Invalid("calendar.to",
                   "to must be a date on or after from, within 800 days", "to");
  for (const auto& d : days) {
    WG_TRY(ValidateDay(d));
    if (d.day < from || d.day > to)
      return Invalid("calendar.range", "every day must lie in [from, to]",
                     "days");
  }
  if (!work_periods.empty() && !ValidWorkPeriods(work_periods))
    return Invalid("calendar.work_periods",
                   "work_periods must look like 08:30-12:00,13:30-17:30",
                   "work_periods");
  WG_TRY(Change(actor, "calendar.update", {"calendar", from + ".." + to},
                [&](store::Connection& c) -> Status {
                  WG_TRY(store::TaxonomyStore::ReplaceCalendarDays(
                      c, from, to, days, clock_.Now()));
                  if (!work_periods.empty())
                    WG_TRY(store::SettingsStore::Set(c, "calendar_work_periods",
                                                     work_periods,
                                                     clock_.Now()));
                  return {};
                }));
  return Calendar();
}

namespace {
const std::vector<CaseSetting>& KnownSettings() {
  static const std::vector<CaseSetting> kAll = {
      {"case_duplicate_radius_m", 50, 1, 5000,
       "duplicate hints: distance in metres"},
      {"case_duplicate_window_days", 7, 1, 365,
       "duplicate hints: reported within this many days"},
      {"public_reports_per_hour", 5, 1, 1000,
       "resident reports per client address and hour"},
      {"public_uploads_per_hour", 30, 1, 10000,
       "resident photo uploads per client address and hour"},
      {"attachment_max_bytes", 10485760, 65536, 15 * 1024 * 1024,
       "largest photo accepted, in bytes"},
      {"supervision_reply_hours", 24, 1, 720,
       "default time for the owner's reply to a supervision"},
  };
  return kAll;
}
}  // namespace

Result<std::vector<CaseSetting>> TaxonomyService::Settings() {
  return db_.Read(
      [&](store::Connection& c) -> Result<std::vector<CaseSetting>> {
        std::vector<CaseSetting> out = KnownSettings();
        for (auto& s : out) {
          WG_ASSIGN(s.value, store::SettingsStore::GetInt(c, s.key, s.value));
        }
        return out;
      });
}

Result<std::vector<CaseSetting>> TaxonomyService::PutSettings(
    const Actor& actor,
    const std::vector<std::pair<std::string, int64_t>>& values) {
  WG_TRY(Gate(actor, "case_settings.update", {"settings", "case"}));
  for (const auto& [key, value] : values) {
    auto it = std::ranges::find(KnownSettings(), key, &CaseSetting::key);
    if (it == KnownSettings().end())
      return Invalid("settings.unknown", "no setting named " + key, key);
    if (value < it->min || value > it->max)
      return Invalid("settings.range",
                     key + " must be from " + std::to_string(it->min) + " to " +
                         std::to_string(it->max),
                     key);
  }
  WG_TRY(Change(actor, "case_settings.update", {"settings", "case"},
                [&](store::Connection& c) -> Status {
                  for (const auto& [key, value] : values)
                    WG_TRY(store::SettingsStore::Set(
                        c, key, std::to_string(value), clock_.Now()));
                  return {};
                }));
  return Settings();
}

Result<store::OrgUnitRow> TaxonomyService::CreateOrgUnit(
    const Actor& actor, store::OrgUnitRow row) {
  WG_TRY(Gate(actor, "org_unit.create", {"org_unit", row.code}));
  if (row.kind != "department" && row.kind != "functional_zone")
    return Invalid("org.kind", "kind must be department or functional_zone",
                   "kind");
  if (row.code.empty() || row.name.empty())
    return Invalid("org.name", "code and name are required",
                   row.code.empty() ? "code" : "name");
  return Change(actor, "org_unit.create", {"org_unit", row.code},
                [&](store::Connection& c) -> Result<store::OrgUnitRow> {
                  WG_ASSIGN(row.id, store::TaxonomyStore::InsertOrgUnit(
                                        c, row, clock_.Now()));
                  return row;
                });
}

Status TaxonomyService::AddOrgMember(const Actor& actor, int64_t org_id,
                                     int64_t user_id) {
  return Change(actor, "org_unit.member", {"org_unit", std::to_string(org_id)},
                [&](store::Connection& c) -> Status {
                  return store::TaxonomyStore::AddOrgMember(c, org_id, user_id);
                });
}

Result<store::RuleRow> TaxonomyService::AddRule(const Actor& actor,
                                                store::RuleRow row) {
  WG_TRY(Gate(actor, "responsibility.add",
              {"responsibility_rule", std::to_string(row.category_id)}));
  WG_ASSIGN(auto snap, catalog_.Current());
  WG_TRY(ValidateRuleParty(*snap, row));
  row.created_at = clock_.Now();
  row.created_by = actor.username;
  return Change(actor, "responsibility.add",
                {"responsibility_rule", std::to_string(row.category_id) + "@" +
                                            std::to_string(row.area_id)},
                [&](store::Connection& c) -> Result<store::RuleRow> {
                  WG_ASSIGN(row.id, store::TaxonomyStore::InsertRule(c, row));
                  return row;
                });
}

Status TaxonomyService::DeleteRule(const Actor& actor, int64_t id) {
  return Change(actor, "responsibility.delete",
                {"responsibility_rule", std::to_string(id)},
                [&](store::Connection& c) -> Status {
                  WG_ASSIGN(int64_t n, store::TaxonomyStore::DeleteRule(c, id));
                  if (n == 0) return NotFound("rule.not_found", "no such rule");
                  return {};
                });
}

Result<MatrixCheck> TaxonomyService::Check(const Actor& actor,
                                           std::optional<int64_t> within_area) {
  if (actor.role != Role::kSystemAdmin && actor.role != Role::kStreetLeader &&
      actor.role != Role::kCommunityLeader)
    return Denied("the responsibility check is for leaders and the admin");
  WG_ASSIGN(auto snap, catalog_.Current());
  if (!within_area && !actor.all_areas && !actor.scopes.empty())
    within_area = actor.scopes.front().area_id;
  if (within_area) {
    const AreaNode* a = snap->Area(*within_area);
    if (!a) return Invalid("area.not_found", "no such area", "area_id");
    if (!InScopeOrAbove(actor, a->path) && !InScope(actor, a->path))
      return Denied("this area lies outside your scope");
  }
  return CheckMatrix(*snap, within_area);
}

}  // namespace wangge::service
