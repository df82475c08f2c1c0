#include "http/open311.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>

#include "http/open311_input.h"
#include "http/open311_json.h"
#include "http/open311_render.h"
#include "service/open311_service.h"

namespace wangge::http {

namespace json = boost::json;

using open311::CommaList;
using open311::Coordinate;
using open311::DefinitionJson;
using open311::Field;
using open311::Format;
using open311::ParseW3c;
using open311::PostFields;
using open311::Render;
using open311::RequestList;
using open311::ServiceJson;
using open311::SpecError;
using open311::WithFormat;

namespace {

constexpr Millis kDay = 86400000;
// The spec's default and largest window of GET requests.
constexpr Millis kWindow = 90 * kDay;
constexpr int64_t kMaxRequests = 1000;
constexpr size_t kMaxUrlBytes = 1000;
constexpr std::string_view kSpecUrl = "http://wiki.open311.org/GeoReport_v2";
constexpr std::string_view kDiscoveryChangeset = "2026-11-25T00:00:00Z";

// ---------------------------------------------------------------------------
// Handlers.

Result<Response> ListServices(service::Open311Service& svc, Format format) {
  WG_ASSIGN(auto services, svc.Services());
  json::array items;
  for (const auto& s : services) items.push_back(ServiceJson(s));
  return Render(format, 200, "services", items);
}

Result<Response> ListRequests(service::Open311Service& svc, const Request& req,
                              Format format) {
  service::Open311Query q;
  q.limit = kMaxRequests;
  q.ids = CommaList(req.Query("service_request_id").value_or(""));
  if (q.ids.empty()) {
    const auto codes = CommaList(req.Query("service_code").value_or(""));
    if (!codes.empty()) {
      WG_ASSIGN(q.category_ids, svc.CategoryIds(codes));
    }
    q.statuses = CommaList(req.Query("status").value_or(""));
    for (const auto& s : q.statuses)
      if (s != "open" && s != "closed")
        return Invalid("open311.status", "status must be open or closed",
                       "status");
    auto when = [&](const char* name) -> Result<std::optional<Millis>> {
      const auto text = req.Query(name);
      if (!text || text->empty()) return std::nullopt;
      auto at = ParseW3c(*text);
      if (!at)
        return Invalid("open311.date",
                       std::string(name) +
                           " must be a W3C date-time such as "
                           "2026-11-05T08:15:30+08:00",
                       name);
      return at;
    };
    WG_ASSIGN(auto start, when("start_date"));
    WG_ASSIGN(auto end, when("end_date"));
    // The spec's window: 90 days ending now, or at end_date, or starting
    // at start_date.
    if (start && !end) end = *start + kWindow;
    if (!end) end = svc.clock().Now();
    if (!start) start = *end - kWindow;
    if (*start > *end)
      return Invalid("open311.date", "start_date is after end_date",
                     "start_date");
    if (*end - *start > kWindow)
      return Invalid("open311.date",
                     "start_date and end_date may not span more than 90 days",
                     "end_date");
    q.start = start;
    q.end = end;
  }
  WG_ASSIGN(auto list, svc.Find(q));
  return Render(format, 200, "service_requests", RequestList(list));
}

Result<Response> PostRequest(ApiContext& ctx, service::Open311Service& svc,
                             const Request& req, Format format) {
  WG_ASSIGN(auto f, PostFields(req));
  WG_ASSIGN(auto key, svc.Authenticate(Field(f, "api_key")));
  const std::string code = Field(f, "service_code");
  if (code.empty())
    return Invalid("open311.missing", "service_code is required",
                   "service_code");
  auto type = svc.Service(code);
  if (!type)
    return Invalid("open311.service_code",
                   "service_code " + code + " is not a service",
                   "service_code");
  service::NewCase in;
  in.category_id = type->category_id;
  in.level = type->levels.front();
  if (auto level = Field(f, "attribute[level]"); !level.empty()) {
    if (std::ranges::find(type->levels, level) == type->levels.end())
      return Invalid("open311.attribute",
                     "attribute[level] must be one of the service's values",
                     "attribute[level]");
    in.level = level;
  }
  WG_ASSIGN(in.lat, Coordinate(f, "lat", 90));
  WG_ASSIGN(in.lon, Coordinate(f, "long", 180));
  if (!in.lat || !in.lon)
    return Invalid("open311.location",
                   "lat and long are required: requests are placed by their "
                   "coordinates",
                   "lat");
  in.address_text = Field(f, "address_string");
  in.description = Field(f, "description");
  const std::string media = Field(f, "media_url");
  if (!media.empty()) {
    if (media.size() > kMaxUrlBytes ||
        !(media.starts_with("http://") || media.starts_with("https://")) ||
        media.find_first_of(" \t\r\n") != std::string::npos)
      return Invalid("open311.media_url", "media_url must be an http(s) URL",
                     "media_url");
    if (!in.description.empty()) in.description += '\n';
    in.description += std::string(service::kOpen311PhotoPrefix) + media;
  }
  const std::string first = Field(f, "first_name"),
                    last = Field(f, "last_name");
  in.reporter_name =
      first.empty() || last.empty() ? first + last : first + " " + last;
  if (in.reporter_name.size() > 100)
    return Invalid("open311.name", "first_name and last_name are too long",
                   "first_name");
  in.reporter_phone = Field(f, "phone");
  WG_ASSIGN(auto row, ctx.cases.ReportOpen311(std::move(in), key.name));
  json::array body;
  body.push_back(json::object{{"service_request_id", row.number},
                              {"token", row.tracking},
                              {"service_notice", ""},
                              {"account_id", nullptr}});
  return Render(format, 201, "service_requests", body);
}

// The endpoint's address as the client reached it, for discovery.
std::string BaseUrl(const ApiContext& ctx, const Request& req) {
  const std::string host = req.Header("Host");
  const bool plain = !host.empty() && host.size() < 256 &&
                     host.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"
                         "XYZ0123456789.-:[]") == std::string::npos;
  if (!plain) return "/open311/v2";
  return std::string(ctx.secure_cookie ? "https://" : "http://") + host +
         "/open311/v2";
}

}  // namespace

Router BuildOpen311Router(ApiContext& ctx) {
  // Built per router: it holds no state beyond references into ctx.
  auto svc = std::make_shared<service::Open311Service>(
      ctx.db, ctx.clock, ctx.audit, ctx.cases.catalog(),
      ctx.cases.tracking_codec());
  Router r;

  r.Add("GET", "/open311/{file}", [&ctx](Request& req) {
    return WithFormat(
        req, [&](const std::string& base, Format format) -> Result<Response> {
          if (base != "discovery")
            return NotFound("open311.not_found", "no such Open311 resource");
          json::array formats{"text/xml", "application/json"};
          json::array endpoints;
          endpoints.push_back(json::object{{"specification", kSpecUrl},
                                           {"url", BaseUrl(ctx, req)},
                                           {"changeset", kDiscoveryChangeset},
                                           {"type", "production"},
                                           {"formats", std::move(formats)}});
          return Render(format, 200, "discovery",
                        json::object{{"changeset", kDiscoveryChangeset},
                                     {"contact", ""},
                                     {"key_service", ""},
                                     {"endpoints", std::move(endpoints)}});
        });
  });

  r.Add("GET", "/open311/v2/{file}", [svc](Request& req) {
    return WithFormat(
        req, [&](const std::string& base, Format format) -> Result<Response> {
          if (base == "services") return ListServices(*svc, format);
          if (base == "requests") return ListRequests(*svc, req, format);
          return NotFound("open311.not_found", "no such Open311 resource");
        });
  });

  r.Add("POST", "/open311/v2/{file}", [&ctx, svc](Request& req) {
    return WithFormat(
        req, [&](const std::string& base, Format format) -> Result<Response> {
          if (base != "requests")
            return NotFound("open311.not_found", "no such Open311 resource");
          return PostRequest(ctx, *svc, req, format);
        });
  });

  r.Add("GET", "/open311/v2/services/{file}", [svc](Request& req) {
    return WithFormat(
        req, [&](const std::string& code, Format format) -> Result<Response> {
          WG_ASSIGN(auto type, svc->Service(code));
          return Render(format, 200, "service_definition",
                        DefinitionJson(type));
        });
  });

  r.Add("GET", "/open311/v2/requests/{file}", [svc](Request& req) {
    return WithFormat(
        req, [&](const std::string& id, Format format) -> Result<Response> {
          WG_ASSIGN(auto found, svc->Get(id));
          return Render(format, 200, "service_requests", RequestList({found}));
        });
  });

  r.Add("GET", "/open311/v2/tokens/{file}", [svc](Request& req) {
    return WithFormat(
        req, [&](const std::string& token, Format format) -> Result<Response> {
          WG_ASSIGN(auto id, svc->IdForToken(token));
          json::array body;
          body.push_back(
              json::object{{"service_request_id", id}, {"token", token}});
          return Render(format, 200, "service_requests", body);
        });
  });

  return r;
}

Response DispatchOpen311(const Router& router, Request& req) {
  Response r = router.Dispatch(req);
  // The router's own 404 and 405 carry the API's error shape; Open311
  // clients expect the spec's. Handlers' responses pass unchanged.
  if ((r.status == 404 || r.status == 405) &&
      r.content_type.starts_with("application/json") &&
      r.body.find("\"route.") != std::string::npos) {
    Response spec = SpecError(Format::kJson, r.status,
                              r.status == 404 ? "no such Open311 resource"
                                              : "method not allowed here");
    for (auto& h : r.headers)
      if (h.first == "Allow") spec.headers.push_back(h);
    return spec;
  }
  return r;
}

}  // namespace wangge::http
