// Turns wangge::Error values into JSON error responses. The one table from
// ErrorCode to HTTP status lives here so every endpoint answers alike.
#pragma once

#include <string_view>

#include "core/error.h"
#include "http/response.h"

namespace wangge::http {

// The HTTP status for `code`: kInvalidArgument 400, kUnauthenticated 401,
// kPermissionDenied 403, kNotFound 404, kConflict 409, kTooLarge 413,
// kLocked 423, kRateLimited 429, kUnavailable 503, kInternal 500.
int HttpStatus(ErrorCode code);

// {"error":{"code":key,"message":message,"field":field}} with status
// HttpStatus(error.code); "field" is omitted when empty. For kInternal the
// key becomes "internal" and the message "internal error", because internal
// messages may reveal implementation details: the caller must log them.
Response Error(const wangge::Error& error);

// The same JSON shape with an explicit status, for transport-level failures
// that have no ErrorCode (405, 431, ...). "field" is omitted when empty.
Response JsonError(int status, std::string_view key, std::string_view message,
                   std::string_view field = {});

}  // namespace wangge::http
