// Rows behind the case catalogue: categories (大类/小类) and their policy
// versions, the calendar exceptions, departments and functional zones, and
// the responsibility matrix.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct CategoryRow {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string kind;  // component | event | community
  std::string code;
  std::string name;
  std::string name_en;
  int64_t sort = 0;
  bool active = true;
};

struct PolicyRow {
  int64_t id = 0;
  int64_t category_id = 0;
  int64_t version = 0;
  std::string policy;  // JSON
  int64_t created_at = 0;
  std::string created_by;
};

struct CalendarDayRow {
  std::string day;   // YYYY-MM-DD
  std::string kind;  // holiday | workday
  std::string name;
};

struct OrgUnitRow {
  int64_t id = 0;
  std::string kind;  // department | functional_zone
  std::string code;
  std::string name;
  std::string name_en;
  std::optional<int64_t> area_id;
  std::string phone;
};

struct RuleRow {
  int64_t id = 0;
  int64_t category_id = 0;
  int64_t area_id = 0;
  // grid_role | community_office | street_office | department |
  // functional_zone
  std::string party_kind;
  std::string party_role;
  std::optional<int64_t> party_org_id;
  std::string note;
  int64_t created_at = 0;
  std::string created_by;
};

class TaxonomyStore {
 public:
  static Result<std::vector<CategoryRow>> ListCategories(Connection& c);
  static Result<CategoryRow> GetCategory(Connection& c, int64_t id);
  static Result<int64_t> InsertCategory(Connection& c, const CategoryRow& row,
                                        int64_t now);
  static Status UpdateCategory(Connection& c, const CategoryRow& row);

  // The newest version of every category's policy.
  static Result<std::vector<PolicyRow>> CurrentPolicies(Connection& c);
  static Result<PolicyRow> GetPolicy(Connection& c, int64_t policy_id);
  static Result<std::vector<PolicyRow>> PolicyHistory(Connection& c,
                                                      int64_t category_id);
  // Adds the next version; returns the new row.
  static Result<PolicyRow> AddPolicyVersion(Connection& c, int64_t category_id,
                                            const std::string& policy,
                                            int64_t now, const std::string& by);

  static Result<std::vector<CalendarDayRow>> ListCalendarDays(Connection& c);
  // Replaces the exceptions of the local dates [from, to].
  static Status ReplaceCalendarDays(Connection& c, const std::string& from,
                                    const std::string& to,
                                    const std::vector<CalendarDayRow>& days,
                                    int64_t now);

  static Result<std::vector<OrgUnitRow>> ListOrgUnits(Connection& c);
  static Result<int64_t> InsertOrgUnit(Connection& c, const OrgUnitRow& row,
                                       int64_t now);
  static Status AddOrgMember(Connection& c, int64_t org_id, int64_t user_id);
  static Result<std::vector<int64_t>> OrgsOfUser(Connection& c,
                                                 int64_t user_id);
  static Result<std::vector<int64_t>> MembersOfOrg(Connection& c,
                                                   int64_t org_id);

  static Result<std::vector<RuleRow>> ListRules(Connection& c);
  static Result<int64_t> InsertRule(Connection& c, const RuleRow& row);
  static Result<int64_t> DeleteRule(Connection& c, int64_t id);
};

}  // namespace wangge::store
