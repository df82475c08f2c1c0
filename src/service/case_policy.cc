#include "service/case_policy.h"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace wangge::service {

namespace json = boost::json;

std::string_view CaseStepName(CaseStep step) {
  switch (step) {
    case CaseStep::kAccept:
      return "accept";
    case CaseStep::kDispatch:
      return "dispatch";
    case CaseStep::kHandle:
      return "handle";
    case CaseStep::kVerify:
      return "verify";
  }
  return "";
}

std::optional<CaseStep> StepOf(CaseState state) {
  switch (state) {
    case CaseState::kReported:
      return CaseStep::kAccept;
    case CaseState::kAccepted:
      return CaseStep::kDispatch;
    case CaseState::kDispatched:
      return CaseStep::kHandle;
    case CaseState::kHandled:
      return CaseStep::kVerify;
    default:
      return std::nullopt;
  }
}

bool IsCaseLevel(std::string_view level) {
  return std::ranges::find(kCaseLevels, level) != kCaseLevels.end();
}

bool CasePolicy::AllowsLevel(std::string_view level) const {
  return std::ranges::find(levels, level) != levels.end();
}

StepLimit CasePolicy::Limit(std::string_view level, CaseStep step) const {
  auto it = limits.find(level);
  if (it == limits.end()) return {};
  return it->second[static_cast<size_t>(step)];
}

namespace {

Result<std::string> Text(const json::object& o, std::string_view key,
                         std::string_view field) {
  auto* v = o.if_contains(key);
  if (!v) return std::string();
  if (!v->is_string())
    return Invalid("policy.type", std::string(field) + " must be text",
                   std::string(field));
  if (v->as_string().size() > 4000)
    return Invalid("policy.too_long", std::string(field) + " is too long",
                   std::string(field));
  return std::string(v->as_string());
}

Result<bool> Flag(const json::object& o, std::string_view key, bool fallback) {
  auto* v = o.if_contains(key);
  if (!v) return fallback;
  if (!v->is_bool())
    return Invalid("policy.type", std::string(key) + " must be true or false",
                   std::string(key));
  return v->as_bool();
}

Result<StepLimit> ParseLimit(const json::value& v, const std::string& field) {
  if (!v.is_object())
    return Invalid("policy.limit", field + " must be {hours, basis}", field);
  const auto& o = v.as_object();
  StepLimit limit;
  auto* hours = o.if_contains("hours");
  if (!hours || !(hours->is_number()))
    return Invalid("policy.limit", field + ".hours must be a number",
                   field + ".hours");
  limit.hours = hours->to_number<double>();
  if (!(limit.hours > 0) || limit.hours > 24 * 366)
    return Invalid("policy.limit",
                   field + ".hours must be more than 0 and at most a year",
                   field + ".hours");
  if (auto* basis = o.if_contains("basis")) {
    if (*basis == "working")
      limit.basis = TimeBasis::kWorking;
    else if (*basis == "natural")
      limit.basis = TimeBasis::kNatural;
    else
      return Invalid("policy.limit",
                     field + ".basis must be working or natural",
                     field + ".basis");
  }
  return limit;
}

}  // namespace

Result<CasePolicy> ParseCasePolicy(const json::value& value) {
  if (!value.is_object())
    return Invalid("policy.malformed", "the policy must be a JSON object",
                   "policy");
  const auto& o = value.as_object();
  CasePolicy p;
  WG_ASSIGN(p.accept_criteria, Text(o, "accept_criteria", "accept_criteria"));
  WG_ASSIGN(p.close_criteria, Text(o, "close_criteria", "close_criteria"));
  WG_ASSIGN(p.photos_before, Flag(o, "photos_before", true));
  WG_ASSIGN(p.photos_after, Flag(o, "photos_after", true));
  WG_ASSIGN(p.enforcement, Flag(o, "enforcement", false));
  if (auto* m = o.if_contains("max_extensions")) {
    if (!m->is_int64() || m->as_int64() < 0 || m->as_int64() > 5)
      return Invalid("policy.max_extensions",
                     "max_extensions must be a whole number from 0 to 5",
                     "max_extensions");
    p.max_extensions = static_cast<int>(m->as_int64());
  }
  auto* levels = o.if_contains("levels");
  if (!levels || !levels->is_array() || levels->as_array().empty())
    return Invalid("policy.levels", "levels must list at least one level",
                   "levels");
  for (const auto& l : levels->as_array()) {
    if (!l.is_string() || !IsCaseLevel(l.as_string()))
      return Invalid("policy.levels",
                     "levels may hold simple, ordinary, prominent, major",
                     "levels");
    p.levels.emplace_back(l.as_string());
  }
  auto* limits = o.if_contains("limits");
  if (!limits || !limits->is_object())
    return Invalid("policy.limits", "limits must give each level's step limits",
                   "limits");
  for (const auto& level : p.levels) {
    const std::string field = "limits." + level;
    auto* per_level = limits->as_object().if_contains(level);
    if (!per_level || !per_level->is_object())
      return Invalid("policy.limits", field + " is missing", field);
    std::array<StepLimit, 4> steps{};
    for (CaseStep step : kCaseSteps) {
      const std::string step_field =
          field + "." + std::string(CaseStepName(step));
      auto* v = per_level->as_object().if_contains(CaseStepName(step));
      if (!v)
        return Invalid("policy.limits", step_field + " is missing", step_field);
      WG_ASSIGN(steps[static_cast<size_t>(step)], ParseLimit(*v, step_field));
    }
    p.limits.emplace(level, steps);
  }
  return p;
}

Result<CasePolicy> ParseCasePolicyText(std::string_view text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec)
    return Invalid("policy.malformed", "the policy is not valid JSON",
                   "policy");
  return ParseCasePolicy(value);
}

json::object CasePolicyToJson(const CasePolicy& p) {
  json::object o;
  o["accept_criteria"] = p.accept_criteria;
  o["close_criteria"] = p.close_criteria;
  json::array levels;
  for (const auto& l : p.levels) levels.emplace_back(l);
  o["levels"] = std::move(levels);
  o["photos_before"] = p.photos_before;
  o["photos_after"] = p.photos_after;
  o["enforcement"] = p.enforcement;
  o["max_extensions"] = p.max_extensions;
  json::object limits;
  for (const auto& [level, steps] : p.limits) {
    json::object per_level;
    for (CaseStep step : kCaseSteps) {
      const auto& s = steps[static_cast<size_t>(step)];
      per_level[CaseStepName(step)] = {
          {"hours", s.hours},
          {"basis", s.basis == TimeBasis::kWorking ? "working" : "natural"}};
    }
    limits[level] = std::move(per_level);
  }
  o["limits"] = std::move(limits);
  return o;
}

}  // namespace wangge::service
