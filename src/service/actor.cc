#include "service/actor.h"

#include <array>
#include <utility>

namespace wangge::service {

namespace {
constexpr std::array<std::pair<std::string_view, Role>, 7> kRoles = {{
    {"system_admin", Role::kSystemAdmin},
    {"security_admin", Role::kSecurityAdmin},
    {"auditor", Role::kAuditor},
    {"street_leader", Role::kStreetLeader},
    {"community_leader", Role::kCommunityLeader},
    {"grid_staff", Role::kGridStaff},
    {"patrol_member", Role::kPatrolMember},
}};
}  // namespace

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [n, r] : kRoles)
    if (n == name) return r;
  return std::nullopt;
}

const char* RoleName(Role role) {
  for (const auto& [n, r] : kRoles)
    if (r == role) return n.data();
  return "unknown";
}

std::string RoleNames() {
  std::string out;
  for (const auto& [n, r] : kRoles) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

Actor Actor::Cli() {
  Actor a;
  a.username = "cli";
  a.role = Role::kSystemAdmin;
  a.all_areas = true;
  a.remote_addr = "local";
  return a;
}

}  // namespace wangge::service
