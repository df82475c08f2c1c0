#pragma once

namespace wangge::cli {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace wangge::cli
