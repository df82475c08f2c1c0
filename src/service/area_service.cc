#include "service/area_service.h"

#include <boost/json/parse.hpp>
#include <cctype>
#include <map>
#include <set>

#include "core/masking.h"
#include "service/permissions.h"
#include "store/settings_store.h"
#include "store/user_store.h"

namespace wangge::service {

namespace {
constexpr std::string_view kLevels[] = {"district", "street", "community",
                                        "grid", "micro_grid"};

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string PadSeq(int64_t seq, int digits) {
  std::string s = std::to_string(seq);
  if (static_cast<int>(s.size()) < digits)
    s.insert(0, static_cast<size_t>(digits) - s.size(), '0');
  return s;
}
}  // namespace

std::string_view ChildLevel(std::string_view level) {
  for (size_t i = 0; i + 1 < std::size(kLevels); ++i)
    if (kLevels[i] == level) return kLevels[i + 1];
  return "";
}

Result<CodeLayout> CodeLayout::Parse(const std::string& json) {
  CodeLayout layout;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object())
    return Invalid("settings.code_layout", "code_layout must be a JSON object");
  for (const auto& [key, value] : v.as_object()) {
    if (!value.is_int64() || value.as_int64() < 1 || value.as_int64() > 12)
      return Invalid("settings.code_layout",
                     "code_layout digits must be integers 1..12");
    const int d = static_cast<int>(value.as_int64());
    if (key == "district")
      layout.district = d;
    else if (key == "street")
      layout.street = d;
    else if (key == "community")
      layout.community = d;
    else if (key == "grid")
      layout.grid = d;
    else if (key == "micro_grid")
      layout.micro_grid = d;
  }
  return layout;
}

int CodeLayout::DigitsFor(std::string_view level) const {
  if (level == "district") return district;
  if (level == "street") return street;
  if (level == "community") return community;
  if (level == "grid") return grid;
  if (level == "micro_grid") return micro_grid;
  return 0;
}

Result<CodeLayout> AreaService::Layout(store::Connection& c) {
  WG_ASSIGN(auto json, store::SettingsStore::Get(c, "code_layout"));
  if (!json) return CodeLayout{};
  return CodeLayout::Parse(*json);
}

Result<store::Area> AreaService::CreateArea(const Actor& actor,
                                            const NewArea& a) {
  return db_.Write(
      [&](store::Connection& c) { return CreateArea(c, actor, a); });
}

Result<store::Area> AreaService::CreateArea(store::Connection& c,
                                            const Actor& actor,
                                            const NewArea& a) {
  WG_TRY(Require(actor, Capability::kManageAreas));
  WG_ASSIGN(CodeLayout layout, Layout(c));
  const int digits = layout.DigitsFor(a.level);
  if (digits == 0)
    return Invalid("area.level",
                   "level must be district, street, community, grid or "
                   "micro_grid",
                   "level");
  if (a.name.empty() || a.name.size() > 200)
    return Invalid("area.name", "name is required (at most 200 bytes)", "name");
  if (a.kind != "basic" && a.kind != "dedicated")
    return Invalid("area.kind", "kind must be basic or dedicated", "kind");
  store::Area area;
  area.level = a.level;
  area.name = a.name;
  area.kind = a.kind;
  if (a.level == "district") {
    if (!a.parent_code.empty())
      return Invalid("area.parent", "a district has no parent", "parent_code");
    if (!AllDigits(a.code) || static_cast<int>(a.code.size()) != digits)
      return Invalid("area.code",
                     "district code must be " + std::to_string(digits) +
                         " digits (GB/T 2260)",
                     "code");
    area.code = a.code;
    area.seq = a.seq.value_or(1);
  } else {
    auto parent = store::AreaStore::GetByCode(c, a.parent_code);
    if (!parent)
      return Invalid("area.parent", "no area with code " + a.parent_code,
                     "parent_code");
    if (ChildLevel(parent->level) != a.level)
      return Invalid("area.parent",
                     "a " + a.level + " cannot sit under a " + parent->level,
                     "parent_code");
    if (!InScope(actor, parent->path))
      return Denied("area " + parent->code + " is outside your scope");
    area.parent_id = parent->id;
    if (a.seq) {
      area.seq = *a.seq;
    } else {
      WG_ASSIGN(area.seq, store::AreaStore::NextSeq(c, parent->id));
    }
    if (area.seq < 1 ||
        PadSeq(area.seq, digits).size() > static_cast<size_t>(digits))
      return Invalid(
          "area.seq",
          "sequence must fit in " + std::to_string(digits) + " digits", "seq");
    area.code = parent->code + PadSeq(area.seq, digits);
    if (!a.code.empty() && a.code != area.code)
      return Invalid(
          "area.code",
          "code must be the parent code plus the sequence: " + area.code,
          "code");
  }
  auto created = store::AreaStore::Insert(c, area, clock_.Now());
  if (!created && created.error().key == "db.unique")
    return Conflict("area.exists",
                    "an area with code " + area.code + " already exists",
                    "code");
  if (!created) return created;
  WG_TRY(audit_.Record(c, actor, "area.create",
                       {"area", std::to_string(created->id)},
                       {{"code", created->code}, {"level", created->level}}));
  return created;
}

Result<std::vector<store::Area>> AreaService::ListAreas(
    const Actor& actor, const std::string& level) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  if (ChildLevel(level).empty() && level != "micro_grid")
    return Invalid("area.level", "unknown level " + level, "level");
  return db_.Read(
      [&](store::Connection& c) -> Result<std::vector<store::Area>> {
        WG_ASSIGN(auto areas, store::AreaStore::List(c, level, std::nullopt));
        std::erase_if(areas, [&](const store::Area& a) {
          return !InScopeOrAbove(actor, a.path);
        });
        return areas;
      });
}

Result<store::Area> AreaService::GetArea(const Actor& actor, int64_t id) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read([&](store::Connection& c) -> Result<store::Area> {
    WG_ASSIGN(store::Area area, store::AreaStore::Get(c, id));
    if (!InScopeOrAbove(actor, area.path))
      return Denied("area " + area.code + " is outside your scope");
    return area;
  });
}

Result<std::vector<GridDetail>> AreaService::ListGrids(
    const Actor& actor, std::optional<int64_t> community_id) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read([&](store::Connection& c) -> Result<std::vector<GridDetail>> {
    WG_ASSIGN(auto summaries, store::AreaStore::GridSummaries(
                                  c, community_id, ScopePaths(actor)));
    std::vector<int64_t> ids;
    for (const auto& s : summaries) ids.push_back(s.grid.id);
    WG_ASSIGN(auto members, store::AreaStore::Teams(c, ids));
    std::map<int64_t, std::vector<store::TeamMember>> by_grid;
    for (auto& m : members) by_grid[m.grid_id].push_back(std::move(m));
    std::vector<GridDetail> out;
    out.reserve(summaries.size());
    for (auto& s : summaries) {
      const int64_t id = s.grid.id;
      out.push_back(GridDetail{std::move(s), std::move(by_grid[id])});
    }
    return out;
  });
}

Result<GridDetail> AreaService::GetGrid(const Actor& actor, int64_t grid_id) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read([&](store::Connection& c) -> Result<GridDetail> {
    WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, grid_id));
    if (grid.level != "grid")
      return NotFound("grid.not_found",
                      "no grid with id " + std::to_string(grid_id));
    if (!InScope(actor, grid.path))
      return Denied("grid " + grid.code + " is outside your scope");
    WG_ASSIGN(auto all,
              store::AreaStore::GridSummaries(c, grid.parent_id, std::nullopt));
    for (auto& s : all) {
      if (s.grid.id != grid_id) continue;
      WG_ASSIGN(auto team, store::AreaStore::Team(c, grid_id));
      return GridDetail{std::move(s), std::move(team)};
    }
    return NotFound("grid.not_found", "no grid " + grid.code);
  });
}

Result<store::TeamMember> AreaService::AddTeamMember(const Actor& actor,
                                                     const NewTeamMember& m) {
  return db_.Write(
      [&](store::Connection& c) { return AddTeamMember(c, actor, m); });
}

Result<store::TeamMember> AreaService::AddTeamMember(store::Connection& c,
                                                     const Actor& actor,
                                                     const NewTeamMember& m) {
  WG_TRY(Require(actor, Capability::kManageTeams));
  WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, m.grid_id));
  if (grid.level != "grid")
    return Invalid("team.grid", "team members belong to grids", "grid_id");
  if (!InScope(actor, grid.path))
    return Denied("grid " + grid.code + " is outside your scope");
  if (m.name.empty() || m.name.size() > 100)
    return Invalid("team.name", "name is required", "name");
  if (!m.phone.empty() && !IsPlausiblePhone(m.phone))
    return Invalid("team.phone", "phone is not a valid number", "phone");
  store::TeamMember member{0, m.grid_id, m.role, m.name, m.phone, {}};
  if (!m.username.empty()) {
    WG_ASSIGN(auto user, store::UserStore::FindByUsername(c, m.username));
    if (!user)
      return Invalid("team.username", "no user " + m.username, "username");
    member.user_id = user->id;
  }
  auto id = store::AreaStore::InsertTeamMember(c, member, clock_.Now());
  if (!id && id.error().key == "db.foreign_key")
    return Invalid("team.role", "unknown team role " + m.role, "role");
  if (!id && id.error().key == "db.unique")
    return Conflict("team.role_taken",
                    "grid " + grid.code + " already has a " + m.role +
                        "; remove the current one first",
                    "role");
  if (!id) return std::unexpected(id.error());
  member.id = *id;
  WG_TRY(audit_.Record(c, actor, "team.add",
                       {"team_member", std::to_string(*id)},
                       {{"grid", grid.code}, {"role", m.role}}));
  return member;
}

Status AreaService::RemoveTeamMember(const Actor& actor, int64_t member_id) {
  WG_TRY(Require(actor, Capability::kManageTeams));
  return db_.Write([&](store::Connection& c) -> Status {
    WG_ASSIGN(auto member, store::AreaStore::GetTeamMember(c, member_id));
    WG_ASSIGN(store::Area grid, store::AreaStore::Get(c, member.grid_id));
    if (!InScope(actor, grid.path))
      return Denied("grid " + grid.code + " is outside your scope");
    WG_TRY(store::AreaStore::DeleteTeamMember(c, member_id));
    return audit_.Record(c, actor, "team.remove",
                         {"team_member", std::to_string(member_id)},
                         {{"grid", grid.code}, {"role", member.role}});
  });
}

Result<std::vector<store::TeamRole>> AreaService::Roles(const Actor& actor) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read(
      [](store::Connection& c) { return store::AreaStore::Roles(c); });
}

Status AreaService::SetDuties(const Actor& actor, const std::string& role,
                              const std::vector<std::string>& duties) {
  WG_TRY(Require(actor, Capability::kManageAreas));
  for (size_t i = 0; i < duties.size(); ++i)
    if (duties[i].empty() || duties[i].size() > 1000)
      return Invalid(
          "duty.text",
          "duty " + std::to_string(i + 1) + " must be 1 to 1000 bytes",
          "duties");
  return db_.Write([&](store::Connection& c) -> Status {
    WG_TRY(store::AreaStore::ReplaceDuties(c, role, duties, clock_.Now()));
    return audit_.Record(c, actor, "duties.update", {"team_role", role},
                         {{"count", static_cast<int64_t>(duties.size())}});
  });
}

Result<std::vector<store::VillageGroup>> AreaService::VillageGroups(
    const Actor& actor, std::optional<int64_t> community_id) {
  WG_TRY(Require(actor, Capability::kReadGrids));
  return db_.Read(
      [&](store::Connection& c) -> Result<std::vector<store::VillageGroup>> {
        WG_ASSIGN(auto groups,
                  store::AreaStore::VillageGroups(c, community_id));
        if (actor.all_areas) return groups;
        // A village group is visible with its grid, or with its community to
        // leaders of the community and above.
        WG_ASSIGN(auto grids, ScopedGridIds(c, actor));
        std::set<int64_t> own;
        if (grids) own.insert(grids->begin(), grids->end());
        std::map<int64_t, bool> community_visible;
        std::erase_if(groups, [&](const store::VillageGroup& g) {
          if (g.grid_id && own.count(*g.grid_id)) return false;
          auto it = community_visible.find(g.community_id);
          if (it == community_visible.end()) {
            auto community = store::AreaStore::Get(c, g.community_id);
            it = community_visible
                     .emplace(g.community_id,
                              community && InScope(actor, community->path))
                     .first;
          }
          return !it->second;
        });
        return groups;
      });
}

}  // namespace wangge::service
