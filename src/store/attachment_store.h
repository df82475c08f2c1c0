// Uploaded files (photos of cases) and their links to cases. The bytes live
// on disk under DATA/attachments/ (service/attachment_service.h); these
// rows say what each upload was, who sent it and where it is used.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct Attachment {
  int64_t id = 0;
  std::string sha256;  // lowercase hex of the content
  std::string mime;
  int64_t size = 0;
  int64_t uploaded_at = 0;
  std::optional<int64_t> uploaded_by;  // empty for public uploads
  std::string uploader_origin;         // keyed hash, public uploads only
};

class AttachmentStore {
 public:
  static Result<int64_t> Insert(Connection& c, const Attachment& a);
  // kNotFound ("attachment.not_found") when there is no such row.
  static Result<Attachment> Get(Connection& c, int64_t id);
  // The rows that exist among `ids`, in no particular order.
  static Result<std::vector<Attachment>> GetMany(Connection& c,
                                                 std::span<const int64_t> ids);
  // Grid ids of the cases the attachment is linked to (any kind).
  static Result<std::vector<int64_t>> LinkedGridIds(Connection& c,
                                                    int64_t attachment_id);
  // Whether the attachment is linked to any case at all.
  static Result<bool> IsLinked(Connection& c, int64_t attachment_id);
  // Whether the attachment is linked to the case with public tracking
  // number `tracking` with kind 'before' or 'after' (what a reporting
  // resident may see; 'evidence' stays internal).
  static Result<bool> IsPublicOnCase(Connection& c, int64_t attachment_id,
                                     std::string_view tracking);
};

}  // namespace wangge::store
