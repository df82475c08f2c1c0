// Open311 responses: every response is built once as JSON and, for .xml,
// written as the spec's elements. Errors take the spec's shape
// ([{"code","description"}]) in the format the path asked for.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/error.h"
#include "http/request.h"
#include "http/response.h"

namespace wangge::http::open311 {

// The response format, named by the path's extension.
enum class Format { kJson, kXml };

// `body` as JSON, or as XML under the element `root`. Arrays are lists of
// items whose element name depends on the list (<services><service>,
// <service_requests><request>, ...); null becomes an empty element.
Response Render(Format format, int status, std::string_view root,
                const boost::json::value& body);

// [{"code":400,"description":"..."}] / <errors><error>...</error></errors>
Response SpecError(Format format, int status, std::string_view description);

// `error` as a spec error. Internal and unavailable errors are logged and
// answered without detail; a field the error names is given by its Open311
// name ("long", not "lon").
Response SpecFail(Format format, const wangge::Error& error);

// "requests.xml" -> ("requests", kXml). The format is not known when this
// fails, so its error is JSON.
Result<std::pair<std::string, Format>> SplitFormat(const std::string& file);

// The shortest text that reads back as `d` ("31.9", not "3.19E1").
std::string Shortest(double d);

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

}  // namespace wangge::http::open311
