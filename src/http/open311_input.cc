#include "http/open311_input.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>

#include "http/open311_render.h"

namespace wangge::http::open311 {

namespace json = boost::json;

namespace {

constexpr Millis kDay = 86400000;
constexpr size_t kMaxFieldBytes = 4000;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A JSON scalar as the text a form would carry (null is empty).
std::string JsonScalar(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_double()) return Shortest(v.get_double());
  if (v.is_null()) return "";
  return json::serialize(v);
}

// The first `n` characters of `s` as a decimal number, when all are digits.
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

}  // namespace

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

}  // namespace wangge::http::open311
