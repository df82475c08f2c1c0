// Shared by the case service's files: the prepared form of a case on its
// way into a batch, and the step clock.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/working_calendar.h"
#include "service/actor.h"
#include "service/case_policy.h"
#include "store/audit_store.h"
#include "store/case_store.h"

namespace wangge::service {

// A validated, located and routed case waiting for its number and id.
struct PreparedCase {
  store::CaseRow row;
  store::CaseEventRow event;
  store::AuditEntry audit;
  std::string community_code;
  std::vector<int64_t> attachments;
  // Runs once the case is committed (with its id, number and tracking
  // number) or failed.
  std::function<void(Result<store::CaseRow>)> done;
};

// Starts `step` now: a new step instance with its limit, yellow point and
// deadline on the calendar; clears the alert.
void StartStep(store::CaseRow& row, CaseStep step, const CasePolicy& policy,
               const WorkingCalendar& calendar, Millis now);
// Ends the running step; a step finished after its deadline makes the case
// late for the on-time rate.
void EndStep(store::CaseRow& row, Millis now);
// The light of the running step ("" when none).
std::string LightOf(const store::CaseRow& row, const WorkingCalendar& calendar,
                    Millis now);

// An event that records something done to a case without changing its
// state (supervision, a reply, the major-case list, enforcement).
store::CaseEventRow NoteEvent(int64_t case_id, const std::string& state,
                              const Actor& actor, Millis now,
                              std::string action, std::string note,
                              std::string detail_json);

// "320115003001-2026-000123"
std::string CaseNumber(const std::string& community_code, int year,
                       int64_t seq);

}  // namespace wangge::service
