#include "service/registry_validation.h"

#include "core/clock.h"
#include "core/masking.h"

namespace wangge::service {

Status CheckOneOf(std::string_view value,
                  std::initializer_list<std::string_view> allowed,
                  const std::string& field) {
  std::string list;
  for (auto a : allowed) {
    if (a == value) return {};
    if (!list.empty()) list += ", ";
    list += a;
  }
  return Invalid("field.invalid", field + " must be one of: " + list, field);
}

Status CheckDate(const std::string& value, const std::string& field) {
  int64_t days = 0;
  if (value.empty() || ParseDate(value, &days)) return {};
  return Invalid("field.date", field + " must be a date YYYY-MM-DD", field);
}

Status CheckRequired(const std::string& value, const std::string& field,
                     size_t max_bytes) {
  if (value.empty())
    return Invalid("field.required", field + " is required", field);
  if (value.size() > max_bytes)
    return Invalid(
        "field.too_long",
        field + " is longer than " + std::to_string(max_bytes) + " bytes",
        field);
  return {};
}

Status CheckPhone(const std::string& value, const std::string& field) {
  if (value.empty() || IsPlausiblePhone(value)) return {};
  return Invalid("field.phone",
                 field + " must be a mobile (11 digits) or landline number",
                 field);
}

std::string AddDays(const std::string& date, int days) {
  int64_t d = 0;
  if (!ParseDate(date, &d)) return "";
  return FormatDate(d + days);
}

}  // namespace wangge::service
