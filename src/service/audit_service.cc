#include "service/audit_service.h"

#include <boost/json/serialize.hpp>

#include "service/permissions.h"

namespace wangge::service {

store::AuditEntry AuditService::Make(const Actor& actor,
                                     std::string_view action,
                                     const AuditTarget& target,
                                     const boost::json::object& detail,
                                     std::string_view result) const {
  store::AuditEntry e;
  e.at = clock_.Now();
  e.user_id = actor.user_id;
  e.username = actor.username;
  e.action = std::string(action);
  e.target_type = target.type;
  e.target_id = target.id;
  e.detail = detail.empty() ? "" : boost::json::serialize(detail);
  e.result = std::string(result);
  e.remote_addr = actor.remote_addr;
  return e;
}

Status AuditService::Record(store::Connection& c, const Actor& actor,
                            std::string_view action, const AuditTarget& target,
                            const boost::json::object& detail) const {
  WG_TRY(
      store::AuditStore::Append(c, Make(actor, action, target, detail, "ok")));
  return {};
}

void AuditService::RecordRefusal(const Actor& actor, std::string_view action,
                                 const AuditTarget& target,
                                 const Error& why) const {
  boost::json::object detail{{"error", why.key}};
  if (!why.field.empty()) detail["field"] = why.field;
  const bool denied = why.code == ErrorCode::kPermissionDenied ||
                      why.code == ErrorCode::kUnauthenticated ||
                      why.code == ErrorCode::kLocked;
  auto entry =
      Make(actor, action, target, detail, denied ? "denied" : "failed");
  (void)db_.Write([&](store::Connection& c) -> Status {
    WG_TRY(store::AuditStore::Append(c, entry));
    return {};
  });
}

Result<store::PageOf<store::AuditEntry>> AuditService::List(
    const Actor& actor, const store::AuditFilter& f, store::Page page) const {
  WG_TRY(Require(actor, Capability::kReadAudit));
  return db_.Read([&](store::Connection& c) {
    return store::AuditStore::List(c, f, page);
  });
}

Result<store::AuditVerdict> AuditService::Verify(const Actor& actor) const {
  WG_TRY(Require(actor, Capability::kReadAudit));
  return db_.Read(
      [&](store::Connection& c) { return store::AuditStore::Verify(c); });
}

}  // namespace wangge::service
