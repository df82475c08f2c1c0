// Who is acting: the authenticated user with role and area scopes, or the
// local operator running the CLI. Every service call takes an Actor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/user_store.h"

namespace wangge::service {

enum class Role {
  kSystemAdmin,
  kSecurityAdmin,
  kAuditor,
  kStreetLeader,
  kCommunityLeader,
  kGridStaff,
  kPatrolMember,
};

// "system_admin" etc.; nullopt for an unknown name.
std::optional<Role> ParseRole(std::string_view name);
const char* RoleName(Role role);
// All role names, for help text and error messages.
std::string RoleNames();

struct Actor {
  std::optional<int64_t> user_id;  // empty for the CLI operator
  std::string username;
  Role role = Role::kPatrolMember;
  // Area scopes with materialised paths ("/1/4/"); the CLI operator and the
  // city-wide administrative roles see everything.
  std::vector<store::UserScope> scopes;
  bool all_areas = false;
  std::string remote_addr;
  std::string locale = "zh-CN";

  // The local operator: full rights, audited as "cli".
  static Actor Cli();
};

}  // namespace wangge::service
