// Statistics for the command-centre big screen: the overview and the
// breakdowns by grid, category, source, state and day
// (service/stats_service.h defines every figure).
#include "http/api_support.h"

namespace wangge::http {

namespace json = boost::json;

namespace {

Result<service::StatsQuery> ParseStatsQuery(const Request& req) {
  service::StatsQuery q;
  WG_ASSIGN(q.from, QueryInt(req, "from"));
  WG_ASSIGN(q.to, QueryInt(req, "to"));
  WG_ASSIGN(q.area_id, QueryInt(req, "area_id"));
  return q;
}

json::value Rate(std::optional<double> r) {
  return r ? json::value(*r) : json::value(nullptr);
}

json::object PeriodJson(const service::StatsPeriod& p) {
  return {{"from", p.from}, {"to", p.to}};
}

enum class NowFigures { kNo, kYes };

void PutFigures(json::object& o, const service::StatsFigures& f,
                NowFigures now) {
  o["created"] = f.created;
  o["closed"] = f.closed;
  o["closed_on_time"] = f.closed_on_time;
  o["voided"] = f.voided;
  o["due_to_close"] = f.due_to_close();
  o["due_closed"] = f.due_closed;
  o["due_closed_on_time"] = f.due_closed_on_time;
  if (now == NowFigures::kYes) {
    o["open"] = f.open;
    o["overdue"] = f.overdue;
  }
  o["closure_rate"] = Rate(f.closure_rate());
  o["on_time_rate"] = Rate(f.on_time_rate());
}

json::object ItemJson(service::StatsGroupBy group,
                      const service::StatsItem& item) {
  json::object o{{"key", item.key}, {"name", item.name}};
  if (item.id) o["id"] = *item.id;
  switch (group) {
    case service::StatsGroupBy::kCategory:
      o["parent_code"] = item.parent_code;
      o["parent_name"] = item.parent_name;
      [[fallthrough]];
    case service::StatsGroupBy::kGrid:
    case service::StatsGroupBy::kSource:
      PutFigures(o, item.figures, NowFigures::kYes);
      break;
    case service::StatsGroupBy::kDay:
      PutFigures(o, item.figures, NowFigures::kNo);
      break;
    case service::StatsGroupBy::kState:
      o["count"] = item.count;
      if (item.key == "closed")
        o["closed_on_time"] = item.figures.due_closed_on_time;
      break;
  }
  return o;
}

}  // namespace

void RegisterStatsRoutes(Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/stats/overview",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto q, ParseStatsQuery(req));
            WG_ASSIGN(auto o, ctx.stats.Overview(actor, q));
            json::object out{{"period", PeriodJson(o.period)}};
            PutFigures(out, o.figures, NowFigures::kYes);
            out["created_today"] = o.created_today;
            out["closed_today"] = o.closed_today;
            out["generated_at"] = o.generated_at;
            return Json(200, out);
          });
        }));

  r.Add("GET", "/api/v1/stats/cases",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            const std::string name = QueryStr(req, "group");
            if (name.empty())
              return Invalid("request.missing",
                             "group is required: grid, category, source, "
                             "state or day",
                             "group");
            auto group = service::ParseStatsGroup(name);
            if (!group)
              return Invalid("stats.group",
                             "group must be grid, category, source, state "
                             "or day",
                             "group");
            WG_ASSIGN(auto q, ParseStatsQuery(req));
            WG_ASSIGN(auto b, ctx.stats.Breakdown(actor, *group, q));
            json::array items;
            items.reserve(b.items.size());
            for (const auto& item : b.items)
              items.push_back(ItemJson(b.group, item));
            return Json(
                200, json::object{{"group", service::StatsGroupName(b.group)},
                                  {"period", PeriodJson(b.period)},
                                  {"generated_at", b.generated_at},
                                  {"items", std::move(items)}});
          });
        }));
}

}  // namespace wangge::http
