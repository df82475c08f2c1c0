// Photos of cases (issue 4): upload, content-addressed storage in the data
// directory, and serving with access checks. Linking an attachment to a
// case and event is the case engine's job, done in its own transaction
// with the Lookup helpers below.
//
// Storage: DATA/attachments/ab/cd/<sha256 hex>, written to a temporary file
// in the same folder, fsync'd and renamed, so a crash never leaves a
// partial file under a final name. Identical content is stored once; every
// upload still gets its own `attachments` row, because the row records who
// uploaded it (which is what lets them see it before it is linked) and
// when.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/attachment_store.h"
#include "store/database.h"

namespace wangge::service {

struct AttachmentInfo {
  int64_t id = 0;
  std::string sha256;  // lowercase hex
  std::string mime;    // image/jpeg | image/png | image/webp
  int64_t size = 0;
};

// What the HTTP layer needs to serve an attachment.
struct AttachmentFile {
  std::string mime;
  int64_t size = 0;
  std::filesystem::path path;
  std::string sha256;
};

class AttachmentService {
 public:
  AttachmentService(store::Database& db, const Clock& clock,
                    const AuditService& audit, std::filesystem::path data_dir);

  // For logged-in users who work on cases (grid staff, patrol members,
  // community and street leaders) and the CLI operator; the administrator
  // roles and auditors get kPermissionDenied. Refuses an empty file
  // ("attachment.empty"), one over the `attachment_max_bytes` setting
  // (kTooLarge, "attachment.too_large") and content that is not JPEG, PNG
  // or WebP ("attachment.type"), all naming field "file", before anything
  // is written. Audited as "attachment.upload".
  Result<AttachmentInfo> Upload(const Actor& actor, std::string_view bytes);
  // The resident self-report form: no account. `origin_digest` is the
  // caller's hash of the client address, kept in uploader_origin. Same
  // checks as Upload.
  Result<AttachmentInfo> UploadPublic(std::string_view origin_digest,
                                      std::string_view bytes);

  // Allowed to case-working roles when the actor uploaded the attachment,
  // or it is linked to a case whose grid is in the actor's scope, or the
  // actor sees all areas (the CLI operator). kNotFound for an unknown id;
  // kPermissionDenied (audited as "attachment.read") otherwise.
  Result<AttachmentFile> Open(const Actor& actor, int64_t id);
  // The resident status page: only attachments linked as 'before' or
  // 'after' to the case with public tracking number `tracking`. Anything
  // else is kNotFound, so that the public cannot probe which ids exist.
  Result<AttachmentFile> OpenPublic(std::string_view tracking, int64_t id);

  // For the case engine, inside its transaction: the attachments `ids`, in
  // the order given, or kInvalidArgument naming field "attachments" when
  // one does not exist ("attachment.unknown") or repeats
  // ("attachment.duplicate"). Checks existence only.
  static Result<std::vector<AttachmentInfo>> Lookup(
      store::Connection& c, std::span<const int64_t> ids);
  // Lookup plus the check that `actor` may put these attachments on a case:
  // each was uploaded by the actor or is already visible to them (see
  // Open). Without it anyone could link any attachment id to a case of
  // their own and then read it through that case. kPermissionDenied
  // (field "attachments") otherwise.
  static Result<std::vector<AttachmentInfo>> LookupForActor(
      store::Connection& c, const Actor& actor, std::span<const int64_t> ids);
  // Lookup for a public report: each attachment must be a public upload
  // from the same origin that is not linked to any case yet, so that a
  // resident cannot attach (and then view through their tracking number)
  // someone else's photo. kInvalidArgument "attachment.unknown" otherwise.
  static Result<std::vector<AttachmentInfo>> LookupForOrigin(
      store::Connection& c, std::string_view origin_digest,
      std::span<const int64_t> ids);

  // Whether the actor's role works on cases (and so may upload).
  static bool WorksOnCases(const Actor& actor);

  // DATA/attachments/ab/cd/<sha256>.
  std::filesystem::path PathOf(std::string_view sha256) const;

 private:
  // Validates, stores the bytes and inserts the row with its audit record.
  // `origin` is empty for logged-in uploads.
  Result<AttachmentInfo> Store(const Actor& actor, std::string_view origin,
                               std::string_view bytes);
  // The file of `a` on disk; kInternal when it has gone missing.
  Result<AttachmentFile> FileOf(const store::Attachment& a) const;
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  std::filesystem::path data_dir_;
};

}  // namespace wangge::service
