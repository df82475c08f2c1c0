// GET /api/v1/openapi.json: an OpenAPI 3.0 description of every endpoint.
// A test checks that this list and the router's routes are the same.
#include "http/openapi.h"

#include <array>

#include "http/api_support.h"

namespace wangge::http {

namespace {
struct Op {
  std::string_view method, path, tag, summary;
  bool auth;
  std::string_view body_schema;  // "" when no JSON body
  int success;
};

constexpr std::array kOps = {
    Op{"GET", "/api/v1/health", "system", "Liveness and database check", false,
       "", 200},
    Op{"GET", "/api/v1/openapi.json", "system", "This document", false, "",
       200},
    Op{"POST", "/api/v1/auth/login", "auth",
       "Log in; returns a token and sets the session cookie", false, "Login",
       200},
    Op{"POST", "/api/v1/auth/logout", "auth", "End the current session", true,
       "", 200},
    Op{"GET", "/api/v1/auth/me", "auth", "The current user, role and scopes",
       true, "", 200},
    Op{"PUT", "/api/v1/auth/me/locale", "auth",
       "Remember the UI language (zh-CN or en)", true, "Locale", 200},
    Op{"POST", "/api/v1/auth/password", "auth",
       "Change your password (needs current_password) or, as security admin, "
       "reset another account's",
       true, "Password", 200},
    Op{"GET", "/api/v1/users", "users", "List accounts", true, "", 200},
    Op{"POST", "/api/v1/users", "users", "Create an account", true, "NewUser",
       201},
    Op{"POST", "/api/v1/users/{id}/unlock", "users",
       "Unlock an account locked by failed logins", true, "", 200},
    Op{"GET", "/api/v1/areas", "areas",
       "Areas of one level (?level=district|street|community|grid|micro_grid)",
       true, "", 200},
    Op{"POST", "/api/v1/areas", "areas",
       "Create an area; its code is the parent code plus the sequence", true,
       "NewArea", 201},
    Op{"GET", "/api/v1/areas/{id}", "areas", "One area", true, "", 200},
    Op{"GET", "/api/v1/grids", "areas",
       "Grids with code, community, households, population and team", true, "",
       200},
    Op{"GET", "/api/v1/grids/{id}", "areas", "One grid with its team", true, "",
       200},
    Op{"POST", "/api/v1/grids/{id}/team", "areas",
       "Add a team member to a grid", true, "TeamMember", 201},
    Op{"DELETE", "/api/v1/team-members/{id}", "areas", "Remove a team member",
       true, "", 200},
    Op{"GET", "/api/v1/team-roles", "areas",
       "Team roles with their duty lists (职责清单)", true, "", 200},
    Op{"PUT", "/api/v1/team-roles/{role}/duties", "areas",
       "Replace a role's duty list", true, "Duties", 200},
    Op{"GET", "/api/v1/village-groups", "areas", "Village groups (村组)", true,
       "", 200},
    Op{"GET", "/api/v1/households", "registry",
       "Households, paged, searchable (?q=, grid_id, area_id, kind)", true, "",
       200},
    Op{"POST", "/api/v1/households", "registry",
       "Create a household with its address (and house)", true, "Household",
       201},
    Op{"GET", "/api/v1/households/{id}", "registry", "One household", true, "",
       200},
    Op{"PUT", "/api/v1/households/{id}", "registry", "Change a household", true,
       "Household", 200},
    Op{"GET", "/api/v1/houses", "registry",
       "Houses (?use=, is_rental=, hidden_danger=)", true, "", 200},
    Op{"GET", "/api/v1/houses/{id}", "registry", "One house", true, "", 200},
    Op{"PUT", "/api/v1/houses/{id}", "registry", "Change a house", true,
       "House", 200},
    Op{"GET", "/api/v1/residents", "registry",
       "Residents, masked (?q=, id_card=, category=, tag=, hukou_status=, "
       "registration_overdue=)",
       true, "", 200},
    Op{"POST", "/api/v1/residents", "registry", "Register a resident", true,
       "Resident", 201},
    Op{"GET", "/api/v1/residents/{id}", "registry", "One resident, masked",
       true, "", 200},
    Op{"PUT", "/api/v1/residents/{id}", "registry", "Change a resident", true,
       "Resident", 200},
    Op{"DELETE", "/api/v1/residents/{id}", "registry",
       "Remove a resident (?reason= required)", true, "", 200},
    Op{"POST", "/api/v1/residents/{id}/reveal", "registry",
       "Full ID / phone numbers; needs a reason; audited", true, "Reveal", 200},
    Op{"GET", "/api/v1/units", "registry",
       "Units and merchants (?kind=outside_merchant ...)", true, "", 200},
    Op{"POST", "/api/v1/units", "registry", "Register a unit", true, "Unit",
       201},
    Op{"GET", "/api/v1/units/{id}", "registry", "One unit", true, "", 200},
    Op{"POST", "/api/v1/imports/residents", "registry",
       "Import the residents sheet (CSV or .xlsx body; "
       "?skip_invalid=&dry_run=); 422 with per-row errors when nothing was "
       "imported",
       true, "", 200},
    Op{"GET", "/api/v1/exports/residents", "registry",
       "Export residents as CSV or .xlsx (?format=)", true, "", 200},
    Op{"GET", "/api/v1/audit", "audit",
       "Audit log (auditors), newest first, with filters", true, "", 200},
    Op{"GET", "/api/v1/audit/verify", "audit", "Check the audit hash chain",
       true, "", 200},
    Op{"GET", "/api/v1/webhooks", "webhooks",
       "Webhooks (system administrators); secrets are never shown", true, "",
       200},
    Op{"POST", "/api/v1/webhooks", "webhooks",
       "Add a webhook {name, url (http://), events: [\"case.*\", ...]}; the "
       "201 reply shows its HMAC-SHA256 secret this once",
       true, "", 201},
    Op{"DELETE", "/api/v1/webhooks/{id}", "webhooks",
       "Remove a webhook and its outbox rows", true, "", 200},
    Op{"GET", "/api/v1/outbox/dead", "webhooks",
       "Dead letters: deliveries that failed 8 times, newest first, paged",
       true, "", 200},
    Op{"POST", "/api/v1/outbox/{id}/retry", "webhooks",
       "Put a dead letter back in the outbox, due now", true, "", 200},
    Op{"GET", "/api/v1/boundaries", "geo",
       "Boundaries as GeoJSON (?level=grid|community|village_group|all, "
       "community_id=)",
       true, "", 200},
    Op{"PUT", "/api/v1/boundaries", "geo",
       "Import boundaries from a GeoJSON FeatureCollection (properties code, "
       "name, level); all or nothing",
       true, "", 200},
    Op{"GET", "/api/v1/communities/{id}/coverage", "geo",
       "Coverage check: gaps, overlaps, grid area outside the community, "
       "misplaced households, incomplete teams",
       true, "", 200},
    Op{"GET", "/api/v1/locate", "geo",
       "The grid, community and street containing ?lon=&lat= (404 outside "
       "every grid)",
       true, "", 200},
    Op{"POST", "/api/v1/communities/{id}/division-plans", "geo",
       "Divide a community into K grids of whole village groups balanced by "
       "population; previews unless apply is true",
       true, "DivisionPlan", 200},
    Op{"POST", "/api/v1/attachments", "attachments",
       "Upload a photo (JPEG, PNG or WebP, recognised by content) as the raw "
       "body; 413 over attachment_max_bytes",
       true, "", 201},
    Op{"GET", "/api/v1/attachments/{id}", "attachments",
       "A photo's bytes, if you uploaded it or its case is in your scope", true,
       "", 200},
    Op{"POST", "/api/v1/public/attachments", "public",
       "Upload a photo for a resident's self-report (no login)", false, "",
       201},
    Op{"GET", "/api/v1/public/reports/{tracking}/attachments/{id}", "public",
       "A before/after photo of the report with this tracking number", false,
       "", 200},
    Op{"POST", "/api/v1/cases", "cases",
       "Report a case (located to a grid, routed, numbered per community)",
       true, "NewCase", 201},
    Op{"GET", "/api/v1/cases", "cases",
       "Cases in scope (?state=a,b&grid_id&community_id&category_id&source&q"
       "&overdue&major&from&to)",
       true, "", 200},
    Op{"GET", "/api/v1/cases/duplicates", "cases",
       "Open cases of the category near a point (?category_id&lon&lat)", true,
       "", 200},
    Op{"GET", "/api/v1/cases/{id}", "cases",
       "One case with owner, traffic light and the actions allowed to you",
       true, "", 200},
    Op{"GET", "/api/v1/cases/{id}/events", "cases", "The case's timeline", true,
       "", 200},
    Op{"POST", "/api/v1/cases/{id}/actions/{action}", "cases",
       "accept, void, dispatch, send_back, feedback, verify_pass, "
       "verify_fail, shelve, unshelve, reopen, request_extension, "
       "decide_extension, evaluate (409 names the allowed ones)",
       true, "CaseAction", 200},
    Op{"GET", "/api/v1/cases/{id}/supervisions", "cases",
       "Supervision (督办) of a case", true, "", 200},
    Op{"POST", "/api/v1/cases/{id}/supervisions", "cases",
       "Supervise a case by hand (leaders)", true, "Supervision", 201},
    Op{"POST", "/api/v1/supervisions/{id}/reply", "cases",
       "The owner's reply to a supervision", true, "SupervisionReply", 200},
    Op{"POST", "/api/v1/cases/{id}/major", "cases",
       "Put a case on the major-problem supervision list", true, "MajorCase",
       201},
    Op{"GET", "/api/v1/major-cases", "cases",
       "The major-problem supervision list (重大问题督办清单)", true, "", 200},
    Op{"GET", "/api/v1/todo", "cases",
       "My to-do list: mine, overdue, to verify, supervision to answer", true,
       "", 200},
    Op{"GET", "/api/v1/notifications", "cases",
       "My messages: assignments, supervision, escalation (?unread=true)", true,
       "", 200},
    Op{"POST", "/api/v1/notifications/read", "cases",
       "Mark my messages read ({\"ids\": [...]}, or all)", true,
       "NotificationsRead", 200},
    Op{"GET", "/api/v1/case-events/latest", "cases",
       "The latest case events in scope (?limit=)", true, "", 200},
    Op{"GET", "/api/v1/stats/overview", "stats",
       "Big-screen figures of your scope: open and overdue now; created, "
       "closed, closure and on-time rates over a period of local days "
       "(?from=&to= epoch ms, default the last 30 days; area_id=)",
       true, "", 200},
    Op{"GET", "/api/v1/stats/cases", "stats",
       "The same figures per grid, category (小类), source, state or day "
       "(?group=grid|category|source|state|day&from=&to=&area_id=)",
       true, "", 200},
    Op{"POST", "/api/v1/enforcement-tasks", "enforcement",
       "Collect law-enforcement cases into a joint enforcement task (联合执法)",
       true, "EnforcementTask", 201},
    Op{"GET", "/api/v1/enforcement-tasks", "enforcement",
       "Joint enforcement tasks visible to you (?status=)", true, "", 200},
    Op{"GET", "/api/v1/enforcement-tasks/{id}", "enforcement",
       "A task with its cases, departments, answers and ratings", true, "",
       200},
    Op{"POST", "/api/v1/enforcement-tasks/{id}/responses", "enforcement",
       "A department's answer (by its members or the lead zone)", true,
       "EnforcementResponse", 200},
    Op{"POST", "/api/v1/enforcement-tasks/{id}/ratings", "enforcement",
       "Rate a department's answer 1..5 (吹哨报到)", true, "EnforcementRating",
       200},
    Op{"POST", "/api/v1/enforcement-tasks/{id}/close", "enforcement",
       "Mark the task done; its cases go on in their own loop", true,
       "EnforcementClose", 200},
    Op{"GET", "/api/v1/categories", "catalogue",
       "Categories (大类/小类) with their current policy", true, "", 200},
    Op{"POST", "/api/v1/categories", "catalogue", "Create a category", true,
       "NewCategory", 201},
    Op{"PUT", "/api/v1/categories/{id}", "catalogue",
       "Rename, reorder or deactivate a category", true, "CategoryUpdate", 200},
    Op{"PUT", "/api/v1/categories/{id}/policy", "catalogue",
       "Add a new version of a category's policy", true, "Policy", 200},
    Op{"GET", "/api/v1/categories/{id}/policies", "catalogue",
       "Every version of a category's policy", true, "", 200},
    Op{"GET", "/api/v1/calendar", "catalogue",
       "The working calendar: holidays, make-up workdays, office hours", true,
       "", 200},
    Op{"PUT", "/api/v1/calendar", "catalogue",
       "Replace the calendar exceptions of a date range", true, "Calendar",
       200},
    Op{"GET", "/api/v1/case-settings", "catalogue",
       "Duplicate radius and window, public rate limits, photo size, reply "
       "time",
       true, "", 200},
    Op{"PUT", "/api/v1/case-settings", "catalogue",
       "Change case settings ({key: value, ...}; admin)", true, "CaseSettings",
       200},
    Op{"GET", "/api/v1/org-units", "catalogue",
       "Departments and functional zones", true, "", 200},
    Op{"POST", "/api/v1/org-units", "catalogue",
       "Create a department or functional zone", true, "OrgUnit", 201},
    Op{"POST", "/api/v1/org-units/{id}/members", "catalogue",
       "Let a user act for a department or functional zone", true, "OrgMember",
       201},
    Op{"GET", "/api/v1/responsibility/rules", "catalogue",
       "The responsibility matrix (category × area → party)", true, "", 200},
    Op{"POST", "/api/v1/responsibility/rules", "catalogue",
       "Add a responsibility rule", true, "Rule", 201},
    Op{"DELETE", "/api/v1/responsibility/rules/{id}", "catalogue",
       "Remove a responsibility rule", true, "", 200},
    Op{"GET", "/api/v1/responsibility/check", "catalogue",
       "Every (category, grid) with no owner or with two (?area_id=)", true, "",
       200},
    Op{"GET", "/api/v1/public/categories", "public",
       "Categories for the resident report form (no login)", false, "", 200},
    Op{"POST", "/api/v1/public/reports", "public",
       "Report a problem without an account; returns a tracking number", false,
       "PublicReport", 201},
    Op{"GET", "/api/v1/public/reports/{tracking}", "public",
       "Progress of a report by tracking number (no personal data)", false, "",
       200},
    Op{"POST", "/api/v1/public/reports/{tracking}/evaluation", "public",
       "Rate a closed report; unsatisfied reopens it", false, "Evaluation",
       200},
    Op{"GET", "/api/v1/events/stream", "cases",
       "Live case events in scope as server-sent events (text/event-stream)",
       true, "", 200},
    Op{"GET", "/api/v1/public/map-settings", "public",
       "Map tile server (empty: boundaries on a blank map)", false, "", 200},
    Op{"PUT", "/api/v1/map-settings", "geo",
       "Set the map tile server (system administrator)", true, "MapSettings",
       200},
    Op{"GET", "/api/v1/public/boundaries", "public",
       "Grid outlines with code and name (GeoJSON, no login)", false, "", 200},
};

boost::json::object Schemas() {
  auto str = [] { return boost::json::object{{"type", "string"}}; };
  auto obj = [](std::initializer_list<std::string_view> fields,
                std::initializer_list<std::string_view> required = {}) {
    boost::json::object props;
    for (auto f : fields) props[f] = boost::json::object{};
    boost::json::array req;
    for (auto r : required) req.emplace_back(r);
    boost::json::object o{{"type", "object"}, {"properties", std::move(props)}};
    if (!req.empty()) o["required"] = std::move(req);
    return o;
  };
  boost::json::object error_body{
      {"type", "object"},
      {"properties",
       boost::json::object{
           {"code", str()}, {"message", str()}, {"field", str()}}},
      {"required", boost::json::array{"code", "message"}}};
  boost::json::object schemas;
  schemas["Error"] = boost::json::object{
      {"type", "object"},
      {"properties", boost::json::object{{"error", std::move(error_body)}}}};
  schemas["Login"] = obj({"username", "password"}, {"username", "password"});
  schemas["Locale"] = obj({"locale"}, {"locale"});
  schemas["Password"] =
      obj({"username", "password", "current_password"}, {"password"});
  schemas["NewUser"] =
      obj({"username", "password", "role", "display_name", "area_codes"},
          {"username", "password", "role"});
  schemas["NewArea"] =
      obj({"level", "parent_code", "name", "code", "seq", "kind"},
          {"level", "name"});
  schemas["TeamMember"] =
      obj({"role", "name", "phone", "username"}, {"role", "name"});
  schemas["Duties"] = obj({"duties"}, {"duties"});
  schemas["Household"] =
      obj({"grid_code", "grid_id", "household_no", "head_name", "kind", "phone",
           "address", "house"});
  schemas["House"] =
      obj({"use", "structure", "floor_area", "is_rental", "landlord_name",
           "landlord_phone", "lease_filing_no", "rooms_let", "max_occupants",
           "hidden_danger", "pledge_signed"});
  schemas["Resident"] = obj(
      {"household_id", "name", "gender", "birth_date", "id_card", "phone",
       "category", "hukou_status", "relation", "ethnicity", "nationality",
       "passport", "origin", "arrival_date", "reason", "expected_stay_months",
       "registration_deadline", "registered_on", "tags"},
      {"household_id", "name"});
  schemas["Unit"] = obj(
      {"grid_code", "grid_id", "household_id", "name", "kind", "business",
       "contact_name", "contact_phone", "license_no", "employees", "address"},
      {"name", "kind"});
  schemas["Reveal"] = obj({"reason"}, {"reason"});
  schemas["DivisionPlan"] = obj({"grids", "apply"}, {"grids"});
  schemas["NewCase"] =
      obj({"category_id", "level", "urgent", "group_case", "source", "title",
           "description", "address", "lon", "lat", "grid_id", "attachments",
           "reporter_name", "contact_phone"},
          {"category_id"});
  schemas["CaseAction"] =
      obj({"note", "attachments", "party_kind", "party_role", "party_org_id",
           "level", "review_on", "hours", "extension_id", "approve",
           "satisfaction"});
  schemas["Supervision"] =
      obj({"level", "message", "reply_hours"}, {"message"});
  schemas["SupervisionReply"] = obj({"reply"}, {"reply"});
  schemas["NotificationsRead"] = obj({"ids"});
  schemas["CaseSettings"] =
      obj({"case_duplicate_radius_m", "case_duplicate_window_days",
           "public_reports_per_hour", "public_uploads_per_hour",
           "attachment_max_bytes", "supervision_reply_hours"});
  schemas["MajorCase"] = obj({"leader_user_id", "review_dates", "note"},
                             {"leader_user_id", "review_dates"});
  schemas["NewCategory"] =
      obj({"parent_id", "kind", "code", "name", "name_en", "sort", "policy"},
          {"kind", "code", "name"});
  schemas["CategoryUpdate"] =
      obj({"name", "name_en", "sort", "active"}, {"name"});
  schemas["Policy"] =
      obj({"accept_criteria", "close_criteria", "levels", "photos_before",
           "photos_after", "enforcement", "max_extensions", "limits"},
          {"levels", "limits"});
  schemas["Calendar"] =
      obj({"from", "to", "days", "work_periods"}, {"from", "to"});
  schemas["OrgUnit"] =
      obj({"kind", "code", "name", "name_en", "area_id", "phone"},
          {"kind", "code", "name"});
  schemas["OrgMember"] = obj({"user_id"}, {"user_id"});
  schemas["Rule"] = obj({"category_id", "area_id", "party_kind", "party_role",
                         "party_org_id", "note"},
                        {"category_id", "area_id", "party_kind"});
  schemas["PublicReport"] =
      obj({"category_id", "description", "address", "lon", "lat", "attachments",
           "reporter_name", "contact_phone"},
          {"category_id", "description"});
  schemas["Evaluation"] = obj({"satisfied", "comment"}, {"satisfied"});
  schemas["MapSettings"] = obj({"tile_url", "attribution", "max_zoom"}, {});
  schemas["EnforcementTask"] =
      obj({"title", "lead_org_id", "department_ids", "case_ids", "parties",
           "addresses", "evidence", "scheduled_on", "note"},
          {"title", "lead_org_id", "department_ids", "case_ids"});
  schemas["EnforcementResponse"] =
      obj({"org_id", "response"}, {"org_id", "response"});
  schemas["EnforcementRating"] =
      obj({"org_id", "rating"}, {"org_id", "rating"});
  schemas["EnforcementClose"] = obj({"note"});
  return schemas;
}

namespace json = boost::json;

// {"application/json": {"schema": schema}}
json::object JsonContent(json::object schema) {
  json::object media;
  media["schema"] = std::move(schema);
  json::object content;
  content["application/json"] = std::move(media);
  return content;
}

json::object Ref(std::string_view schema) {
  json::object ref;
  ref["$ref"] = "#/components/schemas/" + std::string(schema);
  return ref;
}

json::object ResponseOf(std::string_view description, json::object schema) {
  json::object r;
  r["description"] = description;
  r["content"] = JsonContent(std::move(schema));
  return r;
}

json::object ErrorResponse(std::string_view description) {
  return ResponseOf(description, Ref("Error"));
}

json::object Operation(const Op& op) {
  json::object o;
  o["summary"] = op.summary;
  o["tags"] = json::array{json::string(op.tag)};
  json::array params;
  std::string_view path = op.path;
  for (size_t open = path.find('{'); open != std::string_view::npos;
       open = path.find('{', open + 1)) {
    const size_t close = path.find('}', open);
    json::object p;
    p["name"] = path.substr(open + 1, close - open - 1);
    p["in"] = "path";
    p["required"] = true;
    p["schema"] = json::object{{"type", "string"}};
    params.push_back(std::move(p));
  }
  if (!params.empty()) o["parameters"] = std::move(params);
  if (!op.body_schema.empty()) {
    json::object body;
    body["required"] = true;
    body["content"] = JsonContent(Ref(op.body_schema));
    o["requestBody"] = std::move(body);
  }
  json::object responses;
  responses[std::to_string(op.success)] =
      ResponseOf("success", json::object{{"type", "object"}});
  responses["400"] =
      ErrorResponse("invalid input; error.field names the field");
  if (op.auth) {
    responses["401"] = ErrorResponse("not logged in or session expired");
    responses["403"] = ErrorResponse("role or area scope does not allow it");
    json::array security;
    security.push_back(json::object{{"bearer", json::array{}}});
    security.push_back(json::object{{"cookie", json::array{}}});
    o["security"] = std::move(security);
  }
  if (path.find('{') != std::string_view::npos)
    responses["404"] = ErrorResponse("no such record");
  if (op.method == "POST" || op.method == "PUT")
    responses["409"] = ErrorResponse("conflicts with existing data");
  o["responses"] = std::move(responses);
  return o;
}
}  // namespace

std::vector<RouteInfo> DocumentedRoutes() {
  std::vector<RouteInfo> out;
  for (const auto& op : kOps)
    out.push_back({std::string(op.method), std::string(op.path)});
  return out;
}

json::object OpenApiDocument(const std::string& version) {
  json::object paths;
  for (const auto& op : kOps) {
    std::string method(op.method);
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    auto& item = paths[op.path];
    if (!item.is_object()) item = json::object{};
    item.as_object()[method] = Operation(op);
  }
  json::object info;
  info["title"] = "wangge 网格 API";
  info["version"] = version;
  info["description"] =
      "Grid-based community governance (网格化管理): areas, grid teams, the "
      "registry (一标三实), accounts and audit. Personal numbers are masked "
      "unless revealed through an audited call.";
  json::object schemes;
  schemes["bearer"] = json::object{{"type", "http"}, {"scheme", "bearer"}};
  schemes["cookie"] = json::object{
      {"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}};
  json::object components;
  components["schemas"] = Schemas();
  components["securitySchemes"] = std::move(schemes);
  json::object doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = std::move(info);
  doc["servers"] = json::array{json::object{{"url", "/"}}};
  doc["paths"] = std::move(paths);
  doc["components"] = std::move(components);
  return doc;
}

void RegisterOpenApiRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/openapi.json",
        [&ctx](Request&) { return Json(200, OpenApiDocument(ctx.version)); });
}

}  // namespace wangge::http
