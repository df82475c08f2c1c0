// Reads a JSON request body field by field, turning every problem into a
// 400 error that names the offending field.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "http/request.h"

namespace wangge::http {

class JsonBody {
 public:
  // Fails with "request.malformed_json" unless the body is a JSON object.
  static Result<JsonBody> Parse(const Request& req);
  // Parse, but an empty body is an empty object (actions whose fields are
  // all optional).
  static Result<JsonBody> ParseOrEmpty(const Request& req);
  explicit JsonBody(boost::json::object obj) : obj_(std::move(obj)) {}

  // Each getter fails naming `field` when the value has the wrong type, or
  // is missing while required. Absent optional fields give the default.
  Result<std::string> Str(std::string_view field, bool required = false,
                          size_t max_bytes = 10000) const;
  Result<std::optional<int64_t>> Int(std::string_view field) const;
  Result<std::optional<double>> Num(std::string_view field) const;
  Result<bool> Bool(std::string_view field, bool fallback = false) const;
  Result<std::vector<std::string>> StrList(std::string_view field) const;
  // A nested object ({} when absent).
  Result<JsonBody> Obj(std::string_view field) const;
  bool Has(std::string_view field) const { return obj_.contains(field); }
  const boost::json::object& raw() const { return obj_; }

  // Prefix for nested field names in errors ("address.").
  JsonBody WithPrefix(std::string prefix) && {
    prefix_ = std::move(prefix);
    return std::move(*this);
  }

 private:
  std::string Name(std::string_view field) const {
    return prefix_ + std::string(field);
  }
  boost::json::object obj_;
  std::string prefix_;
};

// Query-string helpers with the same error style.
Result<std::optional<int64_t>> QueryInt(const Request& req,
                                        std::string_view name);
std::string QueryStr(const Request& req, std::string_view name);
Result<std::optional<bool>> QueryBool(const Request& req,
                                      std::string_view name);
// The {name} path parameter as a positive integer id, or 404.
Result<int64_t> PathId(const Request& req, std::string_view name = "id");

}  // namespace wangge::http
