// Joint enforcement tasks (联合执法, DOMAIN.md §3): law-enforcement cases
// collected under a lead functional zone, the departments summoned to it
// with their responses, and the lead's rating of each response (吹哨报到).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/query_builder.h"
#include "store/sql.h"

namespace wangge::store {

struct EnforcementTaskRow {
  int64_t id = 0;
  std::string number;  // ZF-2026-0001
  std::string title;
  int64_t lead_org_id = 0;
  std::string status = "open";  // open | in_progress | done
  std::string info = "{}";      // JSON: parties, addresses, evidence, notes
  int64_t created_at = 0;
  std::optional<int64_t> created_by;
  std::string scheduled_on;  // YYYY-MM-DD or ""
  std::optional<int64_t> closed_at;
  std::string lead_org_name;  // read only (joined)
};

// A case of a task, as the task shows it.
struct EnforcementCaseRow {
  int64_t id = 0;
  std::string number;
  std::string title;
  std::string state;
  int64_t grid_id = 0;
};

struct EnforcementDepartmentRow {
  int64_t task_id = 0;
  int64_t org_id = 0;
  std::string org_name;
  std::string response;
  std::optional<int64_t> responded_at;
  std::optional<int64_t> responded_by;
  std::string responded_by_name;  // display name, else username
  std::optional<int64_t> rating;  // 1..5
};

struct EnforcementFilter {
  std::string status;  // "" for any
  // Visibility: everything (the CLI), or tasks with a case in a grid under
  // one of `scope_paths`, or led by or summoning one of `org_ids`.
  bool everything = false;
  std::vector<std::string> scope_paths;
  std::vector<int64_t> org_ids;
};

class EnforcementStore {
 public:
  // Serialises numbering: on PostgreSQL takes a lock on the task table
  // that concurrent creators wait for until commit (SQLite's write
  // transaction is exclusive already).
  static Status LockNumbering(Connection& c);
  // How many task numbers start with `prefix` ("ZF-2026-").
  static Result<int64_t> CountNumbered(Connection& c,
                                       const std::string& prefix);
  static Result<int64_t> Insert(Connection& c, const EnforcementTaskRow& row);
  static Result<EnforcementTaskRow> Get(Connection& c, int64_t id);
  // Get for a change: locks the row on PostgreSQL.
  static Result<EnforcementTaskRow> GetForUpdate(Connection& c, int64_t id);
  // Writes status, info, scheduled_on and closed_at back.
  static Status Update(Connection& c, const EnforcementTaskRow& row);
  static Result<PageOf<EnforcementTaskRow>> List(Connection& c,
                                                 const EnforcementFilter& f,
                                                 Page page);

  static Status LinkCase(Connection& c, int64_t task_id, int64_t case_id);
  static Result<std::vector<EnforcementCaseRow>> Cases(Connection& c,
                                                       int64_t task_id);
  // The number of a task that is not done and holds the case, if any.
  static Result<std::optional<std::string>> OpenTaskOfCase(Connection& c,
                                                           int64_t case_id);

  static Status AddDepartment(Connection& c, int64_t task_id, int64_t org_id);
  static Result<std::vector<EnforcementDepartmentRow>> Departments(
      Connection& c, int64_t task_id);
  static Status SetResponse(Connection& c, int64_t task_id, int64_t org_id,
                            const std::string& response, int64_t at,
                            std::optional<int64_t> by);
  static Status SetRating(Connection& c, int64_t task_id, int64_t org_id,
                          int64_t rating);

  // The kind of an organisation unit (department | functional_zone), or
  // nullopt when there is none with that id.
  static Result<std::optional<std::string>> OrgKind(Connection& c,
                                                    int64_t org_id);
};

}  // namespace wangge::store
