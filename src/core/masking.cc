#include "core/masking.h"

#include <cctype>

namespace wangge {

namespace {
std::string Keep(std::string_view v, size_t head, size_t tail) {
  if (v.size() <= head + tail) return std::string(v.size(), '*');
  return std::string(v.substr(0, head)) +
         std::string(v.size() - head - tail, '*') +
         std::string(v.substr(v.size() - tail));
}
}  // namespace

std::string MaskIdCard(std::string_view id) { return Keep(id, 6, 4); }

std::string MaskDocument(std::string_view number) {
  if (number.size() < 6) return std::string(number.size(), '*');
  return Keep(number, 2, 2);
}

std::string MaskPhone(std::string_view phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return Keep(phone, 3, 4);
}

bool IsPlausiblePhone(std::string_view phone) {
  int digits = 0, dashes = 0;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c == '-')
      ++dashes;
    else
      return false;
  }
  if (phone.size() == 11 && dashes == 0 && phone[0] == '1' && phone[1] >= '3' &&
      phone[1] <= '9')
    return true;
  if (phone.empty() || phone[0] == '-' || phone.back() == '-') return false;
  return dashes <= 1 && digits >= 7 && digits <= 12 && phone[0] != '1';
}

}  // namespace wangge
