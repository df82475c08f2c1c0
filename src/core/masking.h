// How sensitive values are shown when the caller has not asked for an
// audited reveal (DOMAIN.md §8).
#pragma once

#include <string>
#include <string_view>

namespace wangge {

// "320115199001011234" -> "320115********1234"; short values are fully
// starred so that masking never leaks a whole number.
std::string MaskIdCard(std::string_view id);

// Passports and other document numbers: the first 2 and last 2 characters
// (at most a third of the number) stay visible.
std::string MaskDocument(std::string_view number);

// "13812341234" -> "138****1234"; other lengths keep 3 leading and 4
// trailing characters when there are at least 8, else stars only.
std::string MaskPhone(std::string_view phone);

// Mainland mobile (1[3-9] + 9 digits) or landline (digits, optional
// area-code dash, 7-12 digits in all).
bool IsPlausiblePhone(std::string_view phone);

}  // namespace wangge
