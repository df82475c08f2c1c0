#include "store/attachment_store.h"

namespace wangge::store {

namespace {
constexpr std::string_view kColumns =
    "id, sha256, mime, size, uploaded_at, uploaded_by, uploader_origin";

Attachment ReadAttachment(const Row& r) {
  return Attachment{r.Int(0), r.Text(1),   r.Text(2), r.Int(3),
                    r.Int(4), r.OptInt(5), r.Text(6)};
}
}  // namespace

Result<int64_t> AttachmentStore::Insert(Connection& c, const Attachment& a) {
  return c.Insert(
      "INSERT INTO attachments (sha256, mime, size, uploaded_at, uploaded_by, "
      "uploader_origin) VALUES (?, ?, ?, ?, ?, ?)",
      {a.sha256, a.mime, a.size, a.uploaded_at, IntOrNull(a.uploaded_by),
       a.uploader_origin});
}

Result<Attachment> AttachmentStore::Get(Connection& c, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kColumns) + " FROM attachments WHERE id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "attachment"));
  return ReadAttachment(r);
}

Result<std::vector<Attachment>> AttachmentStore::GetMany(
    Connection& c, std::span<const int64_t> ids) {
  std::vector<Attachment> out;
  if (ids.empty()) return out;
  std::string sql =
      "SELECT " + std::string(kColumns) + " FROM attachments WHERE id IN (";
  std::vector<SqlValue> params;
  params.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    sql += i == 0 ? "?" : ", ?";
    params.emplace_back(ids[i]);
  }
  sql += ")";
  WG_ASSIGN(Rows rows, c.Query(sql, params));
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ReadAttachment(r));
  return out;
}

Result<std::vector<int64_t>> AttachmentStore::LinkedGridIds(
    Connection& c, int64_t attachment_id) {
  WG_ASSIGN(Rows rows,
            c.Query("SELECT DISTINCT k.grid_id FROM case_attachments ca JOIN "
                    "cases k ON k.id = ca.case_id WHERE ca.attachment_id = ? "
                    "ORDER BY k.grid_id",
                    {attachment_id}));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Result<bool> AttachmentStore::IsLinked(Connection& c, int64_t attachment_id) {
  WG_ASSIGN(int64_t n, c.QueryInt("SELECT COUNT(*) FROM case_attachments "
                                  "WHERE attachment_id = ?",
                                  {attachment_id}));
  return n > 0;
}

Result<bool> AttachmentStore::IsPublicOnCase(Connection& c,
                                             int64_t attachment_id,
                                             std::string_view tracking) {
  WG_ASSIGN(int64_t n,
            c.QueryInt("SELECT COUNT(*) FROM case_attachments ca JOIN cases k "
                       "ON k.id = ca.case_id WHERE ca.attachment_id = ? AND "
                       "k.tracking = ? AND ca.kind IN ('before', 'after')",
                       {attachment_id, std::string(tracking)}));
  return n > 0;
}

}  // namespace wangge::store
