// Administration of the case catalogue: categories and their versioned
// policies, the working calendar, departments and functional zones, and
// the responsibility matrix with its gap and conflict check. Every change
// is audited and bumps the catalogue version so that each server process
// reloads it.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/case_catalog.h"
#include "service/responsibility.h"
#include "store/database.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

struct CalendarView {
  std::vector<store::CalendarDayRow> days;
  std::string work_periods;  // "08:30-12:00,13:30-17:30"
  int64_t utc_offset_minutes = 480;
};

// The case engine's tunable numbers, kept in the settings table.
struct CaseSetting {
  std::string key;
  int64_t value = 0;
  int64_t min = 0, max = 0;
  std::string description;
};

class TaxonomyService {
 public:
  TaxonomyService(store::Database& db, const Clock& clock,
                  const AuditService& audit, CaseCatalog& catalog)
      : db_(db), clock_(clock), audit_(audit), catalog_(catalog) {}

  // Readable by every signed-in user (the report form needs it).
  Result<std::shared_ptr<const CaseCatalog::Snapshot>> Catalog();

  Result<store::CategoryRow> CreateCategory(
      const Actor& actor, store::CategoryRow row,
      std::optional<boost::json::value> policy);
  Result<store::CategoryRow> UpdateCategory(const Actor& actor,
                                            store::CategoryRow row);
  // Adds a new version of the category's policy (cases keep theirs).
  Result<store::PolicyRow> SetPolicy(const Actor& actor, int64_t category_id,
                                     const boost::json::value& policy);
  Result<std::vector<store::PolicyRow>> PolicyHistory(const Actor& actor,
                                                      int64_t category_id);

  Result<CalendarView> Calendar();
  // Replaces the exceptions in [from, to] and optionally the work periods.
  Result<CalendarView> PutCalendar(const Actor& actor, const std::string& from,
                                   const std::string& to,
                                   std::vector<store::CalendarDayRow> days,
                                   const std::string& work_periods);

  Result<std::vector<CaseSetting>> Settings();
  // Changes the named settings; unknown keys and out-of-range values are
  // refused naming the key, and nothing changes.
  Result<std::vector<CaseSetting>> PutSettings(
      const Actor& actor,
      const std::vector<std::pair<std::string, int64_t>>& values);

  Result<store::OrgUnitRow> CreateOrgUnit(const Actor& actor,
                                          store::OrgUnitRow row);
  Status AddOrgMember(const Actor& actor, int64_t org_id, int64_t user_id);

  Result<store::RuleRow> AddRule(const Actor& actor, store::RuleRow row);
  Status DeleteRule(const Actor& actor, int64_t id);
  Result<MatrixCheck> Check(const Actor& actor,
                            std::optional<int64_t> within_area);

 private:
  Status Gate(const Actor& actor, std::string_view action,
              const AuditTarget& target) const;
  // Runs an audited admin change that also bumps the catalogue version.
  template <class F>
  auto Change(const Actor& actor, std::string_view action,
              const AuditTarget& target, F&& fn);
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  CaseCatalog& catalog_;
};

}  // namespace wangge::service
