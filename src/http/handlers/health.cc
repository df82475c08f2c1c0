// GET /api/v1/health: liveness and database reachability for load balancers.
#include "http/api_support.h"

namespace wangge::http {

void RegisterHealthRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/health", [&ctx](Request&) {
    auto ping = ctx.db.Read(
        [](store::Connection& c) { return c.QueryInt("SELECT 1"); });
    const bool ok = ping && *ping == 1;
    return Json(ok ? 200 : 503,
                boost::json::object{
                    {"status", ok ? "ok" : "database unavailable"},
                    {"version", ctx.version},
                    {"database", ctx.db.dialect() == store::Dialect::kSqlite
                                     ? "sqlite"
                                     : "postgresql"},
                    {"time", FormatUtc(ctx.clock.Now())}});
  });
}

}  // namespace wangge::http
