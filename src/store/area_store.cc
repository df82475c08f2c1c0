#include "store/area_store.h"

#include <map>

#include "store/query_builder.h"

namespace wangge::store {

namespace {
constexpr std::string_view kAreaColumns =
    "id, parent_id, level, code, name, path, seq, kind, created_at";

Area ReadArea(const Row& r) {
  return Area{r.Int(0),  r.OptInt(1), r.Text(2), r.Text(3), r.Text(4),
              r.Text(5), r.Int(6),    r.Text(7), r.Int(8)};
}

Result<std::vector<Area>> ReadAreas(Result<Rows> rows) {
  if (!rows) return std::unexpected(rows.error());
  std::vector<Area> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ReadArea(r));
  return out;
}

TeamMember ReadMember(const Row& r) {
  return TeamMember{r.Int(0),  r.Int(1),  r.Text(2),
                    r.Text(3), r.Text(4), r.OptInt(5)};
}
constexpr std::string_view kMemberColumns =
    "id, grid_id, role, name, phone, user_id";
}  // namespace

Result<Area> AreaStore::Insert(Connection& c, Area area, int64_t now) {
  constexpr std::string_view kInsert =
      "INSERT INTO areas (parent_id, level, code, name, path, seq, kind, "
      "created_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)";
  constexpr std::string_view kSetPath =
      "UPDATE areas SET path = ? WHERE id = ?";
  std::string parent_path = "/";
  if (area.parent_id) {
    WG_ASSIGN(Area parent, Get(c, *area.parent_id));
    parent_path = parent.path;
  }
  area.created_at = now;
  WG_ASSIGN(area.id,
            c.Insert(kInsert, {IntOrNull(area.parent_id), area.level, area.code,
                               area.name, area.seq, area.kind, now}));
  area.path = parent_path + std::to_string(area.id) + "/";
  WG_TRY(c.Exec(kSetPath, {area.path, area.id}));
  return area;
}

Result<Area> AreaStore::Get(Connection& c, int64_t id) {
  static const std::string kSql =
      "SELECT " + std::string(kAreaColumns) + " FROM areas WHERE id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "area"));
  return ReadArea(r);
}

Result<Area> AreaStore::GetByCode(Connection& c, const std::string& code) {
  static const std::string kSql =
      "SELECT " + std::string(kAreaColumns) + " FROM areas WHERE code = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {code}, "area"));
  return ReadArea(r);
}

Result<std::vector<Area>> AreaStore::List(
    Connection& c, const std::string& level,
    const std::optional<std::vector<std::string>>& under_paths) {
  WhereBuilder w;
  w.And("level = ?", {level});
  if (under_paths) w.AndUnderAnyPath("path", *under_paths);
  const std::string sql = "SELECT " + std::string(kAreaColumns) +
                          " FROM areas" + w.Sql() + " ORDER BY code";
  return ReadAreas(c.Query(sql, w.params()));
}

Result<std::vector<Area>> AreaStore::Children(Connection& c,
                                              int64_t parent_id) {
  static const std::string kSql =
      "SELECT " + std::string(kAreaColumns) +
      " FROM areas WHERE parent_id = ? ORDER BY seq";
  return ReadAreas(c.Query(kSql, {parent_id}));
}

Result<int64_t> AreaStore::NextSeq(Connection& c, int64_t parent_id) {
  WG_ASSIGN(int64_t max_seq,
            c.QueryInt("SELECT COALESCE(MAX(seq), 0) FROM areas WHERE "
                       "parent_id = ?",
                       {parent_id}));
  return max_seq + 1;
}

Result<std::vector<GridSummary>> AreaStore::GridSummaries(
    Connection& c, std::optional<int64_t> community_id,
    const std::optional<std::vector<std::string>>& under_paths) {
  WhereBuilder w;
  w.And("g.level = 'grid'");
  if (community_id) w.And("g.parent_id = ?", {*community_id});
  if (under_paths) w.AndUnderAnyPath("g.path", *under_paths);
  const std::string sql =
      "SELECT g.id, g.parent_id, g.level, g.code, g.name, g.path, g.seq, "
      "g.kind, g.created_at, p.code, p.name FROM areas g LEFT JOIN areas p ON "
      "p.id = g.parent_id" +
      w.Sql() + " ORDER BY g.code";
  WG_ASSIGN(Rows rows, c.Query(sql, w.params()));
  std::vector<GridSummary> out;
  out.reserve(rows.size());
  std::map<int64_t, size_t> index;
  std::vector<int64_t> ids;
  for (const auto& r : rows) {
    GridSummary s;
    s.grid = ReadArea(r);
    s.community_code = r.Text(9);
    s.community_name = r.Text(10);
    index[s.grid.id] = out.size();
    ids.push_back(s.grid.id);
    out.push_back(std::move(s));
  }
  if (ids.empty()) return out;
  // One grouped count per table, limited to these grids through the
  // grid_id indexes.
  struct Count {
    std::string_view table;
    int64_t GridSummary::*field;
  };
  for (const Count& count :
       {Count{"households", &GridSummary::households},
        Count{"residents", &GridSummary::population},
        Count{"village_groups", &GridSummary::village_groups}}) {
    WhereBuilder in;
    in.AndIn("grid_id", ids);
    WG_ASSIGN(Rows counts, c.Query("SELECT grid_id, COUNT(*) FROM " +
                                       std::string(count.table) + in.Sql() +
                                       " GROUP BY grid_id",
                                   in.params()));
    for (const auto& r : counts)
      out[index.at(r.Int(0))].*count.field = r.Int(1);
  }
  return out;
}

Result<int64_t> AreaStore::InsertVillageGroup(Connection& c,
                                              const VillageGroup& g,
                                              int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO village_groups (community_id, grid_id, code, name, "
      "population, households, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
  return c.Insert(kSql, {g.community_id, IntOrNull(g.grid_id), g.code, g.name,
                         g.population, g.households, now});
}

Result<std::vector<VillageGroup>> AreaStore::VillageGroups(
    Connection& c, std::optional<int64_t> community_id) {
  WhereBuilder w;
  if (community_id) w.And("community_id = ?", {*community_id});
  const std::string sql =
      "SELECT id, community_id, grid_id, code, name, population, households "
      "FROM village_groups" +
      w.Sql() + " ORDER BY code";
  WG_ASSIGN(Rows rows, c.Query(sql, w.params()));
  std::vector<VillageGroup> out;
  for (const auto& r : rows)
    out.push_back(VillageGroup{r.Int(0), r.Int(1), r.OptInt(2), r.Text(3),
                               r.Text(4), r.Int(5), r.Int(6)});
  return out;
}

Result<int64_t> AreaStore::InsertTeamMember(Connection& c, const TeamMember& m,
                                            int64_t now) {
  constexpr std::string_view kSql =
      "INSERT INTO team_members (grid_id, role, name, phone, user_id, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)";
  return c.Insert(
      kSql, {m.grid_id, m.role, m.name, m.phone, IntOrNull(m.user_id), now});
}

Result<std::vector<TeamMember>> AreaStore::Team(Connection& c,
                                                int64_t grid_id) {
  return Teams(c, {grid_id});
}

Result<std::vector<TeamMember>> AreaStore::Teams(
    Connection& c, const std::vector<int64_t>& grid_ids) {
  WhereBuilder w;
  w.AndIn("m.grid_id", grid_ids);
  const std::string sql =
      "SELECT m.id, m.grid_id, m.role, m.name, m.phone, m.user_id FROM "
      "team_members m JOIN team_roles r ON r.role = m.role" +
      w.Sql() + " ORDER BY m.grid_id, r.sort, m.id";
  WG_ASSIGN(Rows rows, c.Query(sql, w.params()));
  std::vector<TeamMember> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ReadMember(r));
  return out;
}

Result<TeamMember> AreaStore::GetTeamMember(Connection& c, int64_t id) {
  static const std::string kSql = "SELECT " + std::string(kMemberColumns) +
                                  " FROM team_members WHERE id = ?";
  WG_ASSIGN(Row r, c.QueryOne(kSql, {id}, "team_member"));
  return ReadMember(r);
}

Status AreaStore::DeleteTeamMember(Connection& c, int64_t id) {
  WG_ASSIGN(int64_t n, c.Exec("DELETE FROM team_members WHERE id = ?", {id}));
  if (n == 0) return NotFound("team_member.not_found", "team member not found");
  return {};
}

Result<std::vector<TeamRole>> AreaStore::Roles(Connection& c) {
  WG_ASSIGN(Rows roles,
            c.Query("SELECT role, name_zh, name_en, required FROM team_roles "
                    "ORDER BY sort"));
  WG_ASSIGN(Rows duties,
            c.Query("SELECT role, text FROM role_duties ORDER BY role, seq"));
  std::map<std::string, std::vector<std::string>> by_role;
  for (const auto& d : duties) by_role[d.Text(0)].push_back(d.Text(1));
  std::vector<TeamRole> out;
  for (const auto& r : roles)
    out.push_back(TeamRole{r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0,
                           by_role[r.Text(0)]});
  return out;
}

Status AreaStore::ReplaceDuties(Connection& c, const std::string& role,
                                const std::vector<std::string>& duties,
                                int64_t now) {
  WG_ASSIGN(
      int64_t exists,
      c.QueryInt("SELECT COUNT(*) FROM team_roles WHERE role = ?", {role}));
  if (exists == 0)
    return NotFound("team_role.not_found", "no team role " + role);
  WG_TRY(c.Exec("DELETE FROM role_duties WHERE role = ?", {role}));
  for (size_t i = 0; i < duties.size(); ++i)
    WG_TRY(
        c.Exec("INSERT INTO role_duties (role, seq, text, updated_at) "
               "VALUES (?, ?, ?, ?)",
               {role, static_cast<int64_t>(i + 1), duties[i], now}));
  return {};
}

}  // namespace wangge::store
