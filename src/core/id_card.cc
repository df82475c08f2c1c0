#include "core/id_card.h"

#include <cctype>

#include "core/clock.h"

namespace wangge {

char IdCardCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                       3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr char kChecks[11] = {'1', '0', 'X', '9', '8', '7',
                                       '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

Result<IdCardInfo> ValidateIdCard(std::string_view text,
                                  const std::string& field) {
  if (text.size() != 18)
    return Invalid("id_card.invalid", "ID number must have 18 characters",
                   field);
  for (int i = 0; i < 17; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i])))
      return Invalid("id_card.invalid", "ID number must start with 17 digits",
                     field);
  }
  char last =
      static_cast<char>(std::toupper(static_cast<unsigned char>(text[17])));
  if (!std::isdigit(static_cast<unsigned char>(last)) && last != 'X')
    return Invalid("id_card.invalid", "ID number must end with a digit or X",
                   field);
  if (IdCardCheckChar(text.substr(0, 17)) != last)
    return Invalid("id_card.invalid",
                   "ID number check digit does not match (GB 11643)", field);
  IdCardInfo info;
  info.normalized = std::string(text.substr(0, 17)) + last;
  info.birth_date = std::string(text.substr(6, 4)) + "-" +
                    std::string(text.substr(10, 2)) + "-" +
                    std::string(text.substr(12, 2));
  int64_t days = 0;
  if (!ParseDate(info.birth_date, &days) ||
      info.birth_date < std::string("1900-01-01"))
    return Invalid("id_card.invalid", "ID number holds no valid birth date",
                   field);
  info.gender = ((text[16] - '0') % 2 == 1) ? 'M' : 'F';
  return info;
}

}  // namespace wangge
