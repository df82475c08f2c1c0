#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>
#include <vector>

#include "http/error_mapping.h"

namespace wangge::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Reads a whole regular file, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return data;
}

// True when `file` resolves, after following symlinks, to a place inside
// `root`. Guards against links planted in the served tree.
bool IsInside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return false;
  fs::path real_file = fs::canonical(file, ec);
  if (ec) return false;
  auto [root_end, unused] = std::mismatch(real_root.begin(), real_root.end(),
                                          real_file.begin(), real_file.end());
  return root_end == real_root.end();
}

std::optional<Response> FileResponse(const fs::path& file,
                                     std::string_view cache_control) {
  std::optional<std::string> data = ReadFile(file);
  if (!data) return std::nullopt;
  Response response;
  response.status = 200;
  response.content_type = ContentTypeFor(file);
  response.body = std::move(*data);
  response.headers.emplace_back("Cache-Control", std::string(cache_control));
  return response;
}

}  // namespace

std::string ContentTypeFor(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [known, type] : kTypes) {
    if (ext == known) return std::string(type);
  }
  return "application/octet-stream";
}

std::optional<Response> ServeStatic(const fs::path& root, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::string_view path = req.path;
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (path == "/api" || StartsWith(path, "/api/")) return std::nullopt;
  std::error_code ec;
  const fs::path index = root / "index.html";
  if (!fs::is_regular_file(index, ec)) return std::nullopt;

  // Check every segment before touching the file system: the decoded path
  // is attacker-controlled and "%2e%2e" has already become "..".
  std::vector<std::string_view> segments;
  for (std::string_view rest = path.substr(1); !rest.empty();) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view()
                                           : rest.substr(slash + 1);
    if (segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("\\\0", 2)) !=
            std::string_view::npos) {
      return JsonError(400, "request.bad_path", "path is not allowed");
    }
    if (!segment.empty()) segments.push_back(segment);
  }
  if (segments.empty()) return FileResponse(index, kNoCache);
  // Dotfiles (.env, .git) are never part of a build's output.
  for (std::string_view segment : segments) {
    if (segment.front() == '.') return std::nullopt;
  }

  fs::path file = root;
  for (std::string_view segment : segments) file /= fs::path(segment);
  if (fs::is_regular_file(file, ec)) {
    if (!IsInside(root, file)) return std::nullopt;
    return FileResponse(file,
                        StartsWith(path, "/assets/") ? kImmutable : kNoCache);
  }
  if (segments.back().find('.') != std::string_view::npos) return std::nullopt;
  return FileResponse(index, kNoCache);
}

}  // namespace wangge::http
