// Recognises the photo formats wangge accepts by their leading bytes. The
// client's Content-Type and file name are never trusted: a file is what its
// content says it is, and anything else is refused.
#pragma once

#include <optional>
#include <string_view>

namespace wangge::service {

// "image/jpeg", "image/png" or "image/webp" when `bytes` starts like one of
// those formats (signature and first structure present), else nullopt.
// GIF, SVG, HTML, text and truncated files give nullopt.
std::optional<std::string_view> SniffImageMime(std::string_view bytes);

}  // namespace wangge::service
