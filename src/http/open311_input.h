// Open311 input: the POST body (form-encoded or JSON) as named fields, and
// the query values the spec defines (comma lists, W3C dates, coordinates).
// Every problem is an Invalid error naming the spec's field.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "http/request.h"

namespace wangge::http::open311 {

// Field name -> value; a name appears once.
using Fields = std::map<std::string, std::string>;

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or values
// past U+10FFFF) without control characters other than tab, CR and LF.
bool ValidText(std::string_view s);

// Decodes one form-encoded name or value: "+" is a space, "%XX" a byte.
Result<std::string> FormDecode(std::string_view s);

// application/x-www-form-urlencoded; the first value of a repeated name
// counts, as with query parameters.
Result<Fields> ParseForm(std::string_view body);

// A JSON object body with the form's names; "attribute" may be an object
// ({"level": "simple"}) or use the form's "attribute[level]" names.
Result<Fields> ParseJsonFields(std::string_view body);

// The POST fields: the body (form or JSON), then the query string for any
// name the body lacks (api_key is often sent there). Every name and value
// must be valid text, and no value longer than 4000 bytes.
Result<Fields> PostFields(const Request& req);

// The value of `name`, or "" when absent.
std::string Field(const Fields& f, const std::string& name);

// The coordinate `name` ("lat", "long"): nullopt when absent or empty, an
// error unless a finite number within ±`limit`.
Result<std::optional<double>> Coordinate(const Fields& f,
                                         const std::string& name, double limit);

// Comma-separated values, empty ones dropped.
std::vector<std::string> CommaList(std::string_view text);

// The W3C profile of ISO 8601 the spec uses: YYYY-MM-DD, optionally with
// Thh:mm[:ss[.fraction]] and a zone (Z or ±hh:mm). A date alone is the
// start of that UTC day. nullopt when malformed.
std::optional<Millis> ParseW3c(std::string_view text);

}  // namespace wangge::http::open311
