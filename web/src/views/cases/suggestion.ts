// The responsibility matrix's answer for a case, worked out as the server
// does (service/responsibility.cc Resolve): the most specific area first
// (grid, community, street), within an area the 小类 before the 大类; two
// rules in one cell are a conflict that goes to the community office; no
// rule at all falls back to the community office too.
import type { Category, OrgUnit, Rule } from './casesApi'

export interface Party {
  kind: string // grid_role | community_office | street_office | department | functional_zone
  role?: string
  orgId?: number
}

export interface Suggestion {
  party: Party
  basis: 'rule' | 'conflict' | 'fallback'
  ruleId?: number
}

export function resolveParty(
  rules: Rule[],
  categories: Category[],
  categoryId: number,
  areaChain: number[],
): Suggestion {
  const cats = [categoryId]
  const parent = categories.find((c) => c.id === categoryId)?.parent_id
  if (parent) cats.push(parent)
  for (const area of areaChain) {
    for (const cat of cats) {
      const hits = rules.filter((r) => r.area_id === area && r.category_id === cat)
      if (!hits.length) continue
      if (hits.length > 1) return { party: { kind: 'community_office' }, basis: 'conflict' }
      const r = hits[0]
      return {
        party: { kind: r.party_kind, role: r.party_role || undefined, orgId: r.party_org_id ?? undefined },
        basis: 'rule',
        ruleId: r.id,
      }
    }
  }
  return { party: { kind: 'community_office' }, basis: 'fallback' }
}

export interface PartyNames {
  grid: string
  community: string
  street: string
  orgs: OrgUnit[]
  roleLabel: (role: string) => string
  communityOffice: (name: string) => string
  streetOffice: (name: string) => string
}

// The party as the owner label the server would give it.
export function partyLabel(p: Party, n: PartyNames): string {
  switch (p.kind) {
    case 'grid_role':
      return `${n.grid} · ${n.roleLabel(p.role ?? '')}`
    case 'community_office':
      return n.communityOffice(n.community)
    case 'street_office':
      return n.streetOffice(n.street)
    default:
      return n.orgs.find((o) => o.id === p.orgId)?.name ?? `#${p.orgId ?? ''}`
  }
}
