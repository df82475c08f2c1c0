// Joint enforcement (联合执法, DOMAIN.md §3): community and street leaders
// collect cases that need law enforcement into a task led by a functional
// zone, summon departments, record the pre-enforcement information
// (parties, addresses, evidence), and each department answers. The lead
// rates every answer (吹哨报到评价) and closes the task; the cases go on
// through the normal loop. Every operation is one transaction with its
// audit record; refusals are audited on their own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/case_catalog.h"
#include "store/database.h"
#include "store/enforcement_store.h"

namespace wangge::service {

struct EnforcementParty {
  std::string name;
  std::string role;  // e.g. 当事人, 业主, 施工方; may be empty
};

struct NewEnforcementTask {
  std::string title;
  int64_t lead_org_id = 0;              // a functional zone
  std::vector<int64_t> department_ids;  // departments, at least one
  std::vector<int64_t> case_ids;        // law-enforcement cases, at least one
  std::vector<EnforcementParty> parties;
  std::vector<std::string> addresses;
  std::vector<int64_t> evidence;  // attachment ids
  std::string scheduled_on;       // YYYY-MM-DD or ""
  std::string note;
};

// What a caller sees of a task.
struct EnforcementTask {
  store::EnforcementTaskRow row;
  std::vector<store::EnforcementCaseRow> cases;
  std::vector<store::EnforcementDepartmentRow> departments;
  // The pre-enforcement information, read from row.info.
  std::vector<EnforcementParty> parties;
  std::vector<std::string> addresses;
  std::vector<int64_t> evidence;
  std::string note;
  std::string closing_note;
  // What the caller may do now: answer for these departments, rate, close.
  std::vector<int64_t> may_respond_for;
  bool may_rate = false;
  bool may_close = false;
};

class EnforcementService {
 public:
  EnforcementService(store::Database& db, const Clock& clock,
                     const AuditService& audit, CaseCatalog& catalog)
      : db_(db), clock_(clock), audit_(audit), catalog_(catalog) {}

  // Community and street leaders whose scope covers every case's grid (and
  // the CLI). The lead must be a functional zone, the departments
  // departments; each case must exist, be open and of a law-enforcement
  // category (400 naming "case_ids"; a closed or voided case is a 409), and
  // be in no other task that is not done (409, "case_ids"). Numbers the
  // task ZF-{year}-{seq:04}, adds an "enforcement_task" event to every case,
  // links the evidence photos to the cases, and notifies the members of the
  // lead zone and of every department. Audited as "enforcement.create".
  Result<EnforcementTask> Create(const Actor& actor, NewEnforcementTask in);

  // Visible to leaders over any of its cases, members of the lead zone or
  // of a department, and the CLI.
  Result<EnforcementTask> Get(const Actor& actor, int64_t id);
  // `status`: "" or open | in_progress | done.
  Result<store::PageOf<EnforcementTask>> List(const Actor& actor,
                                              const std::string& status,
                                              store::Page page);

  // A department's answer, by its members or by the lead zone on its
  // behalf; an open task moves to in_progress. Once rated, an answer stays
  // (409). Audited as "enforcement.respond".
  Result<EnforcementTask> Respond(const Actor& actor, int64_t task_id,
                                  int64_t org_id, const std::string& response);
  // The lead's rating 1..5 of a department's answer, by members of the lead
  // zone or leaders over every case; 409 before the department answered.
  // Audited as "enforcement.rate".
  Result<EnforcementTask> Rate(const Actor& actor, int64_t task_id,
                               int64_t org_id, int64_t rating);
  // Marks the task done (members of the lead zone or leaders over every
  // case). The cases stay where they are in their own loop. Audited as
  // "enforcement.close".
  Result<EnforcementTask> Close(const Actor& actor, int64_t task_id,
                                const std::string& note);

 private:
  struct Access;
  // A task locked for a change, with its cases and the caller's rights.
  struct Locked;
  Result<Locked> LockTask(store::Connection& c, const Actor& actor,
                          int64_t task_id);
  Result<Access> AccessTo(store::Connection& c, const Actor& actor,
                          const store::EnforcementTaskRow& task,
                          const std::vector<store::EnforcementCaseRow>& cases);
  Result<EnforcementTask> View(store::Connection& c, const Actor& actor,
                               store::EnforcementTaskRow row);
  Result<EnforcementTask> ViewIfVisible(store::Connection& c,
                                        const Actor& actor, int64_t id);
  Status NotifyOrgs(store::Connection& c, const std::vector<int64_t>& orgs,
                    std::optional<int64_t> case_id, const std::string& kind,
                    const std::string& message);

  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  CaseCatalog& catalog_;
};

}  // namespace wangge::service
