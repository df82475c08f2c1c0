// The audit log viewer (auditors only) and the hash-chain check.
#include "http/api_support.h"

namespace wangge::http {

void RegisterAuditRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/audit",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto page, ParsePage(req));
            store::AuditFilter f;
            WG_ASSIGN(f.user_id, QueryInt(req, "user_id"));
            WG_ASSIGN(f.from, QueryInt(req, "from_ms"));
            WG_ASSIGN(f.to, QueryInt(req, "to_ms"));
            f.username = QueryStr(req, "username");
            f.action_prefix = QueryStr(req, "action");
            f.target_type = QueryStr(req, "target_type");
            f.target_id = QueryStr(req, "target_id");
            f.result = QueryStr(req, "result");
            WG_ASSIGN(auto list, ctx.audit.List(actor, f, page));
            return Json(200, PageJson(list, page));
          });
        }));

  r.Add("GET", "/api/v1/audit/verify",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto v, ctx.audit.Verify(actor));
            boost::json::object out{{"checked", v.checked},
                                    {"intact", !v.first_bad_id}};
            if (v.first_bad_id) out["first_bad_id"] = *v.first_bad_id;
            return Json(200, out);
          });
        }));
}

}  // namespace wangge::http
