// Glue shared by the handlers: authentication of a request, and turning
// service results into responses.
#pragma once

#include <functional>

#include "http/api_context.h"
#include "http/error_mapping.h"
#include "http/json_input.h"
#include "http/json_output.h"
#include "http/router.h"
#include "service/actor.h"

namespace wangge::http {

inline constexpr std::string_view kSessionCookie = "wg_session";

// The session token from "Authorization: Bearer ..." or the session cookie.
std::string SessionToken(const Request& req);

using ActorHandler =
    std::function<Response(Request&, const service::Actor& actor)>;

// Wraps a handler that needs a logged-in user: 401 without a valid session.
Handler Authed(ApiContext& ctx, ActorHandler handler);

// Logs internal errors and maps any error to its JSON response.
Response Fail(const wangge::Error& error);

// 200 with the JSON produced by `to_json(value)`, or the error.
template <class T, class F>
Response Reply(const Result<T>& result, F&& to_json, int status = 200) {
  if (!result) return Fail(result.error());
  return Json(status, to_json(*result));
}

// Runs `body`, a function returning Result<Response>, so that handlers can
// use WG_ASSIGN / WG_TRY for every parse and service step; errors become
// their JSON responses.
template <class F>
Response Respond(F&& body) {
  Result<Response> r = body();
  if (!r) return Fail(r.error());
  return std::move(*r);
}

// Parses paging (?page=&page_size=) with bounds: page_size 1..200.
Result<store::Page> ParsePage(const Request& req);
// Parses the registry list filters shared by households, residents, houses
// and units.
Result<service::RegistryQuery> ParseRegistryQuery(const Request& req);

// Registration of each resource's routes (one file per resource).
void RegisterHealthRoutes(Router& r, ApiContext& ctx);
void RegisterAuthRoutes(Router& r, ApiContext& ctx);
void RegisterAreaRoutes(Router& r, ApiContext& ctx);
void RegisterHouseholdRoutes(Router& r, ApiContext& ctx);
void RegisterResidentRoutes(Router& r, ApiContext& ctx);
void RegisterHouseRoutes(Router& r, ApiContext& ctx);
void RegisterUnitRoutes(Router& r, ApiContext& ctx);
void RegisterImportRoutes(Router& r, ApiContext& ctx);
void RegisterUserRoutes(Router& r, ApiContext& ctx);
void RegisterAuditRoutes(Router& r, ApiContext& ctx);
void RegisterOpenApiRoutes(Router& r, ApiContext& ctx);
void RegisterGeoRoutes(Router& r, ApiContext& ctx);
void RegisterCaseRoutes(Router& r, ApiContext& ctx);
void RegisterCaseCatalogRoutes(Router& r, ApiContext& ctx);
void RegisterPublicReportRoutes(Router& r, ApiContext& ctx);
void RegisterMapRoutes(Router& r, ApiContext& ctx);
void RegisterEventStreamRoutes(Router& r, ApiContext& ctx);
void RegisterWebhookRoutes(Router& r, ApiContext& ctx);
void RegisterAttachmentRoutes(Router& r, ApiContext& ctx);
void RegisterEnforcementRoutes(Router& r, ApiContext& ctx);
void RegisterStatsRoutes(Router& r, ApiContext& ctx);

}  // namespace wangge::http
