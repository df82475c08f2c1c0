#include "store/enforcement_store.h"

namespace wangge::store {

namespace {

constexpr std::string_view kTaskColumns =
    "t.id, t.number, t.title, t.lead_org_id, t.status, t.info, t.created_at, "
    "t.created_by, t.scheduled_on, t.closed_at, o.name";

constexpr std::string_view kTaskFrom =
    " FROM enforcement_tasks t JOIN org_units o ON o.id = t.lead_org_id";

EnforcementTaskRow ReadTask(const Row& r) {
  EnforcementTaskRow t;
  t.id = r.Int(0);
  t.number = r.Text(1);
  t.title = r.Text(2);
  t.lead_org_id = r.Int(3);
  t.status = r.Text(4);
  t.info = r.Text(5);
  t.created_at = r.Int(6);
  t.created_by = r.OptInt(7);
  t.scheduled_on = r.Text(8);
  t.closed_at = r.OptInt(9);
  t.lead_org_name = r.Text(10);
  return t;
}

Result<EnforcementTaskRow> GetTask(Connection& c, int64_t id, bool lock) {
  WG_ASSIGN(auto rows, c.Query("SELECT " + std::string(kTaskColumns) +
                                   std::string(kTaskFrom) + " WHERE t.id = ?" +
                                   (lock ? " FOR UPDATE OF t" : ""),
                               {id}));
  if (rows.empty())
    return NotFound("enforcement.not_found", "no such enforcement task");
  return ReadTask(rows[0]);
}

}  // namespace

Status EnforcementStore::LockNumbering(Connection& c) {
  if (c.dialect() != Dialect::kPostgres) return {};
  WG_TRY(c.Exec("LOCK TABLE enforcement_tasks IN SHARE ROW EXCLUSIVE MODE"));
  return {};
}

Result<int64_t> EnforcementStore::CountNumbered(Connection& c,
                                                const std::string& prefix) {
  return c.QueryInt(
      "SELECT COUNT(*) FROM enforcement_tasks WHERE number LIKE ? ESCAPE '\\'",
      {LikeEscape(prefix) + "%"});
}

Result<int64_t> EnforcementStore::Insert(Connection& c,
                                         const EnforcementTaskRow& row) {
  return c.Insert(
      "INSERT INTO enforcement_tasks (number, title, lead_org_id, status, "
      "info, created_at, created_by, scheduled_on, closed_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?)",
      {row.number, row.title, row.lead_org_id, row.status, row.info,
       row.created_at, IntOrNull(row.created_by), row.scheduled_on,
       IntOrNull(row.closed_at)});
}

Result<EnforcementTaskRow> EnforcementStore::Get(Connection& c, int64_t id) {
  return GetTask(c, id, false);
}

Result<EnforcementTaskRow> EnforcementStore::GetForUpdate(Connection& c,
                                                          int64_t id) {
  return GetTask(c, id, c.dialect() == Dialect::kPostgres);
}

Status EnforcementStore::Update(Connection& c, const EnforcementTaskRow& row) {
  WG_ASSIGN(int64_t n,
            c.Exec("UPDATE enforcement_tasks SET status = ?, info = ?, "
                   "scheduled_on = ?, closed_at = ? WHERE id = ?",
                   {row.status, row.info, row.scheduled_on,
                    IntOrNull(row.closed_at), row.id}));
  if (n == 0)
    return NotFound("enforcement.not_found", "no such enforcement task");
  return {};
}

Result<PageOf<EnforcementTaskRow>> EnforcementStore::List(
    Connection& c, const EnforcementFilter& f, Page page) {
  WhereBuilder w;
  if (!f.status.empty()) w.And("t.status = ?", {f.status});
  if (!f.everything) {
    std::vector<std::string> parts;
    std::vector<SqlValue> params;
    if (!f.scope_paths.empty()) {
      std::string in_scope;
      for (const auto& path : f.scope_paths) {
        if (!in_scope.empty()) in_scope += " OR ";
        in_scope += "(a.path >= ? AND a.path < ?)";
        params.push_back(path);
        params.push_back(path + "~");
      }
      parts.push_back(
          "EXISTS (SELECT 1 FROM enforcement_task_cases tc JOIN cases k ON "
          "k.id = tc.case_id JOIN areas a ON a.id = k.grid_id WHERE "
          "tc.task_id = t.id AND (" +
          in_scope + "))");
    }
    if (!f.org_ids.empty()) {
      std::string marks;
      for (size_t i = 0; i < f.org_ids.size(); ++i) marks += i ? ", ?" : "?";
      parts.push_back("t.lead_org_id IN (" + marks + ")");
      for (int64_t o : f.org_ids) params.push_back(o);
      parts.push_back(
          "EXISTS (SELECT 1 FROM enforcement_departments d WHERE d.task_id = "
          "t.id AND d.org_id IN (" +
          marks + "))");
      for (int64_t o : f.org_ids) params.push_back(o);
    }
    if (parts.empty()) {
      w.And("1 = 0");
    } else {
      std::string cond = "(";
      for (size_t i = 0; i < parts.size(); ++i)
        cond += (i ? " OR " : "") + parts[i];
      w.And(cond + ")", std::move(params));
    }
  }
  WG_ASSIGN(auto count,
            c.Query("SELECT COUNT(*) FROM enforcement_tasks t" + w.Sql(),
                    w.params()));
  WG_ASSIGN(auto rows, c.Query("SELECT " + std::string(kTaskColumns) +
                                   std::string(kTaskFrom) + w.Sql() +
                                   " ORDER BY t.id DESC" + page.Sql(),
                               w.params()));
  PageOf<EnforcementTaskRow> out;
  out.total = count.empty() ? 0 : count[0].Int(0);
  for (const auto& r : rows) out.items.push_back(ReadTask(r));
  return out;
}

Status EnforcementStore::LinkCase(Connection& c, int64_t task_id,
                                  int64_t case_id) {
  WG_TRY(c.Exec(
      "INSERT INTO enforcement_task_cases (task_id, case_id) VALUES (?, ?)",
      {task_id, case_id}));
  return {};
}

Result<std::vector<EnforcementCaseRow>> EnforcementStore::Cases(
    Connection& c, int64_t task_id) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT k.id, k.number, k.title, k.state, k.grid_id FROM "
                    "enforcement_task_cases tc JOIN cases k ON k.id = "
                    "tc.case_id WHERE tc.task_id = ? ORDER BY k.id",
                    {task_id}));
  std::vector<EnforcementCaseRow> out;
  for (const auto& r : rows)
    out.push_back({r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4)});
  return out;
}

Result<std::optional<std::string>> EnforcementStore::OpenTaskOfCase(
    Connection& c, int64_t case_id) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT t.number FROM enforcement_task_cases tc JOIN "
                    "enforcement_tasks t ON t.id = tc.task_id WHERE "
                    "tc.case_id = ? AND t.status <> 'done' ORDER BY t.id "
                    "LIMIT 1",
                    {case_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

Status EnforcementStore::AddDepartment(Connection& c, int64_t task_id,
                                       int64_t org_id) {
  WG_TRY(c.Exec(
      "INSERT INTO enforcement_departments (task_id, org_id) VALUES (?, ?)",
      {task_id, org_id}));
  return {};
}

Result<std::vector<EnforcementDepartmentRow>> EnforcementStore::Departments(
    Connection& c, int64_t task_id) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT d.task_id, d.org_id, o.name, d.response, "
                    "d.responded_at, d.responded_by, u.display_name, "
                    "u.username, d.rating FROM enforcement_departments d "
                    "JOIN org_units o ON o.id = d.org_id LEFT JOIN users u "
                    "ON u.id = d.responded_by WHERE d.task_id = ? ORDER BY "
                    "d.org_id",
                    {task_id}));
  std::vector<EnforcementDepartmentRow> out;
  for (const auto& r : rows) {
    EnforcementDepartmentRow d;
    d.task_id = r.Int(0);
    d.org_id = r.Int(1);
    d.org_name = r.Text(2);
    d.response = r.Text(3);
    d.responded_at = r.OptInt(4);
    d.responded_by = r.OptInt(5);
    d.responded_by_name = r.Text(6).empty() ? r.Text(7) : r.Text(6);
    d.rating = r.OptInt(8);
    out.push_back(std::move(d));
  }
  return out;
}

Status EnforcementStore::SetResponse(Connection& c, int64_t task_id,
                                     int64_t org_id,
                                     const std::string& response, int64_t at,
                                     std::optional<int64_t> by) {
  WG_ASSIGN(int64_t n,
            c.Exec("UPDATE enforcement_departments SET response = ?, "
                   "responded_at = ?, responded_by = ? WHERE task_id = ? AND "
                   "org_id = ?",
                   {response, at, IntOrNull(by), task_id, org_id}));
  if (n == 0)
    return NotFound("enforcement.department",
                    "the department is not part of this task");
  return {};
}

Status EnforcementStore::SetRating(Connection& c, int64_t task_id,
                                   int64_t org_id, int64_t rating) {
  WG_ASSIGN(int64_t n, c.Exec("UPDATE enforcement_departments SET rating = ? "
                              "WHERE task_id = ? AND org_id = ?",
                              {rating, task_id, org_id}));
  if (n == 0)
    return NotFound("enforcement.department",
                    "the department is not part of this task");
  return {};
}

Result<std::optional<std::string>> EnforcementStore::OrgKind(Connection& c,
                                                             int64_t org_id) {
  WG_ASSIGN(auto rows,
            c.Query("SELECT kind FROM org_units WHERE id = ?", {org_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

}  // namespace wangge::store
