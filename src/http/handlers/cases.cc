// Cases: intake, lists, detail and timeline, the actions of the loop,
// duplicate hints, supervision and replies, the major-case list, to-do.
#include "http/api_support.h"
#include "http/handlers/case_input.h"
#include "http/handlers/case_json.h"

namespace wangge::http {

namespace json = boost::json;

namespace {

Result<store::CaseFilter> ParseCaseFilter(const Request& req) {
  store::CaseFilter f;
  const std::string states = QueryStr(req, "state");
  for (size_t start = 0; start < states.size();) {
    size_t comma = states.find(',', start);
    if (comma == std::string::npos) comma = states.size();
    std::string s = states.substr(start, comma - start);
    if (!ParseCaseState(s))
      return Invalid("request.state", "unknown state: " + s, "state");
    f.states.push_back(std::move(s));
    start = comma + 1;
  }
  WG_ASSIGN(f.grid_id, QueryInt(req, "grid_id"));
  WG_ASSIGN(f.community_id, QueryInt(req, "community_id"));
  WG_ASSIGN(f.category_id, QueryInt(req, "category_id"));
  f.source = QueryStr(req, "source");
  f.q = QueryStr(req, "q");
  WG_ASSIGN(f.overdue, QueryBool(req, "overdue"));
  WG_ASSIGN(f.major, QueryBool(req, "major"));
  WG_ASSIGN(f.created_from, QueryInt(req, "from"));
  WG_ASSIGN(f.created_to, QueryInt(req, "to"));
  return f;
}

json::array CaseList(const std::vector<service::CaseView>& views) {
  json::array out;
  for (const auto& v : views) out.push_back(CaseJson(v, false));
  return out;
}

}  // namespace

void RegisterCaseRoutes(Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/cases",
        Authed(ctx,
               [&ctx](Request& req, const service::Actor& actor) {
                 return Respond([&]() -> Result<Response> {
                   WG_ASSIGN(auto body, JsonBody::Parse(req));
                   WG_ASSIGN(auto in, ParseNewCase(body));
                   // Answered once the group commit is durable; no thread
                   // waits.
                   auto [response, later] = Later();
                   ctx.cases.ReportAsync(
                       actor, std::move(in),
                       [later](Result<service::CaseView> view) {
                         later->Complete(view
                                             ? Json(201, CaseJson(*view, false))
                                             : Fail(view.error()));
                       });
                   return std::move(response);
                 });
               }),
        Run::kInline);

  r.Add("GET", "/api/v1/cases",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto f, ParseCaseFilter(req));
            WG_ASSIGN(auto page, ParsePage(req));
            WG_ASSIGN(auto list, ctx.cases.List(actor, f, page));
            return Json(200, PageJson(list, page, [](const auto& v) {
                          return CaseJson(v, false);
                        }));
          });
        }));

  r.Add("GET", "/api/v1/cases/duplicates",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto category, QueryInt(req, "category_id"));
            auto lon = req.Query("lon"), lat = req.Query("lat");
            if (!category)
              return Invalid("request.missing", "category_id is required",
                             "category_id");
            if (!lon || !lat)
              return Invalid("request.missing", "lon and lat are required",
                             "lon");
            double x = 0, y = 0;
            try {
              x = std::stod(*lon);
              y = std::stod(*lat);
            } catch (...) {
              return Invalid("request.type", "lon/lat must be numbers", "lon");
            }
            WG_ASSIGN(auto hints, ctx.cases.Duplicates(actor, *category, x, y));
            json::array items;
            for (const auto& h : hints)
              items.push_back({{"id", h.row.id},
                               {"number", h.row.number},
                               {"title", h.row.title},
                               {"state", h.row.state},
                               {"created_at", h.row.created_at},
                               {"distance_m", h.distance_m}});
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("GET", "/api/v1/cases/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto view, ctx.cases.Get(actor, id));
            return Json(200, CaseJson(view, true));
          });
        }));

  r.Add("GET", "/api/v1/cases/{id}/events",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto events, ctx.cases.Events(actor, id));
            json::array items;
            for (const auto& e : events) items.push_back(EventJson(e));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/cases/{id}/actions/{action}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::ParseOrEmpty(req));
            WG_ASSIGN(auto in,
                      ParseCaseAction(req.path_params.at("action"), body));
            WG_ASSIGN(auto view, ctx.cases.Act(actor, id, in));
            return Json(200, CaseJson(view, true));
          });
        }));

  r.Add("GET", "/api/v1/cases/{id}/supervisions",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto list, ctx.cases.Supervisions(actor, id));
            json::array items;
            for (const auto& s : list) items.push_back(SupervisionJson(s));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("POST", "/api/v1/cases/{id}/supervisions",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto level, body.Str("level"));
            WG_ASSIGN(auto message, body.Str("message", true, 2000));
            WG_ASSIGN(auto hours, body.Num("reply_hours"));
            WG_ASSIGN(auto s, ctx.cases.Supervise(
                                  actor, id, level.empty() ? "ordinary" : level,
                                  message, hours));
            return Json(201, SupervisionJson(s));
          });
        }));

  r.Add("POST", "/api/v1/supervisions/{id}/reply",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto reply, body.Str("reply", true, 2000));
            WG_ASSIGN(auto s, ctx.cases.Reply(actor, id, reply));
            return Json(200, SupervisionJson(s));
          });
        }));

  r.Add("POST", "/api/v1/cases/{id}/major",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto body, JsonBody::Parse(req));
            WG_ASSIGN(auto leader, body.Int("leader_user_id"));
            if (!leader)
              return Invalid("request.missing", "leader_user_id is required",
                             "leader_user_id");
            WG_ASSIGN(auto dates, body.StrList("review_dates"));
            WG_ASSIGN(auto note, body.Str("note", false, 2000));
            WG_ASSIGN(auto m,
                      ctx.cases.ListMajor(actor, id, *leader, dates, note));
            return Json(201, MajorJson(m));
          });
        }));

  r.Add("GET", "/api/v1/major-cases",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto list, ctx.cases.MajorCases(actor));
            json::array items;
            for (const auto& m : list) items.push_back(MajorJson(m));
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));

  r.Add("GET", "/api/v1/todo",
        Authed(ctx, [&ctx](Request&, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto todo, ctx.cases.TodoFor(actor));
            json::array sups;
            for (const auto& s : todo.supervision)
              sups.push_back(SupervisionJson(s));
            return Json(
                200, json::object{
                         {"mine", CaseList(todo.mine)},
                         {"overdue", CaseList(todo.overdue)},
                         {"to_verify", CaseList(todo.to_verify)},
                         {"supervision", std::move(sups)},
                         {"unread_notifications", todo.unread_notifications}});
          });
        }));

  r.Add("GET", "/api/v1/notifications",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto page, ParsePage(req));
            WG_ASSIGN(auto unread, QueryBool(req, "unread"));
            WG_ASSIGN(auto list, ctx.cases.Notifications(
                                     actor, unread.value_or(false), page));
            return Json(200, PageJson(list, page, [](const auto& n) {
                          return json::object{
                              {"id", n.id},
                              {"case_id", n.case_id ? json::value(*n.case_id)
                                                    : json::value(nullptr)},
                              {"supervision_id",
                               n.supervision_id ? json::value(*n.supervision_id)
                                                : json::value(nullptr)},
                              {"kind", n.kind},
                              {"message", n.message},
                              {"created_at", n.created_at},
                              {"read_at", n.read_at ? json::value(*n.read_at)
                                                    : json::value(nullptr)}};
                        }));
          });
        }));

  r.Add("POST", "/api/v1/notifications/read",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto body, JsonBody::ParseOrEmpty(req));
            WG_ASSIGN(auto ids, IdList(body, "ids"));
            WG_ASSIGN(int64_t n, ctx.cases.MarkRead(actor, ids));
            return Json(200, json::object{{"marked", n}});
          });
        }));

  r.Add("GET", "/api/v1/case-events/latest",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto limit, QueryInt(req, "limit"));
            WG_ASSIGN(auto events,
                      ctx.cases.LatestEvents(actor, limit.value_or(20)));
            auto snap = ctx.cases.catalog().Current();
            json::array items;
            for (const auto& e : events) {
              json::object o = EventJson(e.event);
              o["number"] = e.number;
              o["title"] = e.title;
              o["grid_id"] = e.grid_id;
              const service::AreaNode* grid =
                  snap ? (*snap)->Area(e.grid_id) : nullptr;
              o["grid_name"] = grid ? grid->name : "";
              items.push_back(std::move(o));
            }
            return Json(200, json::object{{"items", std::move(items)}});
          });
        }));
}

}  // namespace wangge::http
