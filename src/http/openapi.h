// The OpenAPI 3 description served at /api/v1/openapi.json.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "http/router.h"

namespace wangge::http {

boost::json::object OpenApiDocument(const std::string& version);
// The (method, path) pairs the document describes.
std::vector<RouteInfo> DocumentedRoutes();

}  // namespace wangge::http
