// Resident identity card numbers (公民身份号码, GB 11643-1999).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace wangge {

struct IdCardInfo {
  std::string normalized;  // 18 characters, a trailing 'x' upper-cased.
  std::string birth_date;  // "YYYY-MM-DD" from digits 7-14.
  char gender = 'M';       // 'M' or 'F' from the parity of digit 17.
};

// Validates an 18-digit number: 17 digits, a check character (0-9 or X) that
// matches the ISO 7064 MOD 11-2 checksum, and a real birth date. Fails with
// key "id_card.invalid" and a message saying which rule was broken.
Result<IdCardInfo> ValidateIdCard(std::string_view text,
                                  const std::string& field = "id_card");

// The check character for the first 17 digits (for generators and tests).
char IdCardCheckChar(std::string_view first17);

}  // namespace wangge
