// The responsibility matrix (责任主体唯一, 属地兜底): which one party owns a
// case of a category in an area, and which (category, grid) cells have no
// rule or two. Pure functions over a catalogue snapshot.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/case_catalog.h"

namespace wangge::service {

// A case's owner as stored on the case row.
struct Owner {
  std::string kind;  // grid | community | street | department |
                     // functional_zone
  std::optional<int64_t> area_id;
  std::optional<int64_t> org_id;
  std::string role;  // team role when kind == grid
  bool operator==(const Owner&) const = default;
};

struct Routing {
  Owner owner;
  // rule:ID when a rule decided; fallback when none did (属地兜底: the
  // community office); conflict when two rules of the same cell disagree
  // (also the community office, until the matrix is mended).
  std::string routed_by;
  std::vector<int64_t> rule_ids;
};

// The owner a party of `kind` would be for a case in `grid_id`.
Result<Owner> OwnerForParty(const CaseCatalog::Snapshot& s,
                            const std::string& party_kind,
                            const std::string& party_role,
                            std::optional<int64_t> party_org_id,
                            int64_t grid_id);

// The community office of the grid: owner of the accept, dispatch and
// verify steps, and the fallback.
Owner CommunityOffice(const CaseCatalog::Snapshot& s, int64_t grid_id);

Routing Resolve(const CaseCatalog::Snapshot& s, int64_t category_id,
                int64_t grid_id);

// The next owner up the escalation ladder: grid → community → street;
// department and functional zone → their street. nullopt at the top.
std::optional<Owner> Superior(const CaseCatalog::Snapshot& s,
                              const Owner& owner, int64_t grid_id);

// "网格 320115003001001 · 网格负责人" / "汤山街道城管中队"
std::string OwnerLabel(const CaseCatalog::Snapshot& s, const Owner& owner);

struct MatrixProblem {
  int64_t category_id = 0;
  int64_t grid_id = 0;
  std::string kind;  // gap | conflict
  std::vector<int64_t> rule_ids;
};

struct MatrixCheck {
  int64_t cells = 0;  // (小类, grid) pairs checked
  int64_t gaps = 0;
  int64_t conflicts = 0;
  std::vector<MatrixProblem> problems;
};

// Checks every (active 小类, grid) under `within_area` (all when nullopt).
MatrixCheck CheckMatrix(const CaseCatalog::Snapshot& s,
                        std::optional<int64_t> within_area);

// Validates a rule's party (kind, role, organisation); errors name fields.
Status ValidateRuleParty(const CaseCatalog::Snapshot& s,
                         const store::RuleRow& rule);

}  // namespace wangge::service
