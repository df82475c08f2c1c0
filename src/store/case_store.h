// Cases and their events (DOMAIN.md §3). Inserts come in batches so that
// intake can group many cases into one durable transaction.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/query_builder.h"
#include "store/sql.h"

namespace wangge::store {

struct CaseRow {
  int64_t id = 0;
  std::string number;
  std::string tracking;
  int64_t category_id = 0;
  int64_t policy_id = 0;
  std::string level = "ordinary";
  bool urgent = false;
  bool group_case = false;
  std::string source;
  std::string title;
  std::string description;
  std::string address_text;
  std::optional<double> lon, lat;
  int64_t grid_id = 0;
  int64_t community_id = 0;
  std::string state = "reported";
  std::string owner_kind;  // grid | community | street | department | ...
  std::optional<int64_t> owner_area_id;
  std::optional<int64_t> owner_org_id;
  std::string owner_role;
  int64_t owner_since = 0;
  std::string routed_by;
  std::optional<int64_t> reporter_user_id;
  std::string reporter_name;
  std::string reporter_contact_sealed;
  std::string reporter_origin;
  std::string open311_client;
  std::optional<int64_t> handler_user_id;
  std::string step;  // accept | dispatch | handle | verify | ""
  int64_t step_seq = 0;
  std::optional<int64_t> step_started_at;
  std::optional<int64_t> step_yellow_at;
  std::optional<int64_t> step_deadline_at;
  std::optional<int64_t> step_limit_ms;
  std::string step_basis = "working";
  std::string alert;  // "" | yellow | red
  int64_t escalation_level = 0;
  int64_t extensions_used = 0;
  int64_t returns_count = 0;
  int64_t rework_count = 0;
  std::string satisfaction;
  std::string satisfaction_comment;
  std::string reason;
  std::string review_on;
  bool is_major = false;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> accepted_at;
  std::optional<int64_t> handled_at;
  std::optional<int64_t> closed_at;
  bool on_time = true;
};

struct CaseEventRow {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t at = 0;
  std::optional<int64_t> user_id;
  std::string actor_name;
  std::string action;
  std::string from_state;
  std::string to_state;
  std::string note;
  std::string detail;  // JSON
};

struct CaseFilter {
  // Grids the caller may see (nullopt: all) and organisations whose cases
  // the caller also sees wherever they are.
  std::optional<std::vector<int64_t>> grid_ids;
  std::vector<int64_t> org_ids;
  std::vector<std::string> states;
  std::optional<int64_t> grid_id;
  std::optional<int64_t> community_id;
  std::optional<int64_t> category_id;  // a 小类 or a 大类
  std::string source;
  std::string q;  // number, title or address
  std::optional<bool> overdue;
  std::optional<int64_t> created_from, created_to;
  std::optional<bool> major;
  std::string tracking_in;  // comma-free single tracking (Open311)
  std::string open311_client;
  int64_t now = 0;
};

class CaseStore {
 public:
  // The batched write of new cases, as statements for Connection::QueryAll
  // so that PostgreSQL gets the independent ones in one round trip: first
  // the numbers and ids, then the rows.
  //
  // Reserves `count` consecutive numbers of each community's year, in as
  // few statements as the power-of-two chunks of `requests` (a batch over
  // a city names dozens of communities: one upsert each cost more than
  // its rows); FirstReservedNumbers reads the first number of each request,
  // in the order of `requests`, from the statements' rows. Each (community,
  // year) appears once.
  struct NumberRequest {
    int64_t community_id = 0;
    int year = 0;
    int64_t count = 0;
  };
  static std::vector<Statement> ReserveNumbersStatements(
      std::span<const NumberRequest> requests);
  static Result<std::vector<int64_t>> FirstReservedNumbers(
      std::span<const Rows> answers, std::span<const NumberRequest> requests);
  // `n` unused ids of cases or case events, inside the write transaction;
  // ReservedIds reads them from the statement's rows.
  enum class IdTable { kCases, kEvents };
  static Statement ReserveIdsStatement(Dialect d, IdTable table, size_t n);
  static Result<std::vector<int64_t>> ReservedIds(Dialect d, const Rows& rows,
                                                  size_t n);
  // Inserts the cases and events, ids included (from ReserveIdsStatement),
  // and adds the new cases to the statistics (case_stats_store.h). On
  // PostgreSQL the caller holds the audit chain's lock already (see
  // CaseStatsStore::Apply).
  static std::vector<Statement> InsertStatements(
      Dialect d, std::span<const CaseRow> cases,
      std::span<const CaseEventRow> events);

  static Result<CaseRow> Get(Connection& c, int64_t id);
  // Get for a change: locks the row on PostgreSQL (SQLite's write
  // transaction is exclusive already).
  static Result<CaseRow> GetForUpdate(Connection& c, int64_t id);
  // Running steps past their yellow point with no alert yet, or past their
  // deadline without a red one (step_check_at has passed), earliest first;
  // on PostgreSQL locked FOR UPDATE SKIP LOCKED so that another process's
  // scan passes them by.
  static Result<std::vector<CaseRow>> ClaimDue(Connection& c, int64_t now,
                                               int limit);
  // The case with this id whose stored tracking number is `tracking`
  // (the service decodes the number to the id: TrackingCodec).
  static Result<CaseRow> GetByTracking(Connection& c, int64_t id,
                                       const std::string& tracking);
  // Writes every mutable column of `after` back, and moves the statistics
  // from what `before` (the row as read) counted for to what `after` does.
  static Status Update(Connection& c, const CaseRow& before,
                       const CaseRow& after);
  static Result<int64_t> AppendEvent(Connection& c, const CaseEventRow& e);
  static Result<std::vector<CaseEventRow>> Events(Connection& c,
                                                  int64_t case_id);
  // Events after `after_id` in id order (at most `limit`), each with its
  // case's grid, number and title: the live feed's poll.
  struct FeedRow {
    CaseEventRow event;
    int64_t grid_id = 0;
    std::string number;
    std::string title;
  };
  static Result<std::vector<FeedRow>> EventsAfter(Connection& c,
                                                  int64_t after_id,
                                                  int64_t limit);
  // The newest event id (0 when there is none).
  static Result<int64_t> LastEventId(Connection& c);
  static Result<std::vector<FeedRow>> LatestEvents(
      Connection& c, const std::optional<std::vector<int64_t>>& grid_ids,
      int64_t limit);

  static Result<PageOf<CaseRow>> List(Connection& c, const CaseFilter& f,
                                      Page page);
  // Open cases of a category created since `since` near a point's bounding
  // box (the caller measures the exact distance).
  static Result<std::vector<CaseRow>> OpenNear(Connection& c,
                                               int64_t category_id,
                                               int64_t since, double min_lon,
                                               double max_lon, double min_lat,
                                               double max_lat);

  static Status LinkAttachments(Connection& c, int64_t case_id,
                                std::optional<int64_t> event_id,
                                std::span<const int64_t> attachment_ids,
                                std::string_view kind);
  // Attachments of a case: (attachment id, kind, event id).
  struct Link {
    int64_t attachment_id;
    std::string kind;
    std::optional<int64_t> event_id;
  };
  static Result<std::vector<Link>> Links(Connection& c, int64_t case_id);
};

}  // namespace wangge::store
