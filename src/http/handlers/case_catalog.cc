// The case catalogue: categories with versioned policies, the working
// calendar, departments and functional zones, the responsibility matrix.
#include "http/api_support.h"
#include "http/handlers/case_json.h"

namespace wangge::http {

namespace json = boost::json;

namespace {

Result<store::RuleRow> ParseRule(const JsonBody& body) {
  store::RuleRow r;
  WG_ASSIGN(auto category, body.Int("category_id"));
  WG_ASSIGN(auto area, body.Int("area_id"));
  if (!category)
    return Invalid("request.missing", "category_id is required", "category_id");
  if (!area)
    return Invalid("request.missing", "area_id is required", "area_id");
  r.category_id = *category;
  r.area_id = *area;
  WG_ASSIGN(r.party_kind, body.Str("party_kind", true));
  WG_ASSIGN(r.party_role, body.Str("party_role"));
  WG_ASSIGN(r.party_org_id, body.Int("party_org_id"));
  WG_ASSIGN(r.note, body.Str("note", false, 1000));
  return r;
}

json::array SettingsJson(const std::vector<service::CaseSetting>& settings) {
  json::array items;
  for (const auto& s : settings)
    items.push_back({{"key", s.key},
                     {"value", s.value},
                     {"min", s.min},
                     {"max", s.max},
                     {"description", s.description}});
  return items;
}

}  // namespace

void RegisterCaseCatalogRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/categories",
        Authed(ctx, [&ctx](Request&, const service::Actor&) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto snap, ctx.taxonomy.Catalog());
            json::array items;
            for (const auto& [id, c] : snap->categories)
              items.push_back(CategoryJson(c));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/categories",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            store::CategoryRow row;
            WG_ASSIGN(row.parent_id, body.Int("parent_id"));
            WG_ASSIGN(row.kind, body.Str("kind", true));
            WG_ASSIGN(row.code, body.Str("code", true, 20));
            WG_ASSIGN(row.name, body.Str("name", true, 100));
            WG_ASSIGN(row.name_en, body.Str("name_en", false, 100));
            WG_ASSIGN(auto sort, body.Int("sort"));
            row.sort = sort.value_or(100);
            std::optional<json::value> policy;
            if (auto* p = body.raw().if_contains("policy")) policy = *p;
            WG_ASSIGN(auto created,
                      ctx.taxonomy.CreateCategory(actor, row, policy));
            return Json(201, json::object{{"id", created.id},
                                          {"code", created.code},
                                          {"name", created.name}});
          });
        }));

  r.Add("PUT", "/api/v1/categories/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            store::CategoryRow row;
            row.id = id;
            WG_ASSIGN(row.name, body.Str("name", true, 100));
            WG_ASSIGN(row.name_en, body.Str("name_en", false, 100));
            WG_ASSIGN(auto sort, body.Int("sort"));
            row.sort = sort.value_or(100);
            WG_ASSIGN(row.active, body.Bool("active", true));
            WG_ASSIGN(auto updated, ctx.taxonomy.UpdateCategory(actor, row));
            return Json(200, json::object{{"id", updated.id},
                                          {"name", updated.name},
                                          {"active", updated.active}});
          });
        }));

  r.Add("PUT", "/api/v1/categories/{id}/policy",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto row, ctx.taxonomy.SetPolicy(
                                    actor, id, json::value(body.raw())));
            return Json(200, json::object{{"policy_id", row.id},
                                          {"category_id", row.category_id},
                                          {"version", row.version}});
          });
        }));

  r.Add("GET", "/api/v1/categories/{id}/policies",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto rows, ctx.taxonomy.PolicyHistory(actor, id));
            json::array items;
            for (const auto& p : rows) {
              auto parsed = service::ParseCasePolicyText(p.policy);
              items.push_back(
                  {{"policy_id", p.id},
                   {"version", p.version},
                   {"created_at", p.created_at},
                   {"created_by", p.created_by},
                   {"policy",
                    parsed ? json::value(service::CasePolicyToJson(*parsed))
                           : json::value(nullptr)}});
            }
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("GET", "/api/v1/calendar",
        Authed(ctx, [&ctx](Request&, const service::Actor&) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto cal, ctx.taxonomy.Calendar());
            json::array days;
            for (const auto& d : cal.days)
              days.push_back(
                  {{"day", d.day}, {"kind", d.kind}, {"name", d.name}});
            return Json(200, json::object{
                                 {"days", std::move(days)},
                                 {"work_periods", cal.work_periods},
                                 {"utc_offset_minutes", cal.utc_offset_minutes},
                                 {"time_zone", "Asia/Shanghai"}});
          });
        }));

  r.Add("PUT", "/api/v1/calendar",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto from, body.Str("from", true));
            WG_ASSIGN(auto to, body.Str("to", true));
            WG_ASSIGN(auto periods, body.Str("work_periods"));
            std::vector<store::CalendarDayRow> days;
            if (auto* list = body.raw().if_contains("days")) {
              if (!list->is_array())
                return Invalid("request.type", "days must be a list", "days");
              for (const auto& d : list->as_array()) {
                if (!d.is_object())
                  return Invalid("request.type",
                                 "days[] must be {day, kind, name}", "days");
                JsonBody item{d.as_object()};
                store::CalendarDayRow row;
                WG_ASSIGN(row.day, item.Str("day", true));
                WG_ASSIGN(row.kind, item.Str("kind", true));
                WG_ASSIGN(row.name, item.Str("name", false, 100));
                days.push_back(std::move(row));
              }
            }
            WG_ASSIGN(auto cal,
                      ctx.taxonomy.PutCalendar(actor, from, to, days, periods));
            return Json(200, json::object{{"days", cal.days.size()},
                                          {"work_periods", cal.work_periods}});
          });
        }));

  r.Add("GET", "/api/v1/case-settings",
        Authed(ctx, [&ctx](Request&, const service::Actor&) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto settings, ctx.taxonomy.Settings());
            return Json(200, json::object{{"items", SettingsJson(settings)}});
          });
        }));

  r.Add("PUT", "/api/v1/case-settings",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            std::vector<std::pair<std::string, int64_t>> values;
            for (const auto& [key, v] : body.raw()) {
              if (!v.is_int64())
                return Invalid("request.type",
                               std::string(key) + " must be a whole number",
                               std::string(key));
              values.emplace_back(std::string(key), v.as_int64());
            }
            WG_ASSIGN(auto settings, ctx.taxonomy.PutSettings(actor, values));
            return Json(200, json::object{{"items", SettingsJson(settings)}});
          });
        }));

  r.Add("GET", "/api/v1/org-units",
        Authed(ctx, [&ctx](Request&, const service::Actor&) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto snap, ctx.taxonomy.Catalog());
            json::array items;
            for (const auto& [id, o] : snap->orgs) items.push_back(OrgJson(o));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/org-units",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            store::OrgUnitRow row;
            WG_ASSIGN(row.kind, body.Str("kind", true));
            WG_ASSIGN(row.code, body.Str("code", true, 40));
            WG_ASSIGN(row.name, body.Str("name", true, 100));
            WG_ASSIGN(row.name_en, body.Str("name_en", false, 100));
            WG_ASSIGN(row.area_id, body.Int("area_id"));
            WG_ASSIGN(row.phone, body.Str("phone", false, 40));
            WG_ASSIGN(auto created, ctx.taxonomy.CreateOrgUnit(actor, row));
            return Json(201, OrgJson(created));
          });
        }));

  r.Add("POST", "/api/v1/org-units/{id}/members",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto user, body.Int("user_id"));
            if (!user)
              return Invalid("request.missing", "user_id is required",
                             "user_id");
            WG_TRY(ctx.taxonomy.AddOrgMember(actor, id, *user));
            return Json(201, json::object{{"org_id", id}, {"user_id", *user}});
          });
        }));

  r.Add("GET", "/api/v1/responsibility/rules",
        Authed(ctx, [&ctx](Request&, const service::Actor&) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto snap, ctx.taxonomy.Catalog());
            json::array items;
            for (const auto& rule : snap->rules)
              items.push_back(RuleJson(rule));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/responsibility/rules",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto rule, ParseRule(body));
            WG_ASSIGN(auto created, ctx.taxonomy.AddRule(actor, rule));
            return Json(201, RuleJson(created));
          });
        }));

  r.Add("DELETE", "/api/v1/responsibility/rules/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_TRY(ctx.taxonomy.DeleteRule(actor, id));
            return Json(200, json::object{{"deleted", id}});
          });
        }));

  r.Add("GET", "/api/v1/responsibility/check",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto area, QueryInt(req, "area_id"));
            WG_ASSIGN(auto check, ctx.taxonomy.Check(actor, area));
            WG_ASSIGN(auto snap, ctx.taxonomy.Catalog());
            json::array problems;
            for (const auto& p : check.problems) {
              json::array rules;
              for (int64_t id : p.rule_ids) rules.emplace_back(id);
              const auto* cat = snap->Category(p.category_id);
              const auto* grid = snap->Area(p.grid_id);
              problems.push_back({{"kind", p.kind},
                                  {"category_id", p.category_id},
                                  {"category", cat ? cat->row.name : ""},
                                  {"category_code", cat ? cat->row.code : ""},
                                  {"grid_id", p.grid_id},
                                  {"grid", grid ? grid->name : ""},
                                  {"grid_code", grid ? grid->code : ""},
                                  {"rule_ids", std::move(rules)}});
            }
            return Json(200, json::object{{"cells", check.cells},
                                          {"gaps", check.gaps},
                                          {"conflicts", check.conflicts},
                                          {"ok", check.gaps == 0 &&
                                                     check.conflicts == 0},
                                          {"problems", std::move(problems)}});
          });
        }));
}

}  // namespace wangge::http
