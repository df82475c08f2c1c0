// Areas, grid codes, village groups, grid teams and duty lists.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "service/actor.h"
#include "service/audit_service.h"
#include "store/area_store.h"
#include "store/database.h"

namespace wangge::service {

// Digits of the local sequence each level appends to its parent's code.
// The default follows CJ/T 349: 6-digit county (GB/T 2260), 3-digit street,
// 3-digit community, 2-digit grid; micro-grids add 2 more.
struct CodeLayout {
  int district = 6;
  int street = 3;
  int community = 3;
  int grid = 2;
  int micro_grid = 2;

  // Parses the JSON setting {"street":3,...}; missing keys keep defaults.
  static Result<CodeLayout> Parse(const std::string& json);
  // Digits for a level, or 0 for an unknown level.
  int DigitsFor(std::string_view level) const;
};

// The level directly below `level` ("" for micro_grid).
std::string_view ChildLevel(std::string_view level);

struct NewArea {
  std::string level;        // district | street | community | grid | micro_grid
  std::string parent_code;  // empty for a district
  std::string name;
  std::string code;  // districts: required (GB/T 2260); others: optional
  std::optional<int64_t> seq;  // next free sequence when empty
  std::string kind = "basic";  // grids: basic | dedicated
};

struct GridDetail {
  store::GridSummary summary;
  std::vector<store::TeamMember> team;
};

struct NewTeamMember {
  int64_t grid_id = 0;
  std::string role;
  std::string name;
  std::string phone;
  std::string username;  // optional linked account
};

class AreaService {
 public:
  AreaService(store::Database& db, const Clock& clock,
              const AuditService& audit)
      : db_(db), clock_(clock), audit_(audit) {}

  Result<store::Area> CreateArea(const Actor& actor, const NewArea& a);
  // Same, inside the caller's transaction (demo loading, imports).
  Result<store::Area> CreateArea(store::Connection& c, const Actor& actor,
                                 const NewArea& a);
  Result<std::vector<store::Area>> ListAreas(const Actor& actor,
                                             const std::string& level);
  Result<store::Area> GetArea(const Actor& actor, int64_t id);

  Result<std::vector<GridDetail>> ListGrids(
      const Actor& actor, std::optional<int64_t> community_id);
  Result<GridDetail> GetGrid(const Actor& actor, int64_t grid_id);

  Result<store::TeamMember> AddTeamMember(const Actor& actor,
                                          const NewTeamMember& m);
  Result<store::TeamMember> AddTeamMember(store::Connection& c,
                                          const Actor& actor,
                                          const NewTeamMember& m);
  Status RemoveTeamMember(const Actor& actor, int64_t member_id);

  Result<std::vector<store::TeamRole>> Roles(const Actor& actor);
  Status SetDuties(const Actor& actor, const std::string& role,
                   const std::vector<std::string>& duties);

  Result<std::vector<store::VillageGroup>> VillageGroups(
      const Actor& actor, std::optional<int64_t> community_id);

 private:
  Result<CodeLayout> Layout(store::Connection& c);
  store::Database& db_;
  const Clock& clock_;
  const AuditService& audit_;
};

}  // namespace wangge::service
