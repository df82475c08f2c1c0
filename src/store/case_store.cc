#include "store/case_store.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <string_view>
#include <unordered_map>

#include "store/case_stats_store.h"
#include "store/values_rows.h"

namespace wangge::store {

namespace {

SqlValue RealOrNull(std::optional<double> v) {
  return v ? SqlValue(*v) : SqlValue();
}

// When the deadline job must next look at the case: the yellow point while
// no alert is raised, the deadline once the light is yellow, never once it
// is red or when no step runs.
SqlValue CheckAt(const CaseRow& r) {
  if (r.step.empty()) return SqlValue();
  if (r.alert.empty()) {
    if (r.step_yellow_at && r.step_deadline_at)
      return SqlValue(std::min(*r.step_yellow_at, *r.step_deadline_at));
    return IntOrNull(r.step_yellow_at ? r.step_yellow_at : r.step_deadline_at);
  }
  if (r.alert == "yellow") return IntOrNull(r.step_deadline_at);
  return SqlValue();
}

// The columns of `cases` in schema order, each with how it is read and
// bound and whether an update may change it: the one place to touch when
// a column is added.
struct Column {
  std::string_view name;
  bool changes;  // written back by Update
  SqlValue (*bind)(const CaseRow& r);
  void (*read)(CaseRow& r, const Row& row, size_t i);
};

constexpr Column kCaseColumns[] = {
    {"id", false, [](const CaseRow& r) { return SqlValue(r.id); },
     [](CaseRow& r, const Row& row, size_t i) { r.id = row.Int(i); }},
    {"number", false, [](const CaseRow& r) { return SqlValue(r.number); },
     [](CaseRow& r, const Row& row, size_t i) { r.number = row.Text(i); }},
    {"tracking", false, [](const CaseRow& r) { return SqlValue(r.tracking); },
     [](CaseRow& r, const Row& row, size_t i) { r.tracking = row.Text(i); }},
    {"category_id", true,
     [](const CaseRow& r) { return SqlValue(r.category_id); },
     [](CaseRow& r, const Row& row, size_t i) { r.category_id = row.Int(i); }},
    {"policy_id", false, [](const CaseRow& r) { return SqlValue(r.policy_id); },
     [](CaseRow& r, const Row& row, size_t i) { r.policy_id = row.Int(i); }},
    {"level", true, [](const CaseRow& r) { return SqlValue(r.level); },
     [](CaseRow& r, const Row& row, size_t i) { r.level = row.Text(i); }},
    {"urgent", true,
     [](const CaseRow& r) { return SqlValue(int64_t{r.urgent}); },
     [](CaseRow& r, const Row& row, size_t i) { r.urgent = row.Int(i) != 0; }},
    {"group_case", true,
     [](const CaseRow& r) { return SqlValue(int64_t{r.group_case}); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.group_case = row.Int(i) != 0;
     }},
    {"source", true, [](const CaseRow& r) { return SqlValue(r.source); },
     [](CaseRow& r, const Row& row, size_t i) { r.source = row.Text(i); }},
    {"title", true, [](const CaseRow& r) { return SqlValue(r.title); },
     [](CaseRow& r, const Row& row, size_t i) { r.title = row.Text(i); }},
    {"description", true,
     [](const CaseRow& r) { return SqlValue(r.description); },
     [](CaseRow& r, const Row& row, size_t i) { r.description = row.Text(i); }},
    {"address_text", true,
     [](const CaseRow& r) { return SqlValue(r.address_text); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.address_text = row.Text(i);
     }},
    {"lon", true, [](const CaseRow& r) { return RealOrNull(r.lon); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.lon =
           row.IsNull(i) ? std::nullopt : std::optional<double>(row.Real(i));
     }},
    {"lat", true, [](const CaseRow& r) { return RealOrNull(r.lat); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.lat =
           row.IsNull(i) ? std::nullopt : std::optional<double>(row.Real(i));
     }},
    {"grid_id", true, [](const CaseRow& r) { return SqlValue(r.grid_id); },
     [](CaseRow& r, const Row& row, size_t i) { r.grid_id = row.Int(i); }},
    {"community_id", true,
     [](const CaseRow& r) { return SqlValue(r.community_id); },
     [](CaseRow& r, const Row& row, size_t i) { r.community_id = row.Int(i); }},
    {"state", true, [](const CaseRow& r) { return SqlValue(r.state); },
     [](CaseRow& r, const Row& row, size_t i) { r.state = row.Text(i); }},
    {"owner_kind", true,
     [](const CaseRow& r) { return SqlValue(r.owner_kind); },
     [](CaseRow& r, const Row& row, size_t i) { r.owner_kind = row.Text(i); }},
    {"owner_area_id", true,
     [](const CaseRow& r) { return IntOrNull(r.owner_area_id); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.owner_area_id = row.OptInt(i);
     }},
    {"owner_org_id", true,
     [](const CaseRow& r) { return IntOrNull(r.owner_org_id); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.owner_org_id = row.OptInt(i);
     }},
    {"owner_role", true,
     [](const CaseRow& r) { return SqlValue(r.owner_role); },
     [](CaseRow& r, const Row& row, size_t i) { r.owner_role = row.Text(i); }},
    {"owner_since", true,
     [](const CaseRow& r) { return SqlValue(r.owner_since); },
     [](CaseRow& r, const Row& row, size_t i) { r.owner_since = row.Int(i); }},
    {"routed_by", true, [](const CaseRow& r) { return SqlValue(r.routed_by); },
     [](CaseRow& r, const Row& row, size_t i) { r.routed_by = row.Text(i); }},
    {"reporter_user_id", false,
     [](const CaseRow& r) { return IntOrNull(r.reporter_user_id); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.reporter_user_id = row.OptInt(i);
     }},
    {"reporter_name", false,
     [](const CaseRow& r) { return SqlValue(r.reporter_name); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.reporter_name = row.Text(i);
     }},
    {"reporter_contact_sealed", false,
     [](const CaseRow& r) { return SqlValue(r.reporter_contact_sealed); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.reporter_contact_sealed = row.Text(i);
     }},
    {"reporter_origin", false,
     [](const CaseRow& r) { return SqlValue(r.reporter_origin); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.reporter_origin = row.Text(i);
     }},
    {"open311_client", false,
     [](const CaseRow& r) { return SqlValue(r.open311_client); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.open311_client = row.Text(i);
     }},
    {"handler_user_id", true,
     [](const CaseRow& r) { return IntOrNull(r.handler_user_id); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.handler_user_id = row.OptInt(i);
     }},
    {"step", true, [](const CaseRow& r) { return SqlValue(r.step); },
     [](CaseRow& r, const Row& row, size_t i) { r.step = row.Text(i); }},
    {"step_seq", true, [](const CaseRow& r) { return SqlValue(r.step_seq); },
     [](CaseRow& r, const Row& row, size_t i) { r.step_seq = row.Int(i); }},
    {"step_started_at", true,
     [](const CaseRow& r) { return IntOrNull(r.step_started_at); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.step_started_at = row.OptInt(i);
     }},
    {"step_yellow_at", true,
     [](const CaseRow& r) { return IntOrNull(r.step_yellow_at); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.step_yellow_at = row.OptInt(i);
     }},
    {"step_deadline_at", true,
     [](const CaseRow& r) { return IntOrNull(r.step_deadline_at); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.step_deadline_at = row.OptInt(i);
     }},
    {"step_limit_ms", true,
     [](const CaseRow& r) { return IntOrNull(r.step_limit_ms); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.step_limit_ms = row.OptInt(i);
     }},
    {"step_basis", true,
     [](const CaseRow& r) { return SqlValue(r.step_basis); },
     [](CaseRow& r, const Row& row, size_t i) { r.step_basis = row.Text(i); }},
    {"alert", true, [](const CaseRow& r) { return SqlValue(r.alert); },
     [](CaseRow& r, const Row& row, size_t i) { r.alert = row.Text(i); }},
    {"escalation_level", true,
     [](const CaseRow& r) { return SqlValue(r.escalation_level); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.escalation_level = row.Int(i);
     }},
    {"extensions_used", true,
     [](const CaseRow& r) { return SqlValue(r.extensions_used); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.extensions_used = row.Int(i);
     }},
    {"returns_count", true,
     [](const CaseRow& r) { return SqlValue(r.returns_count); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.returns_count = row.Int(i);
     }},
    {"rework_count", true,
     [](const CaseRow& r) { return SqlValue(r.rework_count); },
     [](CaseRow& r, const Row& row, size_t i) { r.rework_count = row.Int(i); }},
    {"satisfaction", true,
     [](const CaseRow& r) { return SqlValue(r.satisfaction); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.satisfaction = row.Text(i);
     }},
    {"satisfaction_comment", true,
     [](const CaseRow& r) { return SqlValue(r.satisfaction_comment); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.satisfaction_comment = row.Text(i);
     }},
    {"reason", true, [](const CaseRow& r) { return SqlValue(r.reason); },
     [](CaseRow& r, const Row& row, size_t i) { r.reason = row.Text(i); }},
    {"review_on", true, [](const CaseRow& r) { return SqlValue(r.review_on); },
     [](CaseRow& r, const Row& row, size_t i) { r.review_on = row.Text(i); }},
    {"is_major", true,
     [](const CaseRow& r) { return SqlValue(int64_t{r.is_major}); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.is_major = row.Int(i) != 0;
     }},
    {"created_at", false,
     [](const CaseRow& r) { return SqlValue(r.created_at); },
     [](CaseRow& r, const Row& row, size_t i) { r.created_at = row.Int(i); }},
    {"updated_at", true,
     [](const CaseRow& r) { return SqlValue(r.updated_at); },
     [](CaseRow& r, const Row& row, size_t i) { r.updated_at = row.Int(i); }},
    {"accepted_at", true,
     [](const CaseRow& r) { return IntOrNull(r.accepted_at); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.accepted_at = row.OptInt(i);
     }},
    {"handled_at", true,
     [](const CaseRow& r) { return IntOrNull(r.handled_at); },
     [](CaseRow& r, const Row& row, size_t i) {
       r.handled_at = row.OptInt(i);
     }},
    {"closed_at", true, [](const CaseRow& r) { return IntOrNull(r.closed_at); },
     [](CaseRow& r, const Row& row, size_t i) { r.closed_at = row.OptInt(i); }},
    {"on_time", true,
     [](const CaseRow& r) { return SqlValue(int64_t{r.on_time}); },
     [](CaseRow& r, const Row& row, size_t i) { r.on_time = row.Int(i) != 0; }},
    // Derived from the row on every write and never read back (migration
    // 0006): the one index ClaimDue needs.
    {"step_check_at", true, [](const CaseRow& r) { return CheckAt(r); },
     [](CaseRow&, const Row&, size_t) {}},
};

std::string ColumnList() {
  std::string out;
  for (const auto& col : kCaseColumns) {
    if (!out.empty()) out += ", ";
    out += col.name;
  }
  return out;
}

const std::string& SelectColumns() {
  static const std::string kList = ColumnList();
  return kList;
}

CaseRow ReadCase(const Row& row) {
  CaseRow r;
  size_t i = 0;
  for (const auto& col : kCaseColumns) col.read(r, row, i++);
  return r;
}

// Every column, the id (from ReserveIds) included, in order.
void BindInsert(const CaseRow& r, std::vector<SqlValue>& out) {
  for (const auto& col : kCaseColumns) out.push_back(col.bind(r));
}
constexpr size_t kInsertWidth = std::size(kCaseColumns);

const std::string& UpdateSql() {
  static const std::string kSql = [] {
    std::string sql = "UPDATE cases SET ";
    bool first = true;
    for (const auto& col : kCaseColumns) {
      if (!col.changes) continue;
      sql += first ? "" : ", ";
      sql += std::string(col.name) + " = ?";
      first = false;
    }
    return sql + " WHERE id = ?";
  }();
  return kSql;
}

std::vector<SqlValue> BindUpdate(const CaseRow& r) {
  std::vector<SqlValue> out;
  for (const auto& col : kCaseColumns)
    if (col.changes) out.push_back(col.bind(r));
  out.push_back(SqlValue(r.id));
  return out;
}

constexpr std::string_view kEventColumns =
    "id, case_id, at, user_id, actor_name, action, from_state, to_state, "
    "note, detail";

CaseEventRow ReadEvent(const Row& r) {
  return {r.Int(0),  r.Int(1),  r.Int(2),  r.OptInt(3), r.Text(4),
          r.Text(5), r.Text(6), r.Text(7), r.Text(8),   r.Text(9)};
}

}  // namespace

std::vector<Statement> CaseStore::InsertStatements(
    Dialect d, std::span<const CaseRow> cases,
    std::span<const CaseEventRow> events) {
  // Multi-row VALUES (InsertRowsPerStatement). An unnest of column arrays,
  // one statement for any number of rows, cost more on PostgreSQL: it
  // materialises each unnested column in a tuple store of its own, about 45
  // per batch for the case rows alone.
  static const ChunkedValuesSql kCaseSql(
      "INSERT INTO cases (" + ColumnList() + ")", kInsertWidth);
  static const ChunkedValuesSql kEventSql(
      "INSERT INTO case_events (" + std::string(kEventColumns) + ")", 10);
  const size_t most = InsertRowsPerStatement(d);
  std::vector<Statement> out;
  kCaseSql.Append(cases, BindInsert, out, most);
  kEventSql.Append(
      events,
      [](const CaseEventRow& e, std::vector<SqlValue>& params) {
        params.insert(
            params.end(),
            {e.id, e.case_id, e.at, IntOrNull(e.user_id), e.actor_name,
             e.action, e.from_state, e.to_state, e.note, e.detail});
      },
      out, most);
  // Grouped by key first, so that a batch costs one upsert per counter row
  // it touches, not one per case.
  CaseStatsDelta stats;
  for (const auto& row : cases) stats.Add(row, +1);
  for (auto& st : CaseStatsStore::ApplyStatements(stats))
    out.push_back(std::move(st));
  return out;
}

namespace {

// The most (community, year) rows one reservation statement carries.
constexpr size_t kMaxNumberRows = 64;

// The reservation upserts, one text per row count (a power of two). Both
// dialects take them as they are.
const ChunkedValuesSql& ReserveNumbersSql() {
  static const ChunkedValuesSql kSql(
      "INSERT INTO case_counters (community_id, year, last)", 3, kMaxNumberRows,
      " ON CONFLICT (community_id, year) DO UPDATE SET last = "
      "case_counters.last + excluded.last RETURNING community_id, year, last");
  return kSql;
}

}  // namespace

std::vector<Statement> CaseStore::ReserveNumbersStatements(
    std::span<const NumberRequest> requests) {
  std::vector<Statement> out;
  ReserveNumbersSql().Append(
      requests,
      [](const NumberRequest& q, std::vector<SqlValue>& params) {
        params.insert(params.end(), {q.community_id, int64_t{q.year}, q.count});
      },
      out);
  return out;
}

Result<std::vector<int64_t>> CaseStore::FirstReservedNumbers(
    std::span<const Rows> answers, std::span<const NumberRequest> requests) {
  // The last number now taken per (community, year); RETURNING's row order
  // is not promised, so rows are matched by key.
  std::map<std::pair<int64_t, int64_t>, int64_t> last;
  for (const auto& rows : answers)
    for (const auto& r : rows) last[{r.Int(0), r.Int(1)}] = r.Int(2);
  std::vector<int64_t> first;
  first.reserve(requests.size());
  for (const auto& q : requests) {
    auto it = last.find({q.community_id, int64_t{q.year}});
    if (it == last.end()) return Internal("case counter did not return");
    first.push_back(it->second - q.count + 1);
  }
  return first;
}

Statement CaseStore::ReserveIdsStatement(Dialect d, IdTable table, size_t n) {
  const bool events = table == IdTable::kEvents;
  if (d == Dialect::kPostgres) {
    // The sequence is looked up once, in an init plan: as a plain argument
    // of nextval, pg_get_serial_sequence scanned the catalogue for each id
    // (about 5 % of the batch's time on the server).
    static constexpr std::string_view kCases =
        "SELECT nextval((SELECT pg_get_serial_sequence('cases', 'id')"
        "::regclass)) FROM generate_series(1, ?)";
    static constexpr std::string_view kEvents =
        "SELECT nextval((SELECT pg_get_serial_sequence('case_events', 'id')"
        "::regclass)) FROM generate_series(1, ?)";
    return {events ? kEvents : kCases, {static_cast<int64_t>(n)}};
  }
  // SQLite's write transaction is exclusive: the next ids are free until
  // it ends.
  static constexpr std::string_view kCases =
      "SELECT COALESCE(MAX(id), 0) FROM cases";
  static constexpr std::string_view kEvents =
      "SELECT COALESCE(MAX(id), 0) FROM case_events";
  return {events ? kEvents : kCases, {}};
}

Result<std::vector<int64_t>> CaseStore::ReservedIds(Dialect d, const Rows& rows,
                                                    size_t n) {
  std::vector<int64_t> ids;
  ids.reserve(n);
  if (d == Dialect::kPostgres) {
    for (const auto& r : rows) ids.push_back(r.Int(0));
  } else {
    const int64_t last = rows.empty() ? 0 : rows.front().Int(0);
    for (size_t k = 1; k <= n; ++k)
      ids.push_back(last + static_cast<int64_t>(k));
  }
  if (ids.size() != n) return Internal("fewer ids than asked for");
  return ids;
}

Result<CaseRow> CaseStore::Get(Connection& c, int64_t id) {
  WG_ASSIGN(
      auto rows,
      c.Query("SELECT " + SelectColumns() + " FROM cases WHERE id = ?", {id}));
  if (rows.empty()) return NotFound("case.not_found", "no such case");
  return ReadCase(rows[0]);
}

Result<CaseRow> CaseStore::GetForUpdate(Connection& c, int64_t id) {
  const bool pg = c.dialect() == Dialect::kPostgres;
  WG_ASSIGN(auto rows,
            c.Query("SELECT " + SelectColumns() + " FROM cases WHERE id = ?" +
                        (pg ? " FOR UPDATE" : ""),
                    {id}));
  if (rows.empty()) return NotFound("case.not_found", "no such case");
  return ReadCase(rows[0]);
}

Result<std::vector<CaseRow>> CaseStore::ClaimDue(Connection& c, int64_t now,
                                                 int limit) {
  const bool pg = c.dialect() == Dialect::kPostgres;
  WG_ASSIGN(auto rows,
            c.Query("SELECT " + SelectColumns() +
                        " FROM cases WHERE step_check_at <= ? ORDER BY "
                        "step_check_at LIMIT " +
                        std::to_string(std::clamp(limit, 1, 10000)) +
                        (pg ? " FOR UPDATE SKIP LOCKED" : ""),
                    {now}));
  std::vector<CaseRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ReadCase(r));
  return out;
}

Result<CaseRow> CaseStore::GetByTracking(Connection& c, int64_t id,
                                         const std::string& tracking) {
  WG_ASSIGN(auto rows, c.Query("SELECT " + SelectColumns() +
                                   " FROM cases WHERE id = ? AND tracking = ?",
                               {id, tracking}));
  if (rows.empty())
    return NotFound("case.not_found", "no case with this tracking number");
  return ReadCase(rows[0]);
}

Status CaseStore::Update(Connection& c, const CaseRow& before,
                         const CaseRow& after) {
  auto params = BindUpdate(after);
  WG_ASSIGN(int64_t n, c.Exec(UpdateSql(), params));
  if (n == 0) return NotFound("case.not_found", "no such case");
  CaseStatsDelta stats;
  stats.Add(before, -1);
  stats.Add(after, +1);
  stats.Prune();
  return CaseStatsStore::Apply(c, stats);
}

Result<int64_t> CaseStore::AppendEvent(Connection& c, const CaseEventRow& e) {
  return c.Insert(
      "INSERT INTO case_events (case_id, at, user_id, actor_name, action, "
      "from_state, to_state, note, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {e.case_id, e.at, IntOrNull(e.user_id), e.actor_name, e.action,
       e.from_state, e.to_state, e.note, e.detail});
}

Result<std::vector<CaseEventRow>> CaseStore::Events(Connection& c,
                                                    int64_t case_id) {
  WG_ASSIGN(auto rows, c.Query("SELECT " + std::string(kEventColumns) +
                                   " FROM case_events WHERE case_id = ? "
                                   "ORDER BY id",
                               {case_id}));
  std::vector<CaseEventRow> out;
  for (const auto& r : rows) out.push_back(ReadEvent(r));
  return out;
}

namespace {
// An event with its case's grid, number and title (CaseStore::FeedRow).
constexpr std::string_view kFeedSelect =
    "SELECT e.id, e.case_id, e.at, e.user_id, e.actor_name, e.action, "
    "e.from_state, e.to_state, e.note, e.detail, k.grid_id, k.number, "
    "k.title FROM case_events e JOIN cases k ON k.id = e.case_id";

std::vector<CaseStore::FeedRow> ReadFeed(const Rows& rows) {
  std::vector<CaseStore::FeedRow> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back({ReadEvent(r), r.Int(10), r.Text(11), r.Text(12)});
  return out;
}
}  // namespace

Result<std::vector<CaseStore::FeedRow>> CaseStore::EventsAfter(Connection& c,
                                                               int64_t after_id,
                                                               int64_t limit) {
  static const std::string kSql =
      std::string(kFeedSelect) + " WHERE e.id > ? ORDER BY e.id LIMIT ?";
  WG_ASSIGN(auto rows, c.Query(kSql, {after_id, limit}));
  return ReadFeed(rows);
}

Result<int64_t> CaseStore::LastEventId(Connection& c) {
  return c.QueryInt("SELECT COALESCE(MAX(id), 0) FROM case_events");
}

Result<std::vector<CaseStore::FeedRow>> CaseStore::LatestEvents(
    Connection& c, const std::optional<std::vector<int64_t>>& grid_ids,
    int64_t limit) {
  WhereBuilder w;
  if (grid_ids) w.AndIn("k.grid_id", *grid_ids);
  std::string sql = std::string(kFeedSelect) + w.Sql() +
                    " ORDER BY e.id DESC LIMIT " +
                    std::to_string(std::clamp<int64_t>(limit, 1, 200));
  WG_ASSIGN(auto rows, c.Query(sql, w.params()));
  return ReadFeed(rows);
}

Result<PageOf<CaseRow>> CaseStore::List(Connection& c, const CaseFilter& f,
                                        Page page) {
  WhereBuilder w;
  if (f.grid_ids) {
    // Visible by area, or owned by one of the caller's organisations.
    std::string cond = "(grid_id IN (";
    std::vector<SqlValue> params;
    for (size_t i = 0; i < f.grid_ids->size(); ++i) {
      cond += i ? ", ?" : "?";
      params.push_back((*f.grid_ids)[i]);
    }
    if (f.grid_ids->empty()) cond += "NULL";
    cond += ")";
    if (!f.org_ids.empty()) {
      cond += " OR owner_org_id IN (";
      for (size_t i = 0; i < f.org_ids.size(); ++i) {
        cond += i ? ", ?" : "?";
        params.push_back(f.org_ids[i]);
      }
      cond += ")";
    }
    cond += ")";
    w.And(cond, std::move(params));
  }
  if (!f.states.empty()) {
    std::string cond = "state IN (";
    std::vector<SqlValue> params;
    for (size_t i = 0; i < f.states.size(); ++i) {
      cond += i ? ", ?" : "?";
      params.push_back(f.states[i]);
    }
    w.And(cond + ")", std::move(params));
  }
  if (f.grid_id) w.And("grid_id = ?", {*f.grid_id});
  if (f.community_id) w.And("community_id = ?", {*f.community_id});
  if (f.category_id)
    w.And(
        "(category_id = ? OR category_id IN (SELECT id FROM "
        "case_categories WHERE parent_id = ?))",
        {*f.category_id, *f.category_id});
  if (!f.source.empty()) w.And("source = ?", {f.source});
  if (!f.q.empty()) {
    const std::string like = "%" + LikeEscape(f.q) + "%";
    w.And(
        "(number LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' OR "
        "address_text LIKE ? ESCAPE '\\')",
        {like, like, like});
  }
  if (f.overdue) {
    if (*f.overdue)
      w.And("step <> '' AND step_deadline_at < ?", {f.now});
    else
      w.And("(step = '' OR step_deadline_at >= ?)", {f.now});
  }
  if (f.created_from) w.And("created_at >= ?", {*f.created_from});
  if (f.created_to) w.And("created_at < ?", {*f.created_to});
  if (f.major) w.And("is_major = ?", {int64_t{*f.major}});
  if (!f.open311_client.empty())
    w.And("open311_client = ?", {f.open311_client});
  WG_ASSIGN(int64_t total, [&]() -> Result<int64_t> {
    WG_ASSIGN(auto rows,
              c.Query("SELECT COUNT(*) FROM cases" + w.Sql(), w.params()));
    return rows.empty() ? 0 : rows[0].Int(0);
  }());
  WG_ASSIGN(auto rows, c.Query("SELECT " + SelectColumns() + " FROM cases" +
                                   w.Sql() + " ORDER BY id DESC" + page.Sql(),
                               w.params()));
  PageOf<CaseRow> out;
  out.total = total;
  for (const auto& r : rows) out.items.push_back(ReadCase(r));
  return out;
}

Result<std::vector<CaseRow>> CaseStore::OpenNear(Connection& c,
                                                 int64_t category_id,
                                                 int64_t since, double min_lon,
                                                 double max_lon, double min_lat,
                                                 double max_lat) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT " + SelectColumns() +
                        " FROM cases WHERE category_id = ? AND created_at >= "
                        "? AND state NOT IN ('closed', 'voided') AND lon "
                        "BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id "
                        "DESC LIMIT 50",
                    {category_id, since, min_lon, max_lon, min_lat, max_lat}));
  std::vector<CaseRow> out;
  for (const auto& r : rows) out.push_back(ReadCase(r));
  return out;
}

Status CaseStore::LinkAttachments(Connection& c, int64_t case_id,
                                  std::optional<int64_t> event_id,
                                  std::span<const int64_t> attachment_ids,
                                  std::string_view kind) {
  for (int64_t id : attachment_ids)
    WG_TRY(
        c.Exec("INSERT INTO case_attachments (case_id, attachment_id, "
               "event_id, kind) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
               {case_id, id, IntOrNull(event_id), std::string(kind)}));
  return {};
}

Result<std::vector<CaseStore::Link>> CaseStore::Links(Connection& c,
                                                      int64_t case_id) {
  WG_ASSIGN(auto rows, c.Query("SELECT attachment_id, kind, event_id FROM "
                               "case_attachments WHERE case_id = ? ORDER BY "
                               "attachment_id",
                               {case_id}));
  std::vector<Link> out;
  for (const auto& r : rows) out.push_back({r.Int(0), r.Text(1), r.OptInt(2)});
  return out;
}

}  // namespace wangge::store
