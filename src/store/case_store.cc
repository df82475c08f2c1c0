#include "store/case_store.h"

#include <algorithm>
#include <charconv>
#include <string_view>
#include <unordered_map>

namespace wangge::store {

namespace {

SqlValue RealOrNull(std::optional<double> v) {
  return v ? SqlValue(*v) : SqlValue();
}

// The column lists and their binding are kept in one place (and in the
// order of the schema) so that adding a column touches one spot.
constexpr std::string_view kColumns =
    "id, number, tracking, category_id, policy_id, level, urgent, group_case, "
    "source, title, description, address_text, lon, lat, grid_id, "
    "community_id, state, owner_kind, owner_area_id, owner_org_id, owner_role, "
    "owner_since, routed_by, reporter_user_id, reporter_name, "
    "reporter_contact_sealed, reporter_origin, open311_client, "
    "handler_user_id, step, step_seq, step_started_at, step_yellow_at, "
    "step_deadline_at, step_limit_ms, step_basis, alert, escalation_level, "
    "extensions_used, returns_count, rework_count, satisfaction, "
    "satisfaction_comment, reason, review_on, is_major, created_at, "
    "updated_at, accepted_at, handled_at, closed_at, on_time";

constexpr std::string_view kInsertColumns =
    "number, tracking, category_id, policy_id, level, urgent, group_case, "
    "source, title, description, address_text, lon, lat, grid_id, "
    "community_id, state, owner_kind, owner_area_id, owner_org_id, owner_role, "
    "owner_since, routed_by, reporter_user_id, reporter_name, "
    "reporter_contact_sealed, reporter_origin, open311_client, "
    "handler_user_id, step, step_seq, step_started_at, step_yellow_at, "
    "step_deadline_at, step_limit_ms, step_basis, alert, escalation_level, "
    "extensions_used, returns_count, rework_count, satisfaction, "
    "satisfaction_comment, reason, review_on, is_major, created_at, "
    "updated_at, accepted_at, handled_at, closed_at, on_time";

constexpr size_t kInsertWidth = 51;

CaseRow ReadCase(const Row& r) {
  CaseRow row;
  row.id = r.Int(0);
  row.number = r.Text(1);
  row.tracking = r.Text(2);
  row.category_id = r.Int(3);
  row.policy_id = r.Int(4);
  row.level = r.Text(5);
  row.urgent = r.Int(6) != 0;
  row.group_case = r.Int(7) != 0;
  row.source = r.Text(8);
  row.title = r.Text(9);
  row.description = r.Text(10);
  row.address_text = r.Text(11);
  row.lon = r.IsNull(12) ? std::nullopt : std::optional<double>(r.Real(12));
  row.lat = r.IsNull(13) ? std::nullopt : std::optional<double>(r.Real(13));
  row.grid_id = r.Int(14);
  row.community_id = r.Int(15);
  row.state = r.Text(16);
  row.owner_kind = r.Text(17);
  row.owner_area_id = r.OptInt(18);
  row.owner_org_id = r.OptInt(19);
  row.owner_role = r.Text(20);
  row.owner_since = r.Int(21);
  row.routed_by = r.Text(22);
  row.reporter_user_id = r.OptInt(23);
  row.reporter_name = r.Text(24);
  row.reporter_contact_sealed = r.Text(25);
  row.reporter_origin = r.Text(26);
  row.open311_client = r.Text(27);
  row.handler_user_id = r.OptInt(28);
  row.step = r.Text(29);
  row.step_seq = r.Int(30);
  row.step_started_at = r.OptInt(31);
  row.step_yellow_at = r.OptInt(32);
  row.step_deadline_at = r.OptInt(33);
  row.step_limit_ms = r.OptInt(34);
  row.step_basis = r.Text(35);
  row.alert = r.Text(36);
  row.escalation_level = r.Int(37);
  row.extensions_used = r.Int(38);
  row.returns_count = r.Int(39);
  row.rework_count = r.Int(40);
  row.satisfaction = r.Text(41);
  row.satisfaction_comment = r.Text(42);
  row.reason = r.Text(43);
  row.review_on = r.Text(44);
  row.is_major = r.Int(45) != 0;
  row.created_at = r.Int(46);
  row.updated_at = r.Int(47);
  row.accepted_at = r.OptInt(48);
  row.handled_at = r.OptInt(49);
  row.closed_at = r.OptInt(50);
  row.on_time = r.Int(51) != 0;
  return row;
}

void BindInsert(const CaseRow& row, std::vector<SqlValue>& out) {
  out.push_back(SqlValue(row.number));
  out.push_back(SqlValue(row.tracking));
  out.push_back(SqlValue(row.category_id));
  out.push_back(SqlValue(row.policy_id));
  out.push_back(SqlValue(row.level));
  out.push_back(SqlValue(int64_t{row.urgent}));
  out.push_back(SqlValue(int64_t{row.group_case}));
  out.push_back(SqlValue(row.source));
  out.push_back(SqlValue(row.title));
  out.push_back(SqlValue(row.description));
  out.push_back(SqlValue(row.address_text));
  out.push_back(RealOrNull(row.lon));
  out.push_back(RealOrNull(row.lat));
  out.push_back(SqlValue(row.grid_id));
  out.push_back(SqlValue(row.community_id));
  out.push_back(SqlValue(row.state));
  out.push_back(SqlValue(row.owner_kind));
  out.push_back(IntOrNull(row.owner_area_id));
  out.push_back(IntOrNull(row.owner_org_id));
  out.push_back(SqlValue(row.owner_role));
  out.push_back(SqlValue(row.owner_since));
  out.push_back(SqlValue(row.routed_by));
  out.push_back(IntOrNull(row.reporter_user_id));
  out.push_back(SqlValue(row.reporter_name));
  out.push_back(SqlValue(row.reporter_contact_sealed));
  out.push_back(SqlValue(row.reporter_origin));
  out.push_back(SqlValue(row.open311_client));
  out.push_back(IntOrNull(row.handler_user_id));
  out.push_back(SqlValue(row.step));
  out.push_back(SqlValue(row.step_seq));
  out.push_back(IntOrNull(row.step_started_at));
  out.push_back(IntOrNull(row.step_yellow_at));
  out.push_back(IntOrNull(row.step_deadline_at));
  out.push_back(IntOrNull(row.step_limit_ms));
  out.push_back(SqlValue(row.step_basis));
  out.push_back(SqlValue(row.alert));
  out.push_back(SqlValue(row.escalation_level));
  out.push_back(SqlValue(row.extensions_used));
  out.push_back(SqlValue(row.returns_count));
  out.push_back(SqlValue(row.rework_count));
  out.push_back(SqlValue(row.satisfaction));
  out.push_back(SqlValue(row.satisfaction_comment));
  out.push_back(SqlValue(row.reason));
  out.push_back(SqlValue(row.review_on));
  out.push_back(SqlValue(int64_t{row.is_major}));
  out.push_back(SqlValue(row.created_at));
  out.push_back(SqlValue(row.updated_at));
  out.push_back(IntOrNull(row.accepted_at));
  out.push_back(IntOrNull(row.handled_at));
  out.push_back(IntOrNull(row.closed_at));
  out.push_back(SqlValue(int64_t{row.on_time}));
}

constexpr std::string_view kUpdateSql =
    "UPDATE cases SET category_id = ?, level = ?, urgent = ?, group_case = ?, "
    "source = ?, title = ?, description = ?, address_text = ?, lon = ?, lat = "
    "?, grid_id = ?, community_id = ?, state = ?, owner_kind = ?, "
    "owner_area_id = ?, owner_org_id = ?, owner_role = ?, owner_since = ?, "
    "routed_by = ?, handler_user_id = ?, step = ?, step_seq = ?, "
    "step_started_at = ?, step_yellow_at = ?, step_deadline_at = ?, "
    "step_limit_ms = ?, step_basis = ?, alert = ?, escalation_level = ?, "
    "extensions_used = ?, returns_count = ?, rework_count = ?, satisfaction = "
    "?, satisfaction_comment = ?, reason = ?, review_on = ?, is_major = ?, "
    "updated_at = ?, accepted_at = ?, handled_at = ?, closed_at = ?, on_time = "
    "? WHERE id = ?";

std::vector<SqlValue> BindUpdate(const CaseRow& row) {
  std::vector<SqlValue> out;
  out.push_back(SqlValue(row.category_id));
  out.push_back(SqlValue(row.level));
  out.push_back(SqlValue(int64_t{row.urgent}));
  out.push_back(SqlValue(int64_t{row.group_case}));
  out.push_back(SqlValue(row.source));
  out.push_back(SqlValue(row.title));
  out.push_back(SqlValue(row.description));
  out.push_back(SqlValue(row.address_text));
  out.push_back(RealOrNull(row.lon));
  out.push_back(RealOrNull(row.lat));
  out.push_back(SqlValue(row.grid_id));
  out.push_back(SqlValue(row.community_id));
  out.push_back(SqlValue(row.state));
  out.push_back(SqlValue(row.owner_kind));
  out.push_back(IntOrNull(row.owner_area_id));
  out.push_back(IntOrNull(row.owner_org_id));
  out.push_back(SqlValue(row.owner_role));
  out.push_back(SqlValue(row.owner_since));
  out.push_back(SqlValue(row.routed_by));
  out.push_back(IntOrNull(row.handler_user_id));
  out.push_back(SqlValue(row.step));
  out.push_back(SqlValue(row.step_seq));
  out.push_back(IntOrNull(row.step_started_at));
  out.push_back(IntOrNull(row.step_yellow_at));
  out.push_back(IntOrNull(row.step_deadline_at));
  out.push_back(IntOrNull(row.step_limit_ms));
  out.push_back(SqlValue(row.step_basis));
  out.push_back(SqlValue(row.alert));
  out.push_back(SqlValue(row.escalation_level));
  out.push_back(SqlValue(row.extensions_used));
  out.push_back(SqlValue(row.returns_count));
  out.push_back(SqlValue(row.rework_count));
  out.push_back(SqlValue(row.satisfaction));
  out.push_back(SqlValue(row.satisfaction_comment));
  out.push_back(SqlValue(row.reason));
  out.push_back(SqlValue(row.review_on));
  out.push_back(SqlValue(int64_t{row.is_major}));
  out.push_back(SqlValue(row.updated_at));
  out.push_back(IntOrNull(row.accepted_at));
  out.push_back(IntOrNull(row.handled_at));
  out.push_back(IntOrNull(row.closed_at));
  out.push_back(SqlValue(int64_t{row.on_time}));
  out.push_back(SqlValue(row.id));
  return out;
}

constexpr std::string_view kEventColumns =
    "id, case_id, at, user_id, actor_name, action, from_state, to_state, "
    "note, detail";

CaseEventRow ReadEvent(const Row& r) {
  return {r.Int(0),  r.Int(1),  r.Int(2),  r.OptInt(3), r.Text(4),
          r.Text(5), r.Text(6), r.Text(7), r.Text(8),   r.Text(9)};
}

std::string Placeholders(size_t width) {
  std::string s = "(";
  for (size_t i = 0; i < width; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

// Column types of kInsertColumns, in order, for PostgreSQL's arrays:
// t text, b bigint, d double precision.
constexpr std::string_view kInsertTypes =
    "ttbbtbbttttddbbttbbtbtbttttbtbbbbbttbbbbttttbbbbbbb";
static_assert(kInsertTypes.size() == kInsertWidth);

constexpr std::string_view kEventColumnsNoId =
    "case_id, at, user_id, actor_name, action, from_state, to_state, note, "
    "detail";
constexpr std::string_view kEventTypes = "bbbtttttt";

// PostgreSQL array literals, one per column, so that a batch of any size is
// one statement with a fixed text (prepared once per connection) and one
// round trip: INSERT ... SELECT FROM unnest($1::text[], $2::bigint[], ...).
class ColumnArrays {
 public:
  explicit ColumnArrays(size_t width) : cols_(width, "{") {}
  void Add(size_t col, const SqlValue& v) {
    std::string& s = cols_[col];
    if (s.size() > 1) s += ',';
    if (std::holds_alternative<std::monostate>(v)) {
      s += "NULL";
    } else if (const auto* i = std::get_if<int64_t>(&v)) {
      s += std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&v)) {
      // As PgConnection sends a double: 17 digits, no locale.
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d,
                                     std::chars_format::general, 17);
      s.append(buf, end);
    } else {
      s += '"';
      for (char ch : std::get<std::string>(v)) {
        if (ch == '"' || ch == '\\') s += '\\';
        s += ch;
      }
      s += '"';
    }
  }
  std::vector<SqlValue> Params() {
    std::vector<SqlValue> out;
    out.reserve(cols_.size());
    for (auto& s : cols_) out.emplace_back(std::move(s += '}'));
    return out;
  }

 private:
  std::vector<std::string> cols_;
};

// "unnest($1::text[], $2::bigint[], ...)" for the given column types.
std::string Unnest(std::string_view types) {
  std::string s = "unnest(";
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) s += ", ";
    s += '?';
    s += types[i] == 't'   ? "::text[]"
         : types[i] == 'b' ? "::bigint[]"
                           : "::double precision[]";
  }
  return s + ")";
}

Status InsertBatchSqlite(Connection& c, std::span<CaseRow> cases,
                         std::span<CaseEventRow> events) {
  // SQLite runs in-process, so a multi-row statement saves no round trip;
  // one single-row statement, prepared once per connection and stepped
  // per row, avoids parsing a new statement for every batch size.
  static const std::string kCaseSql = "INSERT INTO cases (" +
                                      std::string(kInsertColumns) +
                                      ") VALUES " + Placeholders(kInsertWidth);
  static const std::string kEventSql = "INSERT INTO case_events (" +
                                       std::string(kEventColumnsNoId) +
                                       ") VALUES " + Placeholders(9);
  std::vector<SqlValue> params;
  params.reserve(kInsertWidth);
  for (auto& row : cases) {
    params.clear();
    BindInsert(row, params);
    WG_ASSIGN(row.id, c.Insert(kCaseSql, params));
  }
  for (auto& e : events) {
    // Events refer to their case by position until the ids are known.
    e.case_id = cases[static_cast<size_t>(e.case_id)].id;
    WG_ASSIGN(e.id, c.Insert(kEventSql, {e.case_id, e.at, IntOrNull(e.user_id),
                                         e.actor_name, e.action, e.from_state,
                                         e.to_state, e.note, e.detail}));
  }
  return {};
}

Status InsertBatchPostgres(Connection& c, std::span<CaseRow> cases,
                           std::span<CaseEventRow> events) {
  static const std::string kCaseSql =
      "INSERT INTO cases (" + std::string(kInsertColumns) + ") SELECT * FROM " +
      Unnest(kInsertTypes) + " RETURNING id, number";
  static const std::string kEventSql =
      "INSERT INTO case_events (" + std::string(kEventColumnsNoId) +
      ") SELECT * FROM " + Unnest(kEventTypes) + " RETURNING id, case_id";
  if (!cases.empty()) {
    ColumnArrays cols(kInsertWidth);
    std::vector<SqlValue> row_params;
    row_params.reserve(kInsertWidth);
    std::unordered_map<std::string_view, size_t> by_number;
    for (size_t i = 0; i < cases.size(); ++i) {
      row_params.clear();
      BindInsert(cases[i], row_params);
      for (size_t k = 0; k < kInsertWidth; ++k) cols.Add(k, row_params[k]);
      by_number.emplace(cases[i].number, i);
    }
    WG_ASSIGN(auto rows, c.Query(kCaseSql, cols.Params()));
    // RETURNING order is not promised: match by number.
    for (const auto& r : rows)
      if (auto it = by_number.find(r.Text(1)); it != by_number.end())
        cases[it->second].id = r.Int(0);
  }
  if (events.empty()) return {};
  ColumnArrays cols(9);
  std::unordered_multimap<int64_t, size_t> by_case;
  for (size_t i = 0; i < events.size(); ++i) {
    auto& e = events[i];
    // Events refer to their case by position until the ids are known.
    e.case_id = cases[static_cast<size_t>(e.case_id)].id;
    const SqlValue values[] = {e.case_id,    e.at,         IntOrNull(e.user_id),
                               e.actor_name, e.action,     e.from_state,
                               e.to_state,   e.note,       e.detail};
    for (size_t k = 0; k < 9; ++k) cols.Add(k, values[k]);
    by_case.emplace(e.case_id, i);
  }
  WG_ASSIGN(auto rows, c.Query(kEventSql, cols.Params()));
  for (const auto& r : rows) {
    auto [first, last] = by_case.equal_range(r.Int(1));
    for (auto it = first; it != last; ++it)
      if (events[it->second].id == 0) {
        events[it->second].id = r.Int(0);
        break;
      }
  }
  return {};
}

}  // namespace

Status CaseStore::InsertBatch(Connection& c, std::span<CaseRow> cases,
                              std::span<CaseEventRow> events) {
  if (c.dialect() == Dialect::kPostgres)
    return InsertBatchPostgres(c, cases, events);
  return InsertBatchSqlite(c, cases, events);
}

Result<int64_t> CaseStore::ReserveNumbers(Connection& c, int64_t community_id,
                                          int year, int64_t count) {
  WG_ASSIGN(auto rows,
            c.Query("INSERT INTO case_counters (community_id, year, last) "
                    "VALUES (?, ?, ?) ON CONFLICT (community_id, year) DO "
                    "UPDATE SET last = case_counters.last + excluded.last "
                    "RETURNING last",
                    {community_id, int64_t{year}, count}));
  if (rows.empty()) return Internal("case counter did not return");
  return rows[0].Int(0) - count + 1;
}

Result<CaseRow> CaseStore::Get(Connection& c, int64_t id) {
  WG_ASSIGN(auto rows, c.Query("SELECT " + std::string(kColumns) +
                                   " FROM cases WHERE id = ?",
                               {id}));
  if (rows.empty()) return NotFound("case.not_found", "no such case");
  return ReadCase(rows[0]);
}

Result<CaseRow> CaseStore::GetForUpdate(Connection& c, int64_t id) {
  const bool pg = c.dialect() == Dialect::kPostgres;
  WG_ASSIGN(auto rows,
            c.Query("SELECT " + std::string(kColumns) +
                        " FROM cases WHERE id = ?" + (pg ? " FOR UPDATE" : ""),
                    {id}));
  if (rows.empty()) return NotFound("case.not_found", "no such case");
  return ReadCase(rows[0]);
}

Result<CaseRow> CaseStore::GetByTracking(Connection& c,
                                         const std::string& tracking) {
  WG_ASSIGN(auto rows, c.Query("SELECT " + std::string(kColumns) +
                                   " FROM cases WHERE tracking = ?",
                               {tracking}));
  if (rows.empty())
    return NotFound("case.not_found", "no case with this tracking number");
  return ReadCase(rows[0]);
}

Status CaseStore::Update(Connection& c, const CaseRow& row) {
  auto params = BindUpdate(row);
  WG_ASSIGN(int64_t n, c.Exec(kUpdateSql, params));
  if (n == 0) return NotFound("case.not_found", "no such case");
  return {};
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

Result<std::vector<CaseEventRow>> CaseStore::LatestEvents(
    Connection& c, const std::optional<std::vector<int64_t>>& grid_ids,
    int64_t limit) {
  WhereBuilder w;
  if (grid_ids) w.AndIn("k.grid_id", *grid_ids);
  std::string sql =
      "SELECT e.id, e.case_id, e.at, e.user_id, e.actor_name, "
      "e.action, e.from_state, e.to_state, e.note, e.detail "
      "FROM case_events e JOIN cases k ON k.id = e.case_id" +
      w.Sql() + " ORDER BY e.id DESC LIMIT " +
      std::to_string(std::clamp<int64_t>(limit, 1, 200));
  WG_ASSIGN(auto rows, c.Query(sql, w.params()));
  std::vector<CaseEventRow> out;
  for (const auto& r : rows) out.push_back(ReadEvent(r));
  return out;
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
  WG_ASSIGN(auto rows,
            c.Query("SELECT " + std::string(kColumns) + " FROM cases" +
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
            c.Query("SELECT " + std::string(kColumns) +
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
