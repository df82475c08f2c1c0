#include "store/taxonomy_store.h"

namespace wangge::store {

namespace {

constexpr std::string_view kCategoryColumns =
    "id, parent_id, kind, code, name, name_en, sort, active";

CategoryRow ReadCategory(const Row& r) {
  return {.id = r.Int(0),
          .parent_id = r.OptInt(1),
          .kind = r.Text(2),
          .code = r.Text(3),
          .name = r.Text(4),
          .name_en = r.Text(5),
          .sort = r.Int(6),
          .active = r.Int(7) != 0};
}

constexpr std::string_view kPolicyColumns =
    "id, category_id, version, policy, created_at, created_by";

PolicyRow ReadPolicy(const Row& r) {
  return {r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Int(4), r.Text(5)};
}

RuleRow ReadRule(const Row& r) {
  return {.id = r.Int(0),
          .category_id = r.Int(1),
          .area_id = r.Int(2),
          .party_kind = r.Text(3),
          .party_role = r.Text(4),
          .party_org_id = r.OptInt(5),
          .note = r.Text(6),
          .created_at = r.Int(7),
          .created_by = r.Text(8)};
}

}  // namespace

Result<std::vector<CategoryRow>> TaxonomyStore::ListCategories(Connection& c) {
  WG_ASSIGN(auto rows,
            c.Query(std::string("SELECT ") + std::string(kCategoryColumns) +
                    " FROM case_categories ORDER BY sort, id"));
  std::vector<CategoryRow> out;
  for (const auto& r : rows) out.push_back(ReadCategory(r));
  return out;
}

Result<CategoryRow> TaxonomyStore::GetCategory(Connection& c, int64_t id) {
  WG_ASSIGN(auto row,
            c.QueryOne(std::string("SELECT ") + std::string(kCategoryColumns) +
                           " FROM case_categories WHERE id = ?",
                       {id}, "category"));
  return ReadCategory(row);
}

Result<int64_t> TaxonomyStore::InsertCategory(Connection& c,
                                              const CategoryRow& row,
                                              int64_t now) {
  return c.Insert(
      "INSERT INTO case_categories (parent_id, kind, code, name, name_en, "
      "sort, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {IntOrNull(row.parent_id), row.kind, row.code, row.name, row.name_en,
       row.sort, int64_t{row.active}, now});
}

Status TaxonomyStore::UpdateCategory(Connection& c, const CategoryRow& row) {
  WG_ASSIGN(int64_t n, c.Exec("UPDATE case_categories SET name = ?, name_en = "
                              "?, sort = ?, active = ? WHERE id = ?",
                              {row.name, row.name_en, row.sort,
                               int64_t{row.active}, row.id}));
  if (n == 0) return NotFound("category.not_found", "no such category");
  return {};
}

Result<std::vector<PolicyRow>> TaxonomyStore::CurrentPolicies(Connection& c) {
  WG_ASSIGN(auto rows,
            c.Query(std::string("SELECT ") + std::string(kPolicyColumns) +
                    " FROM category_policies p WHERE version = (SELECT "
                    "MAX(version) FROM category_policies q WHERE "
                    "q.category_id = p.category_id)"));
  std::vector<PolicyRow> out;
  for (const auto& r : rows) out.push_back(ReadPolicy(r));
  return out;
}

Result<PolicyRow> TaxonomyStore::GetPolicy(Connection& c, int64_t policy_id) {
  WG_ASSIGN(auto row,
            c.QueryOne(std::string("SELECT ") + std::string(kPolicyColumns) +
                           " FROM category_policies WHERE id = ?",
                       {policy_id}, "policy"));
  return ReadPolicy(row);
}

Result<std::vector<PolicyRow>> TaxonomyStore::PolicyHistory(
    Connection& c, int64_t category_id) {
  WG_ASSIGN(auto rows,
            c.Query(std::string("SELECT ") + std::string(kPolicyColumns) +
                        " FROM category_policies WHERE category_id = ? ORDER "
                        "BY version DESC",
                    {category_id}));
  std::vector<PolicyRow> out;
  for (const auto& r : rows) out.push_back(ReadPolicy(r));
  return out;
}

Result<PolicyRow> TaxonomyStore::AddPolicyVersion(Connection& c,
                                                  int64_t category_id,
                                                  const std::string& policy,
                                                  int64_t now,
                                                  const std::string& by) {
  WG_ASSIGN(int64_t last, c.QueryInt("SELECT COALESCE(MAX(version), 0) FROM "
                                     "category_policies WHERE category_id = ?",
                                     {category_id}));
  PolicyRow row{0, category_id, last + 1, policy, now, by};
  WG_ASSIGN(row.id, c.Insert("INSERT INTO category_policies (category_id, "
                             "version, policy, created_at, created_by) VALUES "
                             "(?, ?, ?, ?, ?)",
                             {category_id, row.version, policy, now, by}));
  return row;
}

Result<std::vector<CalendarDayRow>> TaxonomyStore::ListCalendarDays(
    Connection& c) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT day, kind, name FROM calendar_days ORDER BY day"));
  std::vector<CalendarDayRow> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

Status TaxonomyStore::ReplaceCalendarDays(
    Connection& c, const std::string& from, const std::string& to,
    const std::vector<CalendarDayRow>& days, int64_t now) {
  WG_TRY(c.Exec("DELETE FROM calendar_days WHERE day >= ? AND day <= ?",
                {from, to}));
  for (const auto& d : days)
    WG_TRY(
        c.Exec("INSERT INTO calendar_days (day, kind, name, updated_at) "
               "VALUES (?, ?, ?, ?)",
               {d.day, d.kind, d.name, now}));
  return {};
}

Result<std::vector<OrgUnitRow>> TaxonomyStore::ListOrgUnits(Connection& c) {
  WG_ASSIGN(auto rows, c.Query("SELECT id, kind, code, name, name_en, "
                               "area_id, phone FROM org_units ORDER BY id"));
  std::vector<OrgUnitRow> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                   r.OptInt(5), r.Text(6)});
  return out;
}

Result<int64_t> TaxonomyStore::InsertOrgUnit(Connection& c,
                                             const OrgUnitRow& row,
                                             int64_t now) {
  return c.Insert(
      "INSERT INTO org_units (kind, code, name, name_en, area_id, phone, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {row.kind, row.code, row.name, row.name_en, IntOrNull(row.area_id),
       row.phone, now});
}

Status TaxonomyStore::AddOrgMember(Connection& c, int64_t org_id,
                                   int64_t user_id) {
  WG_TRY(c.Exec("INSERT INTO org_members (org_id, user_id) VALUES (?, ?)",
                {org_id, user_id}));
  return {};
}

Result<std::vector<int64_t>> TaxonomyStore::OrgsOfUser(Connection& c,
                                                       int64_t user_id) {
  WG_ASSIGN(
      auto rows,
      c.Query("SELECT org_id FROM org_members WHERE user_id = ?", {user_id}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::vector<int64_t>> TaxonomyStore::MembersOfOrg(Connection& c,
                                                         int64_t org_id) {
  WG_ASSIGN(
      auto rows,
      c.Query("SELECT user_id FROM org_members WHERE org_id = ?", {org_id}));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<std::vector<RuleRow>> TaxonomyStore::ListRules(Connection& c) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT id, category_id, area_id, party_kind, party_role, "
                    "party_org_id, note, created_at, created_by FROM "
                    "responsibility_rules ORDER BY id"));
  std::vector<RuleRow> out;
  for (const auto& r : rows) out.push_back(ReadRule(r));
  return out;
}

Result<int64_t> TaxonomyStore::InsertRule(Connection& c, const RuleRow& row) {
  return c.Insert(
      "INSERT INTO responsibility_rules (category_id, area_id, party_kind, "
      "party_role, party_org_id, note, created_at, created_by) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?)",
      {row.category_id, row.area_id, row.party_kind, row.party_role,
       IntOrNull(row.party_org_id), row.note, row.created_at, row.created_by});
}

Result<int64_t> TaxonomyStore::DeleteRule(Connection& c, int64_t id) {
  return c.Exec("DELETE FROM responsibility_rules WHERE id = ?", {id});
}

}  // namespace wangge::store
