// The Dongyang demo's case engine setup and history: the street's
// departments and functional zone, the responsibility matrix, department
// accounts, and a month of cases walked through the closed loop on a
// moving clock, so that lists, timelines, lights and supervision have
// something real to show.
#pragma once

#include <vector>

#include "core/crypto.h"
#include "service/attachment_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/demo/dongyang_loader.h"
#include "service/locator_cache.h"
#include "store/database.h"

namespace wangge::demo {

struct CaseDemoSummary {
  int64_t org_units = 0;
  int64_t rules = 0;
  int64_t cases = 0;
  int64_t closed = 0;
  int64_t open = 0;
  int64_t supervised = 0;
  std::vector<DemoAccount> accounts;
};

// Needs the Dongyang areas (LoadDongyang) in place. `days` of history end
// at `now`.
Result<CaseDemoSummary> LoadDongyangCases(
    store::Database& db, Millis now, const FieldCipher& cipher,
    const service::AuditService& audit, service::AuthService& auth,
    service::LocatorCache& locator, service::AttachmentService& attachments,
    uint64_t seed = 2008, int days = 30);

}  // namespace wangge::demo
