// Patrol teams (巡逻队) and their members.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/sql.h"

namespace wangge::store {

struct PatrolTeam {
  int64_t id = 0;
  int64_t community_id = 0;
  std::string name;
  std::string kind;  // volunteer | night | supervision | other
  int64_t members = 0;
  std::string leader_name;
};

struct PatrolMember {
  int64_t id = 0;
  int64_t team_id = 0;
  std::string name;
  std::string phone;
  std::optional<int64_t> resident_id;
  bool is_leader = false;
};

class PatrolStore {
 public:
  static Result<int64_t> InsertTeam(Connection& c, const PatrolTeam& t,
                                    int64_t now);
  static Result<int64_t> InsertMember(Connection& c, const PatrolMember& m,
                                      int64_t now);
  // Teams with member counts and leader names, optionally of one community.
  static Result<std::vector<PatrolTeam>> Teams(
      Connection& c, std::optional<int64_t> community_id);
};

}  // namespace wangge::store
