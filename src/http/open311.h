// Open311 GeoReport v2 at /open311/v2/ (and the discovery document at
// /open311/discovery.{fmt}). Kept out of the /api router: its paths carry
// the response format as a file extension, its errors have the spec's
// shape, and it is not part of the OpenAPI document.
#pragma once

#include "http/api_context.h"
#include "http/router.h"

namespace wangge::http {

// The Open311 routes. The router keeps references to `ctx`, which must
// outlive it.
Router BuildOpen311Router(ApiContext& ctx);

// Dispatches an /open311/ request to `router`; unknown paths and methods
// answer in the spec's error format (JSON) instead of the API's.
Response DispatchOpen311(const Router& router, Request& req);

}  // namespace wangge::http
