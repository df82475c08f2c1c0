// Open311 GeoReport v2 (issue 4): API keys of the clients that may file
// requests, the services (active 小类 of the case catalogue) and the
// public read side of service requests. Filing itself goes through
// CaseService::ReportOpen311 so that Open311 requests take the same intake
// path as every other case.
//
// The read side is public by the spec, so it shows only cases filed through
// the public channels (Open311 and the resident self-report) and only
// fields that carry no personal data: never the reporter, the contact, or
// the free text of a resident's report.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/tracking_code.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/case_catalog.h"
#include "store/database.h"

namespace wangge::service {

struct Open311Key {
  int64_t id = 0;
  std::string name;  // the client, recorded on each case it files
  Millis created_at = 0;
  std::optional<Millis> revoked_at;
};

// A new key: the secret exists only here, the store keeps its digest.
struct Open311NewKey {
  Open311Key key;
  std::string secret;
};

// One Open311 service: an active 小类 of the catalogue.
struct Open311ServiceType {
  int64_t category_id = 0;
  std::string code;  // service_code, e.g. "S0104"
  std::string name;
  std::string name_en;
  std::string group;  // the 大类's name
  std::string description;
  // The levels a client may ask for (attribute "level"); the first is the
  // default when none is given.
  std::vector<std::string> levels;
};

// A case as the public Open311 read side shows it.
struct Open311Request {
  std::string service_request_id;  // the case number
  std::string status;              // open | closed
  std::string status_notes;
  std::string service_code;
  std::string service_name;
  std::string description;  // only for requests filed through Open311
  std::string agency_responsible;
  Millis requested_at = 0;
  Millis updated_at = 0;
  std::optional<Millis> expected_at;  // deadline of the running step
  std::string address;
  std::optional<double> lat, lon;
  std::string media_url;
};

struct Open311Query {
  // Case numbers; when given, every other filter is ignored (the spec).
  std::vector<std::string> ids;
  std::vector<int64_t> category_ids;  // empty: every service
  std::optional<Millis> start, end;   // requested_datetime in [start, end]
  std::vector<std::string> statuses;  // open | closed; empty: both
  int64_t limit = 1000;
};

// media_url travels in the case description as one line with this prefix
// (remote media are not fetched), and is taken out again for the read side.
inline constexpr std::string_view kOpen311PhotoPrefix = "照片: ";

// The Open311 status of a case state: closed and voided are "closed",
// every other state is "open".
std::string Open311Status(std::string_view state);

class Open311Service {
 public:
  Open311Service(store::Database& db, const Clock& clock,
                 const AuditService& audit, CaseCatalog& catalog,
                 const TrackingCodec& tracking)
      : db_(db),
        clock_(clock),
        audit_(audit),
        catalog_(catalog),
        tracking_(tracking) {}

  // Key administration (system administrators and the CLI operator).
  Result<Open311NewKey> CreateKey(const Actor& actor, const std::string& name);
  Result<std::vector<Open311Key>> ListKeys(const Actor& actor);
  Status RevokeKey(const Actor& actor, int64_t id);
  // The key's record, or kPermissionDenied when the key is missing,
  // unknown or revoked.
  Result<Open311Key> Authenticate(std::string_view secret);

  // Active 小类 ordered by code.
  Result<std::vector<Open311ServiceType>> Services();
  // One service by code (kNotFound when unknown or inactive).
  Result<Open311ServiceType> Service(std::string_view code);
  // The category ids of service codes for a filter; any known code counts,
  // active or not, so old requests stay findable. Unknown: kInvalidArgument.
  Result<std::vector<int64_t>> CategoryIds(
      const std::vector<std::string>& codes);

  // One request by its id (the case number); kNotFound when there is none
  // on the public channels.
  Result<Open311Request> Get(const std::string& service_request_id);
  // The service_request_id of a token (the case's tracking number).
  Result<std::string> IdForToken(const std::string& token);
  // Requests newest first, at most q.limit.
  Result<std::vector<Open311Request>> Find(const Open311Query& q);

  const Clock& clock() const { return clock_; }

 private:
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
  CaseCatalog& catalog_;
  const TrackingCodec tracking_;
};

}  // namespace wangge::service
