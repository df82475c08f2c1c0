// The policy of a case category (DOMAIN.md §3): acceptance and closing
// criteria, levels, photo requirements and the time limit of each step per
// level. Stored as JSON, versioned per category; a case keeps the version
// it was opened under.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/case_state_machine.h"
#include "core/error.h"
#include "core/working_calendar.h"

namespace wangge::service {

// The timed steps of the loop; each running step belongs to one state.
enum class CaseStep { kAccept, kDispatch, kHandle, kVerify };
inline constexpr std::array kCaseSteps = {CaseStep::kAccept,
                                          CaseStep::kDispatch,
                                          CaseStep::kHandle, CaseStep::kVerify};
std::string_view CaseStepName(CaseStep step);
// The step that runs while a case is in `state`; none when closed, voided
// or shelved.
std::optional<CaseStep> StepOf(CaseState state);

// 简易 / 一般 / 突出 / 重大
inline constexpr std::array<std::string_view, 4> kCaseLevels = {
    "simple", "ordinary", "prominent", "major"};
bool IsCaseLevel(std::string_view level);

struct StepLimit {
  double hours = 0;
  TimeBasis basis = TimeBasis::kWorking;
  Millis millis() const { return static_cast<Millis>(hours * 3600000.0); }
};

struct CasePolicy {
  std::string accept_criteria;
  std::string close_criteria;
  std::vector<std::string> levels;  // the levels this category allows
  bool photos_before = true;        // a photo with the report
  bool photos_after = true;         // a photo with the feedback
  bool enforcement = false;         // needs law enforcement (联合执法)
  int max_extensions = 1;
  // level → limit per step (indexed by CaseStep).
  std::map<std::string, std::array<StepLimit, 4>, std::less<>> limits;

  bool AllowsLevel(std::string_view level) const;
  StepLimit Limit(std::string_view level, CaseStep step) const;
};

// Parses and validates a policy; errors name the offending field
// ("limits.major.handle.hours").
Result<CasePolicy> ParseCasePolicy(const boost::json::value& json);
Result<CasePolicy> ParseCasePolicyText(std::string_view text);
boost::json::object CasePolicyToJson(const CasePolicy& policy);

}  // namespace wangge::service
