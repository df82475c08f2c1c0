#include "store/patrol_store.h"

#include "store/query_builder.h"

namespace wangge::store {

Result<int64_t> PatrolStore::InsertTeam(Connection& c, const PatrolTeam& t,
                                        int64_t now) {
  return c.Insert(
      "INSERT INTO patrol_teams (community_id, name, kind, created_at) VALUES "
      "(?, ?, ?, ?)",
      {t.community_id, t.name, t.kind, now});
}

Result<int64_t> PatrolStore::InsertMember(Connection& c, const PatrolMember& m,
                                          int64_t now) {
  return c.Insert(
      "INSERT INTO patrol_members (team_id, name, phone, resident_id, "
      "is_leader, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {m.team_id, m.name, m.phone, IntOrNull(m.resident_id),
       int64_t{m.is_leader ? 1 : 0}, now});
}

Result<std::vector<PatrolTeam>> PatrolStore::Teams(
    Connection& c, std::optional<int64_t> community_id) {
  WhereBuilder w;
  if (community_id) w.And("t.community_id = ?", {*community_id});
  const std::string sql =
      "SELECT t.id, t.community_id, t.name, t.kind, "
      "(SELECT COUNT(*) FROM patrol_members m WHERE m.team_id = t.id), "
      "COALESCE((SELECT MIN(m.name) FROM patrol_members m WHERE m.team_id = "
      "t.id AND m.is_leader = 1), '') FROM patrol_teams t" +
      w.Sql() + " ORDER BY t.id";
  WG_ASSIGN(Rows rows, c.Query(sql, w.params()));
  std::vector<PatrolTeam> out;
  for (const auto& r : rows)
    out.push_back(PatrolTeam{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4),
                             r.Text(5)});
  return out;
}

}  // namespace wangge::store
