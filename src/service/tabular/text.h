// Builds messages from text and integers (g++ 12 has no <format>).
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

namespace wangge::tabular {

namespace internal {
template <class T>
void AppendPiece(std::string& out, const T& piece) {
  if constexpr (std::is_integral_v<T>) {
    out += std::to_string(piece);
  } else {
    out += std::string_view(piece);
  }
}
}  // namespace internal

// Cat("row ", 7, ": bad") == "row 7: bad".
template <class... Ts>
std::string Cat(const Ts&... pieces) {
  std::string out;
  (internal::AppendPiece(out, pieces), ...);
  return out;
}

}  // namespace wangge::tabular
