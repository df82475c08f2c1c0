// The case engine (DOMAIN.md §3): intake, the closed loop of transitions
// with one owner at every moment, deadlines on the working calendar,
// supervision (督办) and escalation, the major-case list, to-do lists and the
// public self-report. Every transition is checked against the one state
// machine (core/case_state_machine.h) and the caller's role and scope, and
// writes the case, its event and the audit record in one transaction.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/case_state_machine.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/tracking_code.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "service/case_catalog.h"
#include "service/locator_cache.h"
#include "service/responsibility.h"
#include "store/case_store.h"
#include "store/database.h"

namespace wangge::service {

class IntakeBatcher;
struct PreparedCase;

struct NewCase {
  int64_t category_id = 0;
  std::string level = "ordinary";
  bool urgent = false;
  bool group_case = false;
  // grid_staff | patrol | visit | hotline (staff); resident and open311 are
  // set by their own entry points.
  std::string source = "grid_staff";
  std::string title;
  std::string description;
  std::string address_text;
  std::optional<double> lon, lat;
  std::optional<int64_t> grid_id;  // chosen grid; else located from lon/lat
  std::vector<int64_t> attachments;
  std::string reporter_name;
  std::string reporter_phone;  // sealed at rest
  std::string open311_client;
};

// What a caller sees of a case.
struct CaseView {
  store::CaseRow row;
  std::string category_name;
  std::string category_code;
  std::string grid_name;
  std::string grid_code;
  std::string owner_label;
  std::string light;  // green | yellow | red | "" (no running step)
  Millis step_used_ms = 0;
  std::vector<std::string> allowed;  // actions the caller may take now
  std::string reporter_contact_masked;
  std::shared_ptr<const CasePolicy> policy;
  int64_t policy_version = 0;
  std::vector<store::CaseStore::Link> attachments;
};

struct CaseActionInput {
  CaseAction action = CaseAction::kAccept;
  std::string note;
  std::vector<int64_t> attachments;
  // dispatch: an explicit party instead of the responsibility matrix.
  std::string party_kind, party_role;
  std::optional<int64_t> party_org_id;
  std::string level;                    // accept: correct the level
  std::string review_on;                // shelve: YYYY-MM-DD
  double hours = 0;                     // request_extension
  std::optional<int64_t> extension_id;  // decide_extension
  bool approve = false;                 // decide_extension
  std::string satisfaction;             // evaluate: satisfied | unsatisfied
};

struct DuplicateHint {
  store::CaseRow row;
  double distance_m = 0;
};

struct SupervisionRow {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string case_number;
  int64_t grid_id = 0;  // the case's grid
  std::string kind;     // auto | manual | escalation
  std::string level;    // ordinary | yellow | red
  std::string step;
  std::string message;
  Millis raised_at = 0;
  std::string raised_by_name;
  Owner owner;
  std::optional<Millis> reply_due_at;
  std::string reply;
  std::optional<Millis> replied_at;
};

struct MajorCase {
  CaseView view;
  int64_t leader_user_id = 0;
  std::string leader_name;
  std::string note;
  std::vector<std::string> review_dates;
  std::string next_review_on;
};

struct Notification {
  int64_t id = 0;
  std::optional<int64_t> case_id;
  std::optional<int64_t> supervision_id;
  std::string kind;
  std::string message;
  Millis created_at = 0;
  std::optional<Millis> read_at;
};

struct Todo {
  std::vector<CaseView> mine;
  std::vector<CaseView> overdue;
  std::vector<CaseView> to_verify;
  std::vector<SupervisionRow> supervision;
  int64_t unread_notifications = 0;
};

// The public receipt and status of a resident's report (no personal data).
struct PublicReceipt {
  std::string tracking;
  std::string number;
  std::string state;
  Millis created_at = 0;
};
struct PublicStatus {
  std::string tracking;
  std::string category_name;
  std::string state;
  std::string address_text;
  Millis created_at = 0, updated_at = 0;
  std::optional<Millis> closed_at;
  std::string satisfaction;
  std::vector<std::pair<Millis, std::string>> timeline;  // at, action
  std::vector<int64_t> photos;
};

// A deadline scan: how many yellow and red supervisions were raised and
// how many cases moved up the ladder.
struct DeadlineRun {
  int64_t scanned = 0;
  int64_t yellow = 0;
  int64_t red = 0;
  int64_t escalated = 0;
};

class CaseService {
 public:
  CaseService(store::Database& db, const Clock& clock,
              const FieldCipher& cipher, const AuditService& audit,
              CaseCatalog& catalog, LocatorCache& locator,
              bool group_commit = true);
  ~CaseService();

  CaseCatalog& catalog() { return catalog_; }
  // Writes and acknowledges what the intake batcher holds, then writes each
  // later case at once. Call when no request is being taken any more.
  void StopBatching();
  const TrackingCodec& tracking_codec() const { return tracking_; }

  // Intake (report). Staff report within their scope. Waits for the
  // durable commit.
  Result<CaseView> Report(const Actor& actor, NewCase in);
  // The same without waiting: `done` runs exactly once, on this thread for
  // a refusal, else after the durable commit on the intake batcher's
  // thread (which it must not hold up).
  void ReportAsync(const Actor& actor, NewCase in,
                   std::function<void(Result<CaseView>)> done);
  // Resident self-report without an account; `origin` is a keyed digest
  // of the client's address, for the rate limit.
  Result<PublicReceipt> ReportPublic(NewCase in, const std::string& origin);
  // Open311 POST (source open311, client name recorded).
  Result<store::CaseRow> ReportOpen311(NewCase in, const std::string& client);
  // A keyed digest of a client address: the public rate limit's key.
  std::string OriginDigest(std::string_view remote_addr) const;
  // Open cases of the same category nearby and recent (settings).
  Result<std::vector<DuplicateHint>> Duplicates(const Actor& actor,
                                                int64_t category_id, double lon,
                                                double lat);

  Result<CaseView> Get(const Actor& actor, int64_t id);
  Result<std::vector<store::CaseEventRow>> Events(const Actor& actor,
                                                  int64_t id);
  Result<store::PageOf<CaseView>> List(const Actor& actor, store::CaseFilter f,
                                       store::Page page);
  // The newest events in scope, each with its case's grid, number, title.
  Result<std::vector<store::CaseStore::FeedRow>> LatestEvents(
      const Actor& actor, int64_t limit);
  // One transition (or a no-state-change action) of the loop.
  Result<CaseView> Act(const Actor& actor, int64_t id,
                       const CaseActionInput& in);

  // Supervision by hand and the owner's reply.
  Result<SupervisionRow> Supervise(const Actor& actor, int64_t case_id,
                                   const std::string& level,
                                   const std::string& message,
                                   std::optional<double> reply_hours);
  Result<SupervisionRow> Reply(const Actor& actor, int64_t supervision_id,
                               const std::string& reply);
  Result<std::vector<SupervisionRow>> Supervisions(const Actor& actor,
                                                   int64_t case_id);
  // Raises yellow and red supervision for running steps past 80 % / 100 %
  // of their limit and escalates red cases one rung up the ladder. Safe in
  // several processes at once: rows are claimed with SKIP LOCKED on
  // PostgreSQL and each (case, step instance, level) is raised once.
  Result<DeadlineRun> RunDeadlines(const std::string& worker, int limit);

  // The major-problem supervision list (重大问题督办清单).
  Result<MajorCase> ListMajor(const Actor& actor, int64_t case_id,
                              int64_t leader_user_id,
                              std::vector<std::string> review_dates,
                              const std::string& note);
  Result<std::vector<MajorCase>> MajorCases(const Actor& actor);

  Result<Todo> TodoFor(const Actor& actor);
  // The caller's own messages, newest first; and marking them read (all
  // when `ids` is empty). Returns how many changed.
  Result<store::PageOf<Notification>> Notifications(const Actor& actor,
                                                    bool unread_only,
                                                    store::Page page);
  Result<int64_t> MarkRead(const Actor& actor, const std::vector<int64_t>& ids);

  // Public status by tracking number, and the resident's evaluation.
  Result<PublicStatus> PublicLookup(const std::string& tracking);
  Result<PublicStatus> PublicEvaluate(const std::string& tracking,
                                      bool satisfied,
                                      const std::string& comment);

  // Writes a batch of prepared cases (used by the intake batcher).
  Status WriteBatch(store::Connection& c, std::vector<PreparedCase*>& batch);

 private:
  friend class IntakeBatcher;
  Result<PreparedCase> Prepare(const Actor& actor, NewCase in,
                               bool check_scope);
  // Hands the case to the batcher (or writes it at once without one);
  // `done` runs once it is committed or failed.
  void Submit(PreparedCase prepared,
              std::function<void(Result<store::CaseRow>)> done);
  Result<store::CaseRow> SubmitAndWait(PreparedCase prepared);
  Result<CaseView> View(store::Connection& c, const Actor& actor,
                        store::CaseRow row, bool with_links);
  // The view from the catalogue alone (no query): names, owner, light and
  // the actions allowed to `actor`, a member of `orgs`.
  Result<CaseView> BuildView(const Actor& actor,
                             const std::vector<int64_t>& orgs,
                             store::CaseRow row);
  Result<CaseView> ApplyAction(store::Connection& c, const Actor& actor,
                               int64_t id, const CaseActionInput& in);
  Status Notify(store::Connection& c, const CaseCatalog::Snapshot& s,
                const Owner& owner, int64_t grid_id,
                std::optional<int64_t> case_id,
                std::optional<int64_t> supervision_id, const std::string& kind,
                const std::string& message);

  // The case a public tracking number stands for.
  Result<store::CaseRow> GetByTracking(store::Connection& c,
                                       std::string_view tracking) const;

  store::Database& db_;
  const Clock& clock_;
  const FieldCipher& cipher_;
  const TrackingCodec tracking_;
  const AuditService& audit_;
  CaseCatalog& catalog_;
  LocatorCache& locator_;
  std::unique_ptr<IntakeBatcher> batcher_;
};

}  // namespace wangge::service
