// Field checks shared by the registry's create, update and import paths.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/error.h"

namespace wangge::service {

// Fails naming `field` unless `value` is one of `allowed`.
Status CheckOneOf(std::string_view value,
                  std::initializer_list<std::string_view> allowed,
                  const std::string& field);
// Fails unless empty or a valid "YYYY-MM-DD".
Status CheckDate(const std::string& value, const std::string& field);
// Fails unless 1..max_bytes long (UTF-8 bytes).
Status CheckRequired(const std::string& value, const std::string& field,
                     size_t max_bytes = 100);
// Fails unless empty or a plausible phone number.
Status CheckPhone(const std::string& value, const std::string& field);
// Adds `days` to a "YYYY-MM-DD" date.
std::string AddDays(const std::string& date, int days);

}  // namespace wangge::service
