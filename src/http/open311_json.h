// The Open311 JSON objects built from the service's records: service list
// entries, service definitions and service requests, with the spec's field
// names. Rendering (and XML) is open311_render's job.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "service/open311_service.h"

namespace wangge::http::open311 {

// The display name of a case level key ("simple" -> "简易 (simple)");
// unknown keys are returned unchanged.
std::string_view LevelName(std::string_view level);

// One entry of GET services: every service has metadata (its level
// attribute) and is realtime.
boost::json::object ServiceJson(const service::Open311ServiceType& s);

// GET services/{code}: the service's one attribute, its case level, as a
// single-value list whose first level is the default.
boost::json::object DefinitionJson(const service::Open311ServiceType& s);

// One service request with every field the spec defines: those the case
// lacks (and address_id, zipcode) are null; times are RFC 3339 in UTC.
boost::json::object RequestJson(const service::Open311Request& r);

// RequestJson of each request, in order.
boost::json::array RequestList(
    const std::vector<service::Open311Request>& list);

}  // namespace wangge::http::open311
