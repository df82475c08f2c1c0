// Writes and reads the audit log. Successful writes are audited inside the
// transaction that makes them; refusals and failures in a transaction of
// their own, so that a rolled-back attempt still leaves its trace.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/clock.h"
#include "core/error.h"
#include "service/actor.h"
#include "store/audit_store.h"
#include "store/database.h"

namespace wangge::service {

struct AuditTarget {
  std::string type;  // "resident", "user", ...
  std::string id;
};

class AuditService {
 public:
  AuditService(store::Database& db, const Clock& clock)
      : db_(db), clock_(clock) {}

  // Appends an "ok" record inside the caller's transaction.
  Status Record(store::Connection& c, const Actor& actor,
                std::string_view action, const AuditTarget& target,
                const boost::json::object& detail = {}) const;
  // Appends a "denied" or "failed" record in its own transaction; never
  // fails the caller (a failure to audit is logged by the caller's error).
  void RecordRefusal(const Actor& actor, std::string_view action,
                     const AuditTarget& target, const Error& why) const;

  // Runs `fn` in a write transaction (store::Database::Write); when it fails,
  // records the failure as a refusal of `action` in its own transaction.
  template <class F>
  auto Write(const Actor& actor, std::string_view action,
             const AuditTarget& target, F&& fn) const {
    auto r = db_.Write(std::forward<F>(fn));
    if (!r) RecordRefusal(actor, action, target, r.error());
    return r;
  }

  // An "ok" record to append later (AuditStore::AppendMany in a batch).
  store::AuditEntry Entry(const Actor& actor, std::string_view action,
                          const AuditTarget& target,
                          const boost::json::object& detail = {}) const {
    return Make(actor, action, target, detail, "ok");
  }

  Result<store::PageOf<store::AuditEntry>> List(const Actor& actor,
                                                const store::AuditFilter& f,
                                                store::Page page) const;
  Result<store::AuditVerdict> Verify(const Actor& actor) const;

 private:
  store::AuditEntry Make(const Actor& actor, std::string_view action,
                         const AuditTarget& target,
                         const boost::json::object& detail,
                         std::string_view result) const;
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace wangge::service
