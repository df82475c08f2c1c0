// The one failure vocabulary of wangge. Expected failures travel as values
// (Result<T>); exceptions are reserved for bugs and start-up failure.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace wangge {

// Coarse classes of failure. The HTTP layer maps each to one status code in a
// single table; the CLI maps each to an exit status.
enum class ErrorCode {
  kInvalidArgument,   // 400: the caller sent something malformed or invalid.
  kUnauthenticated,   // 401: no valid session or credentials.
  kPermissionDenied,  // 403: authenticated, but outside role or scope.
  kNotFound,          // 404
  kConflict,          // 409: state or uniqueness conflict.
  kTooLarge,          // 413
  kLocked,            // 423: account locked after failed logins.
  kRateLimited,       // 429
  kUnavailable,       // 503: database or dependency unreachable.
  kInternal,          // 500: a bug; the message is logged, not shown.
};

// An error with a stable dotted key ("resident.id_card_invalid"), a human
// message, and the offending field when one input field is to blame.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string key;
  std::string message;
  std::string field;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string key,
                                   std::string message,
                                   std::string field = {}) {
  return std::unexpected(
      Error{code, std::move(key), std::move(message), std::move(field)});
}
inline std::unexpected<Error> Invalid(std::string key, std::string message,
                                      std::string field = {}) {
  return Fail(ErrorCode::kInvalidArgument, std::move(key), std::move(message),
              std::move(field));
}
inline std::unexpected<Error> NotFound(std::string key, std::string message) {
  return Fail(ErrorCode::kNotFound, std::move(key), std::move(message));
}
inline std::unexpected<Error> Denied(std::string message) {
  return Fail(ErrorCode::kPermissionDenied, "auth.forbidden",
              std::move(message));
}
inline std::unexpected<Error> Conflict(std::string key, std::string message,
                                       std::string field = {}) {
  return Fail(ErrorCode::kConflict, std::move(key), std::move(message),
              std::move(field));
}
inline std::unexpected<Error> Internal(std::string message) {
  return Fail(ErrorCode::kInternal, "internal", std::move(message));
}

// A stable lowercase name of the code, used in logs and the CLI.
const char* ErrorCodeName(ErrorCode code);

}  // namespace wangge

// Propagates a failed Result/Status out of the enclosing function.
#define WG_TRY(expr)                                       \
  do {                                                     \
    if (auto wg_try_r = (expr); !wg_try_r)                 \
      return std::unexpected(std::move(wg_try_r.error())); \
  } while (0)

// Binds the value of a Result to `var`, or returns its error.
#define WG_ASSIGN_CONCAT_INNER(a, b) a##b
#define WG_ASSIGN_CONCAT(a, b) WG_ASSIGN_CONCAT_INNER(a, b)
#define WG_ASSIGN(var, expr) \
  WG_ASSIGN_IMPL(WG_ASSIGN_CONCAT(wg_assign_, __LINE__), var, expr)
#define WG_ASSIGN_IMPL(tmp, var, expr)                      \
  auto tmp = (expr);                                        \
  if (!tmp) return std::unexpected(std::move(tmp.error())); \
  var = std::move(*tmp)
