#include "service/attachment_service.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <cerrno>
#include <cstring>
#include <set>

#include "core/tracking_code.h"
#include "service/image_sniff.h"
#include "service/permissions.h"
#include "store/settings_store.h"

namespace wangge::service {

namespace {
namespace fs = std::filesystem;

// What attachment_max_bytes defaults to when the setting is missing.
constexpr int64_t kDefaultMaxBytes = 10 * 1024 * 1024;

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest,
                     reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::unexpected<Error> StorageError(const std::string& what, int err) {
  return Fail(ErrorCode::kUnavailable, "attachment.storage",
              what + ": " + std::strerror(err));
}

// Makes a directory entry (a rename, a new subdirectory) durable.
Status SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return StorageError("cannot open " + dir.string(), errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return StorageError("cannot sync " + dir.string(), err);
  return {};
}

// Creates `dir` and any missing parents, syncing the parent of each new
// directory so the path survives a crash along with the file in it.
Status MakeDirectories(const fs::path& dir) {
  std::error_code ec;
  if (dir.empty() || fs::is_directory(dir, ec)) return {};
  const fs::path parent =
      dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  WG_TRY(MakeDirectories(dir.parent_path()));
  // false without an error: another upload created it meanwhile.
  if (!fs::create_directory(dir, ec) && ec)
    return StorageError("cannot create " + dir.string(), ec.value());
  return SyncDirectory(parent);
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return StorageError("cannot write attachment", errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// Writes `bytes` under `final` atomically: a temporary file in the same
// folder (same file system, so the rename is atomic), fsync'd, renamed,
// then the folder fsync'd so the new name is durable too.
Status WriteDurably(const fs::path& final, std::string_view bytes) {
  const fs::path dir = final.parent_path();
  WG_TRY(MakeDirectories(dir));
  std::error_code ec;
  // Same name means same SHA-256, so an existing complete file already
  // holds these bytes. A size mismatch can only be damage: rewrite it.
  if (fs::is_regular_file(final, ec) &&
      fs::file_size(final, ec) == bytes.size() && !ec)
    return {};
  std::string temp = final.string() + ".tmp-XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0)
    return StorageError("cannot create a file in " + dir.string(), errno);
  auto fail = [&](Error e) -> Status {
    ::unlink(temp.c_str());
    return std::unexpected(std::move(e));
  };
  if (auto w = WriteAll(fd, bytes); !w) {
    ::close(fd);
    return fail(w.error());
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return fail(StorageError("cannot sync attachment", err).error());
  }
  if (::close(fd) != 0)
    return fail(StorageError("cannot close attachment", errno).error());
  if (::rename(temp.c_str(), final.c_str()) != 0)
    return fail(StorageError("cannot rename attachment", errno).error());
  return SyncDirectory(dir);
}

AttachmentInfo InfoOf(const store::Attachment& a) {
  return AttachmentInfo{a.id, a.sha256, a.mime, a.size};
}

// True when `actor` may see `a`: they uploaded it, they see all areas, or
// it is linked to a case in a grid of their scope.
Result<bool> MayView(store::Connection& c, const Actor& actor,
                     const store::Attachment& a) {
  if (actor.all_areas) return true;
  if (actor.user_id && a.uploaded_by == actor.user_id) return true;
  WG_ASSIGN(auto grids, store::AttachmentStore::LinkedGridIds(c, a.id));
  for (int64_t grid_id : grids) {
    auto in_scope = RequireGridInScope(c, actor, grid_id);
    if (in_scope) return true;
    if (in_scope.error().code != ErrorCode::kPermissionDenied)
      return std::unexpected(in_scope.error());
  }
  return false;
}

std::string IdText(int64_t id) { return std::to_string(id); }
}  // namespace

AttachmentService::AttachmentService(store::Database& db, const Clock& clock,
                                     const AuditService& audit,
                                     std::filesystem::path data_dir)
    : db_(db), clock_(clock), audit_(audit), data_dir_(std::move(data_dir)) {}

bool AttachmentService::WorksOnCases(const Actor& actor) {
  switch (actor.role) {
    case Role::kGridStaff:
    case Role::kPatrolMember:
    case Role::kCommunityLeader:
    case Role::kStreetLeader:
      return true;
    case Role::kSystemAdmin:
      // The local operator (loads demo data and repairs cases by hand).
      return !actor.user_id && actor.all_areas;
    case Role::kSecurityAdmin:
    case Role::kAuditor:
      return false;
  }
  return false;
}

fs::path AttachmentService::PathOf(std::string_view sha256) const {
  // Two levels of 256 folders keep each folder small at city scale.
  return data_dir_ / "attachments" / std::string(sha256.substr(0, 2)) /
         std::string(sha256.substr(2, 2)) / std::string(sha256);
}

Result<AttachmentInfo> AttachmentService::Store(const Actor& actor,
                                                std::string_view origin,
                                                std::string_view bytes) {
  if (bytes.empty())
    return Invalid("attachment.empty", "the file is empty", "file");
  WG_ASSIGN(int64_t max_bytes, db_.Read([](store::Connection& c) {
    return store::SettingsStore::GetInt(c, "attachment_max_bytes",
                                        kDefaultMaxBytes);
  }));
  if (static_cast<int64_t>(bytes.size()) > max_bytes)
    return Fail(
        ErrorCode::kTooLarge, "attachment.too_large",
        "the file is larger than " + std::to_string(max_bytes) + " bytes",
        "file");
  const auto mime = SniffImageMime(bytes);
  if (!mime)
    return Invalid("attachment.type", "only JPEG, PNG and WebP photos", "file");
  store::Attachment a;
  a.sha256 = Sha256Hex(bytes);
  a.mime = std::string(*mime);
  a.size = static_cast<int64_t>(bytes.size());
  a.uploaded_at = clock_.Now();
  a.uploaded_by = actor.user_id;
  a.uploader_origin = std::string(origin);
  // The file goes first: a crash between the two leaves at worst an
  // unreferenced file, never a row whose file is missing.
  WG_TRY(WriteDurably(PathOf(a.sha256), bytes));
  return db_.Write([&](store::Connection& c) -> Result<AttachmentInfo> {
    WG_ASSIGN(a.id, store::AttachmentStore::Insert(c, a));
    boost::json::object detail{
        {"sha256", a.sha256}, {"mime", a.mime}, {"size", a.size}};
    if (!origin.empty()) detail["origin"] = a.uploader_origin;
    WG_TRY(audit_.Record(c, actor, "attachment.upload",
                         {"attachment", IdText(a.id)}, detail));
    return InfoOf(a);
  });
}

Result<AttachmentInfo> AttachmentService::Upload(const Actor& actor,
                                                 std::string_view bytes) {
  auto r = [&]() -> Result<AttachmentInfo> {
    if (!WorksOnCases(actor))
      return Denied(std::string("role ") + RoleName(actor.role) +
                    " may not upload attachments");
    return Store(actor, "", bytes);
  }();
  if (!r)
    audit_.RecordRefusal(actor, "attachment.upload", {"attachment", ""},
                         r.error());
  return r;
}

Result<AttachmentInfo> AttachmentService::UploadPublic(
    std::string_view origin_digest, std::string_view bytes) {
  if (origin_digest.empty())
    return Internal("public upload without an origin digest");
  // A cap per client address and hour, so that the open form cannot fill
  // the disk (setting public_uploads_per_hour).
  WG_ASSIGN(
      int64_t recent, db_.Read([&](store::Connection& c) -> Result<int64_t> {
        WG_ASSIGN(int64_t limit, store::SettingsStore::GetInt(
                                     c, "public_uploads_per_hour", 30));
        WG_ASSIGN(
            int64_t n,
            c.QueryInt("SELECT COUNT(*) FROM attachments WHERE "
                       "uploader_origin = ? AND uploaded_at >= ?",
                       {std::string(origin_digest), clock_.Now() - 3600000}));
        return n >= limit ? -1 : n;
      }));
  if (recent < 0)
    return Fail(ErrorCode::kRateLimited, "attachment.rate_limited",
                "too many uploads from this address; try again later", "file");
  Actor anonymous;
  anonymous.username = "public";
  // Refusals of anonymous uploads are not audited: anyone could fill the
  // append-only log with junk. Successful uploads are (in Store).
  return Store(anonymous, origin_digest, bytes);
}

Result<AttachmentFile> AttachmentService::FileOf(
    const store::Attachment& a) const {
  AttachmentFile f{a.mime, a.size, PathOf(a.sha256), a.sha256};
  std::error_code ec;
  const auto size = fs::file_size(f.path, ec);
  if (ec || static_cast<int64_t>(size) != a.size)
    return Internal("attachment " + IdText(a.id) +
                    " is missing or damaged at " + f.path.string());
  return f;
}

Result<AttachmentFile> AttachmentService::Open(const Actor& actor, int64_t id) {
  auto r = [&]() -> Result<AttachmentFile> {
    if (!WorksOnCases(actor))
      return Denied(std::string("role ") + RoleName(actor.role) +
                    " may not see case attachments");
    return db_.Read([&](store::Connection& c) -> Result<AttachmentFile> {
      WG_ASSIGN(store::Attachment a, store::AttachmentStore::Get(c, id));
      WG_ASSIGN(bool allowed, MayView(c, actor, a));
      if (!allowed)
        return Denied("attachment " + IdText(id) + " is outside your scope");
      return FileOf(a);
    });
  }();
  if (!r && r.error().code == ErrorCode::kPermissionDenied)
    audit_.RecordRefusal(actor, "attachment.read", {"attachment", IdText(id)},
                         r.error());
  return r;
}

Result<AttachmentFile> AttachmentService::OpenPublic(std::string_view tracking,
                                                     int64_t id) {
  return db_.Read([&](store::Connection& c) -> Result<AttachmentFile> {
    WG_ASSIGN(bool shown, store::AttachmentStore::IsPublicOnCase(
                              c, id, TrackingCodec::Canonical(tracking)));
    if (!shown) return NotFound("attachment.not_found", "attachment not found");
    WG_ASSIGN(store::Attachment a, store::AttachmentStore::Get(c, id));
    return FileOf(a);
  });
}

Result<std::vector<AttachmentInfo>> AttachmentService::Lookup(
    store::Connection& c, std::span<const int64_t> ids) {
  std::set<int64_t> seen;
  for (int64_t id : ids)
    if (!seen.insert(id).second)
      return Invalid("attachment.duplicate",
                     "attachment " + IdText(id) + " is given twice",
                     "attachments");
  WG_ASSIGN(auto rows, store::AttachmentStore::GetMany(c, ids));
  std::vector<AttachmentInfo> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    auto it = std::find_if(rows.begin(), rows.end(),
                           [id](const auto& a) { return a.id == id; });
    if (it == rows.end())
      return Invalid("attachment.unknown", "no attachment " + IdText(id),
                     "attachments");
    out.push_back(InfoOf(*it));
  }
  return out;
}

Result<std::vector<AttachmentInfo>> AttachmentService::LookupForActor(
    store::Connection& c, const Actor& actor, std::span<const int64_t> ids) {
  WG_ASSIGN(auto found, Lookup(c, ids));
  for (const auto& info : found) {
    WG_ASSIGN(store::Attachment a, store::AttachmentStore::Get(c, info.id));
    WG_ASSIGN(bool allowed, MayView(c, actor, a));
    if (!allowed || !WorksOnCases(actor))
      return Fail(ErrorCode::kPermissionDenied, "auth.forbidden",
                  "attachment " + IdText(info.id) + " is not yours to use",
                  "attachments");
  }
  return found;
}

Result<std::vector<AttachmentInfo>> AttachmentService::LookupForOrigin(
    store::Connection& c, std::string_view origin_digest,
    std::span<const int64_t> ids) {
  WG_ASSIGN(auto found, Lookup(c, ids));
  for (const auto& info : found) {
    WG_ASSIGN(store::Attachment a, store::AttachmentStore::Get(c, info.id));
    WG_ASSIGN(bool linked, store::AttachmentStore::IsLinked(c, a.id));
    if (a.uploaded_by || origin_digest.empty() ||
        a.uploader_origin != origin_digest || linked)
      return Invalid("attachment.unknown", "no attachment " + IdText(a.id),
                     "attachments");
  }
  return found;
}

}  // namespace wangge::service
