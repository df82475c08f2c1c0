#include "http/open311.h"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <sstream>

#include "http/error_mapping.h"
#include "service/open311_service.h"

namespace wangge::http {

namespace json = boost::json;

namespace {

enum class Format { kJson, kXml };

constexpr Millis kDay = 86400000;
// The spec's default and largest window of GET requests.
constexpr Millis kWindow = 90 * kDay;
constexpr int64_t kMaxRequests = 1000;
constexpr size_t kMaxFieldBytes = 4000;
constexpr size_t kMaxUrlBytes = 1000;
constexpr std::string_view kSpecUrl = "http://wiki.open311.org/GeoReport_v2";
constexpr std::string_view kDiscoveryChangeset = "2026-11-25T00:00:00Z";

// ---------------------------------------------------------------------------
// Rendering: every response is built once as JSON and, for .xml, written as
// the spec's elements. Arrays are lists of items whose element name depends
// on the list (<services><service>, <service_requests><request>, ...).

std::string_view ItemName(std::string_view list) {
  if (list == "services") return "service";
  if (list == "service_requests") return "request";
  if (list == "attributes") return "attribute";
  if (list == "values") return "value";
  if (list == "errors") return "error";
  if (list == "endpoints") return "endpoint";
  if (list == "formats") return "format";
  return "item";
}

// The shortest text that reads back as `d` ("31.9", not "3.19E1").
std::string Shortest(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

// XML 1.0 cannot carry most control characters, even escaped.
std::string XmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (u >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') out += ch;
  }
  return out;
}

void AppendXml(pugi::xml_node parent, std::string_view name,
               const json::value& v) {
  pugi::xml_node node = parent.append_child(std::string(name).c_str());
  switch (v.kind()) {
    case json::kind::object:
      for (const auto& [key, child] : v.get_object())
        AppendXml(node, std::string_view(key), child);
      break;
    case json::kind::array:
      for (const auto& item : v.get_array())
        AppendXml(node, ItemName(name), item);
      break;
    case json::kind::string:
      node.text().set(XmlText(v.get_string()).c_str());
      break;
    case json::kind::bool_:
      node.text().set(v.get_bool() ? "true" : "false");
      break;
    case json::kind::int64:
      node.text().set(std::to_string(v.get_int64()).c_str());
      break;
    case json::kind::uint64:
      node.text().set(std::to_string(v.get_uint64()).c_str());
      break;
    case json::kind::double_:
      node.text().set(Shortest(v.get_double()).c_str());
      break;
    case json::kind::null:
      break;  // an empty element
  }
}

Response Render(Format format, int status, std::string_view root,
                const json::value& body) {
  if (format == Format::kJson) return Json(status, body);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  AppendXml(doc, root, body);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  Response r;
  r.status = status;
  r.body = out.str();
  r.content_type = "text/xml; charset=utf-8";
  return r;
}

// [{"code":400,"description":"..."}] / <errors><error>...</error></errors>
Response SpecError(Format format, int status, std::string_view description) {
  json::array errors;
  errors.push_back(
      json::object{{"code", status}, {"description", description}});
  return Render(format, status, "errors", errors);
}

// The Open311 name of a case engine's input field.
std::string_view SpecField(std::string_view field) {
  if (field == "lon" || field == "grid_id") return "long";
  if (field == "contact_phone") return "phone";
  if (field == "category_id") return "service_code";
  if (field == "address") return "address_string";
  if (field == "level") return "attribute[level]";
  if (field == "attachments") return "media_url";
  if (field == "title") return "description";
  return field;
}

Response SpecFail(Format format, const wangge::Error& error) {
  const int status = HttpStatus(error.code);
  if (status == 500 || status == 503) {
    spdlog::error("open311 request failed: {} ({})", error.message, error.key);
    return SpecError(format, status,
                     status == 500 ? "internal error" : "service unavailable");
  }
  std::string description = error.message;
  if (error.key == "case.location" &&
      error.message.find("no grid") != std::string::npos)
    description = "the location (lat, long) lies outside the area served";
  if (!error.field.empty())
    description += " (" + std::string(SpecField(error.field)) + ")";
  return SpecError(format, status, description);
}

// "requests.xml" -> ("requests", kXml). The format is not known when this
// fails, so its error is JSON.
Result<std::pair<std::string, Format>> SplitFormat(const std::string& file) {
  const size_t dot = file.rfind('.');
  if (dot != std::string::npos && dot > 0) {
    const std::string ext = file.substr(dot + 1);
    if (ext == "json") return std::pair{file.substr(0, dot), Format::kJson};
    if (ext == "xml") return std::pair{file.substr(0, dot), Format::kXml};
  }
  return Invalid("open311.format",
                 "add the response format to the path: .json or .xml");
}

// Runs `body(base, format)` for the {file} path parameter; errors become
// spec errors in the requested format.
template <class F>
Response WithFormat(Request& req, F&& body) {
  auto split = SplitFormat(req.path_params.at("file"));
  if (!split) return SpecError(Format::kJson, 400, split.error().message);
  const auto& [base, format] = *split;
  Result<Response> r = body(base, format);
  if (!r) return SpecFail(format, r.error());
  return std::move(*r);
}

// ---------------------------------------------------------------------------
// Input.

bool ValidText(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
        (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> FormDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
      const int lo = hi >= 0 ? HexDigit(s[i + 2]) : -1;
      if (lo < 0)
        return Invalid("open311.form", "the form body has a bad % escape");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

using Fields = std::map<std::string, std::string>;

// application/x-www-form-urlencoded; the first value of a repeated name
// counts, as with query parameters.
Result<Fields> ParseForm(std::string_view body) {
  Fields out;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? "" : body.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    WG_ASSIGN(auto name, FormDecode(pair.substr(0, eq)));
    WG_ASSIGN(auto value,
              FormDecode(eq == std::string_view::npos ? std::string_view()
                                                      : pair.substr(eq + 1)));
    out.emplace(std::move(name), std::move(value));
  }
  return out;
}

std::string JsonScalar(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_double()) return Shortest(v.get_double());
  if (v.is_null()) return "";
  return json::serialize(v);
}

// A JSON object body with the form's names; "attribute" may be an object
// ({"level": "simple"}) or use the form's "attribute[level]" names.
Result<Fields> ParseJsonFields(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object())
    return Invalid("open311.json", "the body must be a JSON object");
  Fields out;
  for (const auto& [key, value] : v.get_object()) {
    if (key == "attribute" && value.is_object()) {
      for (const auto& [k, a] : value.get_object())
        out.emplace("attribute[" + std::string(k) + "]", JsonScalar(a));
    } else if (!value.is_object() && !value.is_array()) {
      out.emplace(std::string(key), JsonScalar(value));
    } else {
      return Invalid("open311.json",
                     std::string(key) + " must be a string or a number");
    }
  }
  return out;
}

// The POST fields: the body (form or JSON), then the query string for any
// name the body lacks (api_key is often sent there).
Result<Fields> PostFields(const Request& req) {
  Fields fields;
  if (!req.body.empty()) {
    const std::string type = req.Header("Content-Type");
    if (type.starts_with("application/json")) {
      WG_ASSIGN(fields, ParseJsonFields(req.body));
    } else {
      WG_ASSIGN(fields, ParseForm(req.body));
    }
  }
  for (const auto& [k, v] : req.query) fields.emplace(k, v);
  for (const auto& [k, v] : fields) {
    if (!ValidText(k) || !ValidText(v))
      return Invalid("open311.encoding",
                     "fields must be UTF-8 text without control characters", k);
    if (v.size() > kMaxFieldBytes)
      return Invalid("open311.too_long", k + " is too long", k);
  }
  return fields;
}

std::string Field(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? "" : it->second;
}

Result<std::optional<double>> Coordinate(const Fields& f,
                                         const std::string& name,
                                         double limit) {
  const std::string text = Field(f, name);
  if (text.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(v) || std::abs(v) > limit)
    return Invalid("open311.location", name + " is not a valid coordinate",
                   name);
  return v;
}

// Comma-separated values, empty ones dropped.
std::vector<std::string> CommaList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

bool Digits(std::string_view s, size_t n, int* out) {
  if (s.size() < n) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// The W3C profile of ISO 8601 the spec uses: YYYY-MM-DD, optionally with
// Thh:mm[:ss[.fraction]] and a zone (Z or ±hh:mm). A date alone is the
// start of that UTC day. nullopt when malformed.
std::optional<Millis> ParseW3c(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  int64_t days = 0;
  if (!ParseDate(std::string(text.substr(0, 10)), &days)) return std::nullopt;
  Millis at = days * kDay;
  std::string_view rest = text.substr(10);
  if (rest.empty()) return at;
  if (rest.front() != 'T' && rest.front() != 't') return std::nullopt;
  rest.remove_prefix(1);
  int h = 0, m = 0, s = 0;
  if (!Digits(rest, 2, &h) || rest.size() < 5 || rest[2] != ':' ||
      !Digits(rest.substr(3), 2, &m) || h > 23 || m > 59)
    return std::nullopt;
  rest.remove_prefix(5);
  if (!rest.empty() && rest.front() == ':') {
    if (!Digits(rest.substr(1), 2, &s) || s > 60) return std::nullopt;
    rest.remove_prefix(3);
    if (!rest.empty() && rest.front() == '.') {
      rest.remove_prefix(1);
      size_t n = 0;
      while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
      if (n == 0) return std::nullopt;
      rest.remove_prefix(n);  // below a second does not matter here
    }
  }
  at += (h * 3600LL + m * 60LL + s) * 1000;
  if (rest == "Z" || rest == "z") return at;
  int oh = 0, om = 0;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') ||
      !Digits(rest.substr(1), 2, &oh) || rest[3] != ':' ||
      !Digits(rest.substr(4), 2, &om) || oh > 23 || om > 59)
    return std::nullopt;
  const Millis offset = (oh * 3600LL + om * 60LL) * 1000;
  return rest[0] == '+' ? at - offset : at + offset;
}

// ---------------------------------------------------------------------------
// Output.

std::string_view LevelName(std::string_view level) {
  if (level == "simple") return "简易 (simple)";
  if (level == "ordinary") return "一般 (ordinary)";
  if (level == "prominent") return "突出 (prominent)";
  if (level == "major") return "重大 (major)";
  return level;
}

json::object ServiceJson(const service::Open311ServiceType& s) {
  return {{"service_code", s.code},
          {"service_name", s.name},
          {"description", s.description},
          {"metadata", true},
          {"type", "realtime"},
          {"keywords", s.name_en},
          {"group", s.group}};
}

json::object DefinitionJson(const service::Open311ServiceType& s) {
  json::array values;
  for (const auto& level : s.levels)
    values.push_back(json::object{{"key", level}, {"name", LevelName(level)}});
  json::array attributes;
  attributes.push_back(json::object{
      {"variable", true},
      {"code", "level"},
      {"datatype", "singlevaluelist"},
      {"required", false},
      {"datatype_description",
       "处置等级 (case level); " + s.levels.front() + " when not given"},
      {"order", 1},
      {"description", "处置等级 (level)"},
      {"values", std::move(values)}});
  return {{"service_code", s.code}, {"attributes", std::move(attributes)}};
}

json::value OrNull(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}

json::object RequestJson(const service::Open311Request& r) {
  return {
      {"service_request_id", r.service_request_id},
      {"status", r.status},
      {"status_notes", r.status_notes},
      {"service_name", r.service_name},
      {"service_code", r.service_code},
      {"description", r.description},
      {"agency_responsible", r.agency_responsible},
      {"service_notice", ""},
      {"requested_datetime", FormatUtc(r.requested_at)},
      {"updated_datetime", FormatUtc(r.updated_at)},
      {"expected_datetime", r.expected_at
                                ? json::value(FormatUtc(*r.expected_at))
                                : json::value(nullptr)},
      {"address", r.address},
      {"address_id", nullptr},
      {"zipcode", nullptr},
      {"lat", r.lat ? json::value(*r.lat) : json::value(nullptr)},
      {"long", r.lon ? json::value(*r.lon) : json::value(nullptr)},
      {"media_url", OrNull(r.media_url)},
  };
}

json::array RequestList(const std::vector<service::Open311Request>& list) {
  json::array out;
  for (const auto& r : list) out.push_back(RequestJson(r));
  return out;
}

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
      ctx.db, ctx.clock, ctx.audit, ctx.cases.catalog());
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
