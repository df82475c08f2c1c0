// Joint enforcement tasks (联合执法): create, list, detail, each
// department's answer, the lead's rating (吹哨报到) and closing.
#include "http/api_support.h"
#include "http/handlers/case_input.h"
#include "service/enforcement_service.h"

namespace wangge::http {

namespace json = boost::json;

namespace {

json::value OptInt(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object TaskJson(const service::EnforcementTask& t) {
  const auto& r = t.row;
  json::array cases, departments, parties, addresses, evidence, respond_for;
  for (const auto& k : t.cases)
    cases.push_back({{"id", k.id},
                     {"number", k.number},
                     {"title", k.title},
                     {"state", k.state},
                     {"grid_id", k.grid_id}});
  for (const auto& d : t.departments)
    departments.push_back({{"org_id", d.org_id},
                           {"name", d.org_name},
                           {"response", d.response},
                           {"responded_at", OptInt(d.responded_at)},
                           {"responded_by", OptInt(d.responded_by)},
                           {"responded_by_name", d.responded_by_name},
                           {"rating", OptInt(d.rating)}});
  for (const auto& p : t.parties)
    parties.push_back({{"name", p.name}, {"role", p.role}});
  for (const auto& a : t.addresses) addresses.emplace_back(a);
  for (int64_t e : t.evidence) evidence.emplace_back(e);
  for (int64_t o : t.may_respond_for) respond_for.emplace_back(o);
  return {{"id", r.id},
          {"number", r.number},
          {"title", r.title},
          {"status", r.status},
          {"lead_org_id", r.lead_org_id},
          {"lead_org", r.lead_org_name},
          {"scheduled_on", r.scheduled_on},
          {"created_at", r.created_at},
          {"created_by", OptInt(r.created_by)},
          {"closed_at", OptInt(r.closed_at)},
          {"cases", std::move(cases)},
          {"departments", std::move(departments)},
          {"info",
           {{"parties", std::move(parties)},
            {"addresses", std::move(addresses)},
            {"evidence", std::move(evidence)},
            {"note", t.note},
            {"closing_note", t.closing_note}}},
          {"may_respond_for", std::move(respond_for)},
          {"may_rate", t.may_rate},
          {"may_close", t.may_close}};
}

Result<std::vector<service::EnforcementParty>> Parties(const JsonBody& body) {
  std::vector<service::EnforcementParty> out;
  const auto* v = body.raw().if_contains("parties");
  if (!v || v->is_null()) return out;
  auto bad = [] {
    return Invalid("request.type",
                   "parties must be a list of {name, role} objects", "parties");
  };
  if (!v->is_array()) return bad();
  for (const auto& item : v->as_array()) {
    if (!item.is_object()) return bad();
    const auto& o = item.as_object();
    service::EnforcementParty p;
    const auto* name = o.if_contains("name");
    const auto* role = o.if_contains("role");
    if (!name || !name->is_string()) return bad();
    if (role && !role->is_null() && !role->is_string()) return bad();
    p.name = std::string(name->as_string());
    if (role && role->is_string()) p.role = std::string(role->as_string());
    out.push_back(std::move(p));
  }
  return out;
}

Result<int64_t> RequiredInt(const JsonBody& body, std::string_view field) {
  WG_ASSIGN(auto v, body.Int(field));
  if (!v)
    return Invalid("request.missing", std::string(field) + " is required",
                   std::string(field));
  return *v;
}

}  // namespace

void RegisterEnforcementRoutes(Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/enforcement-tasks",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            service::NewEnforcementTask in;
            WG_ASSIGN(in.title, body.Str("title", true, 200));
            WG_ASSIGN(in.lead_org_id, RequiredInt(body, "lead_org_id"));
            WG_ASSIGN(in.department_ids, IdList(body, "department_ids"));
            WG_ASSIGN(in.case_ids, IdList(body, "case_ids"));
            WG_ASSIGN(in.parties, Parties(body));
            WG_ASSIGN(in.addresses, body.StrList("addresses"));
            WG_ASSIGN(in.evidence, IdList(body, "evidence"));
            WG_ASSIGN(in.scheduled_on, body.Str("scheduled_on", false, 10));
            WG_ASSIGN(in.note, body.Str("note", false, 2000));
            WG_ASSIGN(auto task, ctx.enforcement.Create(actor, std::move(in)));
            return Json(201, TaskJson(task));
          });
        }));

  r.Add("GET", "/api/v1/enforcement-tasks",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto page, ParsePage(req));
            WG_ASSIGN(auto list, ctx.enforcement.List(
                                     actor, QueryStr(req, "status"), page));
            return Json(200, PageJson(list, page, [](const auto& t) {
                          return TaskJson(t);
                        }));
          });
        }));

  r.Add("GET", "/api/v1/enforcement-tasks/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto task, ctx.enforcement.Get(actor, id));
            return Json(200, TaskJson(task));
          });
        }));

  r.Add("POST", "/api/v1/enforcement-tasks/{id}/responses",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(int64_t org, RequiredInt(body, "org_id"));
            WG_ASSIGN(auto response, body.Str("response", true, 2000));
            WG_ASSIGN(auto task,
                      ctx.enforcement.Respond(actor, id, org, response));
            return Json(200, TaskJson(task));
          });
        }));

  r.Add("POST", "/api/v1/enforcement-tasks/{id}/ratings",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(int64_t org, RequiredInt(body, "org_id"));
            WG_ASSIGN(int64_t rating, RequiredInt(body, "rating"));
            WG_ASSIGN(auto task, ctx.enforcement.Rate(actor, id, org, rating));
            return Json(200, TaskJson(task));
          });
        }));

  r.Add("POST", "/api/v1/enforcement-tasks/{id}/close",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::ParseOrEmpty(req));
            WG_ASSIGN(auto note, body.Str("note", false, 2000));
            WG_ASSIGN(auto task, ctx.enforcement.Close(actor, id, note));
            return Json(200, TaskJson(task));
          });
        }));
}

}  // namespace wangge::http
