#include "service/responsibility.h"

#include <algorithm>

namespace wangge::service {

namespace {

// Area ids from the grid up to the root, most specific first.
std::vector<int64_t> AreaChain(const CaseCatalog::Snapshot& s, int64_t id) {
  std::vector<int64_t> chain;
  for (const AreaNode* a = s.Area(id); a;
       a = a->parent_id ? s.Area(*a->parent_id) : nullptr)
    chain.push_back(a->id);
  return chain;
}

std::string RoleLabel(std::string_view role) {
  if (role == "leader") return "网格负责人";
  if (role == "community_worker") return "社区工作人员";
  if (role == "group_leader") return "居民小组长";
  return std::string(role);
}

}  // namespace

Owner CommunityOffice(const CaseCatalog::Snapshot& s, int64_t grid_id) {
  const AreaNode* community = s.Ancestor(grid_id, "community");
  return {.kind = "community",
          .area_id = community ? std::optional(community->id) : std::nullopt};
}

Result<Owner> OwnerForParty(const CaseCatalog::Snapshot& s,
                            const std::string& party_kind,
                            const std::string& party_role,
                            std::optional<int64_t> party_org_id,
                            int64_t grid_id) {
  if (party_kind == "grid_role")
    return Owner{.kind = "grid", .area_id = grid_id, .role = party_role};
  if (party_kind == "community_office") return CommunityOffice(s, grid_id);
  if (party_kind == "street_office") {
    const AreaNode* street = s.Ancestor(grid_id, "street");
    if (!street)
      return Invalid("party.street", "the grid lies in no street",
                     "party_kind");
    return Owner{.kind = "street", .area_id = street->id};
  }
  if (party_kind == "department" || party_kind == "functional_zone") {
    if (!party_org_id || !s.orgs.contains(*party_org_id) ||
        s.orgs.at(*party_org_id).kind != party_kind)
      return Invalid("party.org", "party_org_id must name a " + party_kind,
                     "party_org_id");
    return Owner{.kind = party_kind, .org_id = party_org_id};
  }
  return Invalid("party.kind",
                 "party_kind must be grid_role, community_office, "
                 "street_office, department or functional_zone",
                 "party_kind");
}

Status ValidateRuleParty(const CaseCatalog::Snapshot& s,
                         const store::RuleRow& rule) {
  if (!s.Category(rule.category_id))
    return Invalid("rule.category", "no such category", "category_id");
  if (!s.Area(rule.area_id))
    return Invalid("rule.area", "no such area", "area_id");
  if (rule.party_kind == "grid_role" && rule.party_role != "leader" &&
      rule.party_role != "community_worker" &&
      rule.party_role != "group_leader")
    return Invalid("rule.role",
                   "party_role must be leader, community_worker or "
                   "group_leader",
                   "party_role");
  if (rule.party_kind == "department" || rule.party_kind == "functional_zone") {
    if (!rule.party_org_id || !s.orgs.contains(*rule.party_org_id) ||
        s.orgs.at(*rule.party_org_id).kind != rule.party_kind)
      return Invalid("rule.org", "party_org_id must name a " + rule.party_kind,
                     "party_org_id");
    return {};
  }
  if (rule.party_kind != "grid_role" && rule.party_kind != "community_office" &&
      rule.party_kind != "street_office")
    return Invalid("rule.kind",
                   "party_kind must be grid_role, community_office, "
                   "street_office, department or functional_zone",
                   "party_kind");
  return {};
}

Routing Resolve(const CaseCatalog::Snapshot& s, int64_t category_id,
                int64_t grid_id) {
  std::vector<int64_t> categories = {category_id};
  if (const auto* cat = s.Category(category_id); cat && cat->row.parent_id)
    categories.push_back(*cat->row.parent_id);
  // The most specific area wins; within an area, the 小类 before the 大类.
  for (int64_t area : AreaChain(s, grid_id)) {
    for (int64_t cat : categories) {
      std::vector<const store::RuleRow*> hits;
      for (const auto& r : s.rules)
        if (r.area_id == area && r.category_id == cat) hits.push_back(&r);
      if (hits.empty()) continue;
      Routing routing;
      for (const auto* h : hits) routing.rule_ids.push_back(h->id);
      if (hits.size() > 1) {
        routing.owner = CommunityOffice(s, grid_id);
        routing.routed_by = "conflict";
        return routing;
      }
      auto owner = OwnerForParty(s, hits[0]->party_kind, hits[0]->party_role,
                                 hits[0]->party_org_id, grid_id);
      if (!owner) break;  // a rule whose party vanished counts as none
      routing.owner = *owner;
      routing.routed_by = "rule:" + std::to_string(hits[0]->id);
      return routing;
    }
  }
  return {.owner = CommunityOffice(s, grid_id), .routed_by = "fallback"};
}

std::optional<Owner> Superior(const CaseCatalog::Snapshot& s,
                              const Owner& owner, int64_t grid_id) {
  if (owner.kind == "grid") return CommunityOffice(s, grid_id);
  const AreaNode* street = s.Ancestor(grid_id, "street");
  if (!street) return std::nullopt;
  if (owner.kind == "community")
    return Owner{.kind = "street", .area_id = street->id};
  if (owner.kind == "department" || owner.kind == "functional_zone") {
    auto it = owner.org_id ? s.orgs.find(*owner.org_id) : s.orgs.end();
    if (it != s.orgs.end() && it->second.area_id)
      return Owner{.kind = "street", .area_id = it->second.area_id};
    return Owner{.kind = "street", .area_id = street->id};
  }
  return std::nullopt;  // the street is the top of the ladder here
}

std::string OwnerLabel(const CaseCatalog::Snapshot& s, const Owner& owner) {
  if (owner.org_id) {
    auto it = s.orgs.find(*owner.org_id);
    return it == s.orgs.end() ? "#" + std::to_string(*owner.org_id)
                              : it->second.name;
  }
  const AreaNode* area = owner.area_id ? s.Area(*owner.area_id) : nullptr;
  std::string name = area ? area->name : "";
  if (owner.kind == "grid") return name + " · " + RoleLabel(owner.role);
  if (owner.kind == "community") return name + "（社区办公室）";
  if (owner.kind == "street") return name + "（街道）";
  return name;
}

MatrixCheck CheckMatrix(const CaseCatalog::Snapshot& s,
                        std::optional<int64_t> within_area) {
  MatrixCheck out;
  std::string prefix;
  if (within_area) {
    if (const AreaNode* a = s.Area(*within_area)) prefix = a->path;
  }
  for (const auto& [gid, grid] : s.areas) {
    if (grid.level != "grid") continue;
    if (!prefix.empty() && grid.path.rfind(prefix, 0) != 0) continue;
    for (const auto& [cid, cat] : s.categories) {
      if (!cat.row.parent_id || !cat.row.active) continue;
      ++out.cells;
      Routing r = Resolve(s, cid, gid);
      if (r.routed_by == "fallback") {
        ++out.gaps;
        out.problems.push_back({cid, gid, "gap", {}});
      } else if (r.routed_by == "conflict") {
        ++out.conflicts;
        out.problems.push_back({cid, gid, "conflict", r.rule_ids});
      }
    }
  }
  return out;
}

}  // namespace wangge::service
