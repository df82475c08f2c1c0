// Serves the built web client (a single-page app) from a directory.
#pragma once

#include <filesystem>
#include <optional>

#include "http/request.h"
#include "http/response.h"

namespace wangge::http {

// Answers GET and HEAD for files under `root`, or returns nullopt when the
// request is not for the web client, so the caller can route it elsewhere:
// another method, a path under /api/ (or /api itself), no root/index.html,
// a missing file whose name has an extension, a dotfile, or a file that
// resolves outside root through a symlink.
//
// A missing path whose last segment has no extension gets root/index.html so
// the client-side router can handle deep links. A path with a "." or ".."
// segment (after percent-decoding, which the server has done) or a backslash
// or NUL byte is refused with 400 "request.bad_path". Files under /assets/
// are content-hashed by the build, so they are cached for a year as
// immutable; everything else is "no-cache" so a deploy shows at once.
std::optional<Response> ServeStatic(const std::filesystem::path& root,
                                    const Request& req);

// The Content-Type for a file name by its extension (case-insensitive);
// "application/octet-stream" when unknown.
std::string ContentTypeFor(const std::filesystem::path& file);

}  // namespace wangge::http
