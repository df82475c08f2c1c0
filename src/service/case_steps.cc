#include <cstdio>

#include "service/case_internal.h"

namespace wangge::service {

void StartStep(store::CaseRow& row, CaseStep step, const CasePolicy& policy,
               const WorkingCalendar& calendar, Millis now) {
  const StepLimit limit = policy.Limit(row.level, step);
  const Millis ms = std::max<Millis>(limit.millis(), 60'000);
  row.step = std::string(CaseStepName(step));
  row.step_seq += 1;
  row.step_started_at = now;
  row.step_limit_ms = ms;
  row.step_basis = limit.basis == TimeBasis::kWorking ? "working" : "natural";
  row.step_deadline_at = calendar.AddTime(now, ms, limit.basis);
  row.step_yellow_at = calendar.AddTime(now, ms * 8 / 10, limit.basis);
  row.alert = "";
}

void EndStep(store::CaseRow& row, Millis now) {
  if (row.step_deadline_at && now > *row.step_deadline_at) row.on_time = false;
  row.step = "";
  row.step_started_at.reset();
  row.step_yellow_at.reset();
  row.step_deadline_at.reset();
  row.step_limit_ms.reset();
  row.alert = "";
}

std::string LightOf(const store::CaseRow& row, const WorkingCalendar& calendar,
                    Millis now) {
  if (row.step.empty() || !row.step_started_at || !row.step_limit_ms) return "";
  const TimeBasis basis =
      row.step_basis == "natural" ? TimeBasis::kNatural : TimeBasis::kWorking;
  switch (
      calendar.Light(*row.step_started_at, now, *row.step_limit_ms, basis)) {
    case TrafficLight::kGreen:
      return "green";
    case TrafficLight::kYellow:
      return "yellow";
    case TrafficLight::kRed:
      return "red";
  }
  return "";
}

store::CaseEventRow NoteEvent(int64_t case_id, const std::string& state,
                              const Actor& actor, Millis now,
                              std::string action, std::string note,
                              std::string detail_json) {
  return {.case_id = case_id,
          .at = now,
          .user_id = actor.user_id,
          .actor_name = actor.username,
          .action = std::move(action),
          .from_state = state,
          .to_state = state,
          .note = std::move(note),
          .detail = std::move(detail_json)};
}

std::string CaseNumber(const std::string& community_code, int year,
                       int64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%04d-%06lld", year,
                static_cast<long long>(seq));
  return community_code + buf;
}

}  // namespace wangge::service
