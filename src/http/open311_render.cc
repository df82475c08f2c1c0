#include "http/open311_render.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <pugixml.hpp>
#include <sstream>

#include "http/error_mapping.h"

namespace wangge::http::open311 {

namespace json = boost::json;

namespace {

// The element name of an item in the list `list`.
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

}  // namespace

std::string Shortest(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : "0";
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

Response SpecError(Format format, int status, std::string_view description) {
  json::array errors;
  errors.push_back(
      json::object{{"code", status}, {"description", description}});
  return Render(format, status, "errors", errors);
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

}  // namespace wangge::http::open311
