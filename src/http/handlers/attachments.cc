// Case photos: upload as the raw request body (the type is sniffed from
// the content, whatever Content-Type says) and download with access checks,
// for logged-in users and for residents following their public report.
#include <fstream>

#include "core/crypto.h"
#include "http/api_support.h"
#include "service/attachment_service.h"

namespace wangge::http {

namespace {
std::string AttachmentUrl(int64_t id) {
  return "/api/v1/attachments/" + std::to_string(id);
}

boost::json::object InfoJson(const service::AttachmentInfo& a) {
  return boost::json::object{
      {"id", a.id}, {"sha256", a.sha256}, {"mime", a.mime}, {"size", a.size}};
}

Result<std::string> ReadFile(const service::AttachmentFile& f) {
  std::ifstream in(f.path, std::ios::binary);
  std::string bytes(static_cast<size_t>(f.size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in || in.gcount() != static_cast<std::streamsize>(bytes.size()))
    return Internal("cannot read " + f.path.string());
  return bytes;
}

// The bytes with their sniffed type. Content-addressed files never change,
// so the SHA-256 is a strong ETag and the browser may keep its copy for a
// day (privately: these are not for shared caches).
Result<Response> Serve(const Request& req, const service::AttachmentFile& f) {
  const std::string etag = "\"" + f.sha256 + "\"";
  Response res;
  res.headers.emplace_back("Cache-Control", "private, max-age=86400");
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // Defence in depth should a browser open the file as a document.
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; sandbox");
  const std::string if_none_match = req.Header("If-None-Match");
  if (!if_none_match.empty() &&
      (if_none_match == "*" || if_none_match.find(etag) != std::string::npos)) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  WG_ASSIGN(res.body, ReadFile(f));
  res.content_type = f.mime;
  return res;
}
}  // namespace

void RegisterAttachmentRoutes(Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/attachments",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(auto info, ctx.attachments.Upload(actor, req.body));
            auto body = InfoJson(info);
            body["url"] = AttachmentUrl(info.id);
            Response res = Json(201, body);
            res.headers.emplace_back("Location", AttachmentUrl(info.id));
            return res;
          });
        }));

  r.Add("GET", "/api/v1/attachments/{id}",
        Authed(ctx, [&ctx](Request& req, const service::Actor& actor) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            WG_ASSIGN(auto file, ctx.attachments.Open(actor, id));
            return Serve(req, file);
          });
        }));

  // The resident self-report form has no account; the keyed origin lets
  // the case engine accept only this client's uploads on its report.
  r.Add("POST", "/api/v1/public/attachments", [&ctx](Request& req) {
    return Respond([&]() -> Result<Response> {
      WG_ASSIGN(auto info,
                ctx.attachments.UploadPublic(
                    ctx.cases.OriginDigest(req.remote_addr), req.body));
      return Json(201, InfoJson(info));
    });
  });

  r.Add("GET", "/api/v1/public/reports/{tracking}/attachments/{id}",
        [&ctx](Request& req) {
          return Respond([&]() -> Result<Response> {
            WG_ASSIGN(int64_t id, PathId(req));
            const std::string& tracking = req.path_params.at("tracking");
            WG_ASSIGN(auto file, ctx.attachments.OpenPublic(tracking, id));
            return Serve(req, file);
          });
        });
}

}  // namespace wangge::http
