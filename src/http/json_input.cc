#include "http/json_input.h"

#include <boost/json/parse.hpp>
#include <charconv>

namespace wangge::http {

Result<JsonBody> JsonBody::Parse(const Request& req) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec)
    return Invalid("request.malformed_json",
                   "request body is not valid JSON: " + ec.message());
  if (!v.is_object())
    return Invalid("request.malformed_json",
                   "request body must be a JSON object");
  return JsonBody(std::move(v.as_object()));
}

Result<JsonBody> JsonBody::ParseOrEmpty(const Request& req) {
  if (req.body.empty()) return JsonBody(boost::json::object());
  return Parse(req);
}

Result<std::string> JsonBody::Str(std::string_view field, bool required,
                                  size_t max_bytes) const {
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null()) {
    if (required)
      return Invalid("field.required", Name(field) + " is required",
                     Name(field));
    return std::string();
  }
  if (!v->is_string())
    return Invalid("field.type", Name(field) + " must be a string",
                   Name(field));
  const auto& s = v->as_string();
  if (required && s.empty())
    return Invalid("field.required", Name(field) + " is required", Name(field));
  if (s.size() > max_bytes)
    return Invalid(
        "field.too_long",
        Name(field) + " is longer than " + std::to_string(max_bytes) + " bytes",
        Name(field));
  return std::string(s);
}

Result<std::optional<int64_t>> JsonBody::Int(std::string_view field) const {
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX)
    return std::optional<int64_t>(static_cast<int64_t>(v->as_uint64()));
  return Invalid("field.type", Name(field) + " must be an integer",
                 Name(field));
}

Result<std::optional<double>> JsonBody::Num(std::string_view field) const {
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null()) return std::optional<double>();
  if (v->is_number()) return std::optional<double>(v->to_number<double>());
  return Invalid("field.type", Name(field) + " must be a number", Name(field));
}

Result<bool> JsonBody::Bool(std::string_view field, bool fallback) const {
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null()) return fallback;
  if (v->is_bool()) return v->as_bool();
  return Invalid("field.type", Name(field) + " must be true or false",
                 Name(field));
}

Result<std::vector<std::string>> JsonBody::StrList(
    std::string_view field) const {
  std::vector<std::string> out;
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null()) return out;
  if (!v->is_array())
    return Invalid("field.type", Name(field) + " must be a list of strings",
                   Name(field));
  for (const auto& item : v->as_array()) {
    if (!item.is_string())
      return Invalid("field.type", Name(field) + " must be a list of strings",
                     Name(field));
    out.emplace_back(item.as_string());
  }
  return out;
}

Result<JsonBody> JsonBody::Obj(std::string_view field) const {
  const auto* v = obj_.if_contains(field);
  if (!v || v->is_null())
    return JsonBody(boost::json::object()).WithPrefix(Name(field) + ".");
  if (!v->is_object())
    return Invalid("field.type", Name(field) + " must be an object",
                   Name(field));
  return JsonBody(v->as_object()).WithPrefix(Name(field) + ".");
}

Result<std::optional<int64_t>> QueryInt(const Request& req,
                                        std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int64_t>();
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    return Invalid("query.type", std::string(name) + " must be an integer",
                   std::string(name));
  return std::optional<int64_t>(out);
}

std::string QueryStr(const Request& req, std::string_view name) {
  return req.Query(name).value_or("");
}

Result<std::optional<bool>> QueryBool(const Request& req,
                                      std::string_view name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return Invalid("query.type", std::string(name) + " must be true or false",
                 std::string(name));
}

Result<int64_t> PathId(const Request& req, std::string_view name) {
  auto it = req.path_params.find(std::string(name));
  int64_t out = 0;
  if (it != req.path_params.end()) {
    const auto& s = it->second;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size() && out > 0) return out;
  }
  return NotFound("route.not_found", "no such record");
}

}  // namespace wangge::http
