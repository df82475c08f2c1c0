#include "http/open311_json.h"

#include <boost/json/value.hpp>
#include <string>

namespace wangge::http::open311 {

namespace json = boost::json;

namespace {

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

}  // namespace

std::string_view LevelName(std::string_view level) {
  if (level == "simple") return "简易 (simple)";
  if (level == "ordinary") return "一般 (ordinary)";
  if (level == "prominent") return "突出 (prominent)";
  if (level == "major") return "重大 (major)";
  return level;
}

json::object ServiceJson(const service::Open311ServiceType& s) {
  return {{"service_code", s.code},
          {"service_name", s.name},
          {"description", s.description},
          {"metadata", true},
          {"type", "realtime"},
          {"keywords", s.name_en},
          {"group", s.group}};
}

json::object DefinitionJson(const service::Open311ServiceType& s) {
  json::array values;
  for (const auto& level : s.levels)
    values.push_back(json::object{{"key", level}, {"name", LevelName(level)}});
  json::array attributes;
  attributes.push_back(json::object{
      {"variable", true},
      {"code", "level"},
      {"datatype", "singlevaluelist"},
      {"required", false},
      {"datatype_description",
       "处置等级 (case level); " + s.levels.front() + " when not given"},
      {"order", 1},
      {"description", "处置等级 (level)"},
      {"values", std::move(values)}});
  return {{"service_code", s.code}, {"attributes", std::move(attributes)}};
}

json::object RequestJson(const service::Open311Request& r) {
  return {
      {"service_request_id", r.service_request_id},
      {"status", r.status},
      {"status_notes", r.status_notes},
      {"service_name", r.service_name},
      {"service_code", r.service_code},
      {"description", r.description},
      {"agency_responsible", r.agency_responsible},
      {"service_notice", ""},
      {"requested_datetime", FormatUtc(r.requested_at)},
      {"updated_datetime", FormatUtc(r.updated_at)},
      {"expected_datetime", r.expected_at
                                ? json::value(FormatUtc(*r.expected_at))
                                : json::value(nullptr)},
      {"address", r.address},
      {"address_id", nullptr},
      {"zipcode", nullptr},
      {"lat", r.lat ? json::value(*r.lat) : json::value(nullptr)},
      {"long", r.lon ? json::value(*r.lon) : json::value(nullptr)},
      {"media_url", OrNull(r.media_url)},
  };
}

json::array RequestList(const std::vector<service::Open311Request>& list) {
  json::array out;
  for (const auto& r : list) out.push_back(RequestJson(r));
  return out;
}

}  // namespace wangge::http::open311
