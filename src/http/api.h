// The whole HTTP application: API routes under /api, the web app at /.
#pragma once

#include <functional>

#include "http/api_context.h"
#include "http/router.h"

namespace wangge::http {

Router BuildApiRouter(ApiContext& ctx);

// The server's request handler: /api/... through `router`, anything else
// from the built web app when present. `post`, when given, runs the
// Open311 handlers as the API router's SetWorker() runs its own.
std::function<Response(Request&)> MakeAppHandler(ApiContext& ctx,
                                                 const Router& router,
                                                 Post post = {});

}  // namespace wangge::http
