// The process's in-memory view of what routing a case needs: categories
// with their current policies, the responsibility rules, departments and
// functional zones, the working calendar and the area tree. Rebuilt when
// the stored `case_catalog_version` moves (every admin edit bumps it) or
// when an unknown area turns up; another process's edit is seen within
// `recheck_ms`. Intake reads it without touching the database.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/working_calendar.h"
#include "service/case_policy.h"
#include "store/database.h"
#include "store/taxonomy_store.h"

namespace wangge::service {

struct AreaNode {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string level;  // district | street | community | grid | micro_grid
  std::string code;
  std::string name;
  std::string path;  // "/1/4/9/"
};

struct CatalogCategory {
  store::CategoryRow row;
  int64_t policy_id = 0;  // current version (0 for a 大类 without policy)
  int64_t policy_version = 0;
  std::shared_ptr<const CasePolicy> policy;
};

class CaseCatalog {
 public:
  struct Snapshot {
    int64_t version = -1;
    std::map<int64_t, CatalogCategory> categories;
    std::map<int64_t, store::OrgUnitRow> orgs;
    std::vector<store::RuleRow> rules;
    std::map<int64_t, AreaNode> areas;
    std::shared_ptr<const WorkingCalendar> calendar;

    const CatalogCategory* Category(int64_t id) const;
    const AreaNode* Area(int64_t id) const;
    // The ancestor of `area_id` (or itself) at `level`.
    const AreaNode* Ancestor(int64_t area_id, std::string_view level) const;
  };

  CaseCatalog(store::Database& db, const Clock& clock,
              int64_t recheck_ms = 1000)
      : db_(db), clock_(clock), recheck_ms_(recheck_ms) {}

  Result<std::shared_ptr<const Snapshot>> Current();
  // A snapshot that knows `area_id` (rebuilds once if it does not).
  Result<std::shared_ptr<const Snapshot>> WithArea(int64_t area_id);
  // The policy of a version, current or old (cached after the first read).
  Result<std::shared_ptr<const CasePolicy>> Policy(int64_t policy_id);

  // Bumps the stored version inside an admin's transaction.
  static Status Touch(store::Connection& c, Millis now);
  void Invalidate();

 private:
  Result<std::shared_ptr<const Snapshot>> Build(int64_t version);
  store::Database& db_;
  const Clock& clock_;
  const int64_t recheck_ms_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
  Millis checked_at_ = 0;
  bool refreshing_ = false;
  std::map<int64_t, std::shared_ptr<const CasePolicy>> old_policies_;
};

// Whether a work-period setting ("08:30-12:00,13:30-17:30") is valid.
bool ValidWorkPeriods(std::string_view text);
// Builds a working calendar from the stored exceptions and settings.
Result<WorkingCalendar> LoadWorkingCalendar(store::Connection& c);

}  // namespace wangge::service
