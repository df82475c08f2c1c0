#include "http/error_mapping.h"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace wangge::http {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kLocked:
      return 423;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;  // An out-of-range enum value is a bug; treat it as one.
}

Response Error(const wangge::Error& error) {
  int status = HttpStatus(error.code);
  if (status == 500) return JsonError(500, "internal", "internal error");
  return JsonError(status, error.key, error.message, error.field);
}

Response JsonError(int status, std::string_view key, std::string_view message,
                   std::string_view field) {
  boost::json::object detail;
  detail["code"] = key;
  detail["message"] = message;
  if (!field.empty()) detail["field"] = field;
  boost::json::object root;
  root["error"] = std::move(detail);
  return Json(status, root);
}

}  // namespace wangge::http
