// The responsibility matrix (责任主体唯一, 属地兜底) worked out in the
// browser the way the server routes a case (src/service/responsibility.cc):
// for a (小类, grid) cell the most specific area wins, from the grid up to
// the district; within an area a rule on the 小类 comes before one on its
// 大类; two rules in the deciding place are a conflict, none anywhere is a
// gap, and both go to the grid's community office. The server's own check
// (/responsibility/check) then confirms which cells are gaps or conflicts.
import type { Area, Category, MatrixProblem, OrgUnit, PartyKind, Rule } from './adminApi'

export interface Catalog {
  categories: Map<number, Category>
  areas: Map<number, Area>
  orgs: Map<number, OrgUnit>
  rules: Rule[]
}

export function makeCatalog(categories: Category[], areas: Area[], orgs: OrgUnit[], rules: Rule[]): Catalog {
  return {
    categories: new Map(categories.map((c) => [c.id, c])),
    areas: new Map(areas.map((a) => [a.id, a])),
    orgs: new Map(orgs.map((o) => [o.id, o])),
    rules,
  }
}

// Who owns a case, as the server stores it on the case.
export interface Party {
  kind: 'grid' | 'community' | 'street' | 'department' | 'functional_zone'
  areaId?: number
  orgId?: number
  role?: string
}

export type CellState = 'owner' | 'gap' | 'conflict'

export interface Cell {
  categoryId: number
  gridId: number
  state: CellState
  party: Party
  // The rule(s) that decided (two or more for a conflict, none for a gap).
  rules: Rule[]
  // Where the deciding rule sits: its area and whether it names the 大类.
  viaAreaId: number | null
  viaMajor: boolean
}

// Area ids from the grid up to the root, most specific first.
export function areaChain(c: Catalog, gridId: number): number[] {
  const chain: number[] = []
  let a = c.areas.get(gridId)
  const seen = new Set<number>()
  while (a && !seen.has(a.id)) {
    seen.add(a.id)
    chain.push(a.id)
    a = a.parent_id != null ? c.areas.get(a.parent_id) : undefined
  }
  return chain
}

export function ancestor(c: Catalog, gridId: number, level: string): Area | undefined {
  for (const id of areaChain(c, gridId)) {
    const a = c.areas.get(id)
    if (a?.level === level) return a
  }
  return undefined
}

export function communityOffice(c: Catalog, gridId: number): Party {
  return { kind: 'community', areaId: ancestor(c, gridId, 'community')?.id }
}

// The owner a rule's party would be for a case in `gridId`; null when the
// party no longer exists (the server then treats the rule as none).
export function partyOf(c: Catalog, rule: Pick<Rule, 'party_kind' | 'party_role' | 'party_org_id'>, gridId: number): Party | null {
  switch (rule.party_kind as PartyKind) {
    case 'grid_role':
      return { kind: 'grid', areaId: gridId, role: rule.party_role }
    case 'community_office':
      return communityOffice(c, gridId)
    case 'street_office': {
      const street = ancestor(c, gridId, 'street')
      return street ? { kind: 'street', areaId: street.id } : null
    }
    case 'department':
    case 'functional_zone': {
      const org = rule.party_org_id != null ? c.orgs.get(rule.party_org_id) : undefined
      return org && org.kind === rule.party_kind ? { kind: rule.party_kind, orgId: org.id } : null
    }
    default:
      return null
  }
}

// The rules that could decide a cell, in the order the server tries them.
export interface Candidate {
  areaId: number
  categoryId: number
  major: boolean
  rules: Rule[]
}

export function candidates(c: Catalog, categoryId: number, gridId: number): Candidate[] {
  const cat = c.categories.get(categoryId)
  const cats: Array<[number, boolean]> = [[categoryId, !cat?.parent_id]]
  if (cat?.parent_id) cats.push([cat.parent_id, true])
  const out: Candidate[] = []
  for (const areaId of areaChain(c, gridId))
    for (const [catId, major] of cats)
      out.push({ areaId, categoryId: catId, major, rules: c.rules.filter((r) => r.area_id === areaId && r.category_id === catId) })
  return out
}

export function resolveCell(c: Catalog, categoryId: number, gridId: number): Cell {
  const base = { categoryId, gridId }
  for (const cand of candidates(c, categoryId, gridId)) {
    if (!cand.rules.length) continue
    if (cand.rules.length > 1)
      return { ...base, state: 'conflict', party: communityOffice(c, gridId), rules: cand.rules, viaAreaId: cand.areaId, viaMajor: cand.major }
    const party = partyOf(c, cand.rules[0]!, gridId)
    if (!party) break // a rule whose party vanished counts as none
    return { ...base, state: 'owner', party, rules: cand.rules, viaAreaId: cand.areaId, viaMajor: cand.major }
  }
  return { ...base, state: 'gap', party: communityOffice(c, gridId), rules: [], viaAreaId: null, viaMajor: false }
}

export function problemKey(categoryId: number, gridId: number): string {
  return `${categoryId}:${gridId}`
}

export function problemIndex(problems: MatrixProblem[]): Map<string, MatrixProblem> {
  return new Map(problems.map((p) => [problemKey(p.category_id, p.grid_id), p]))
}

// The server's check has the last word on gaps and conflicts.
export function withCheck(c: Catalog, cell: Cell, problems: Map<string, MatrixProblem> | null): Cell {
  if (!problems) return cell
  const p = problems.get(problemKey(cell.categoryId, cell.gridId))
  if (p && p.kind !== cell.state) {
    const rules = c.rules.filter((r) => p.rule_ids.includes(r.id))
    return { ...cell, state: p.kind, party: communityOffice(c, cell.gridId), rules: p.kind === 'conflict' ? rules : [] }
  }
  if (!p && cell.state !== 'owner') return { ...cell, state: 'owner' }
  return cell
}

// A 大类 row: how its 小类 are owned in one grid.
export interface GroupCell {
  categoryId: number
  gridId: number
  minors: number
  gaps: number
  conflicts: number
  // The one owner when every 小类 has the same one and no problem.
  party: Party | null
  parties: number
  owners: Party[]
  state: CellState | 'mixed'
}

export function sameParty(a: Party, b: Party): boolean {
  return a.kind === b.kind && a.areaId === b.areaId && a.orgId === b.orgId && (a.role ?? '') === (b.role ?? '')
}

export function groupCell(majorId: number, gridId: number, cells: Cell[]): GroupCell {
  const gaps = cells.filter((x) => x.state === 'gap').length
  const conflicts = cells.filter((x) => x.state === 'conflict').length
  const owners: Party[] = []
  for (const x of cells) if (x.state === 'owner' && !owners.some((p) => sameParty(p, x.party))) owners.push(x.party)
  owners.sort((a, b) => `${a.kind}${a.orgId ?? ''}${a.role ?? ''}`.localeCompare(`${b.kind}${b.orgId ?? ''}${b.role ?? ''}`))
  const state: GroupCell['state'] = conflicts ? 'conflict' : gaps ? 'gap' : owners.length > 1 ? 'mixed' : 'owner'
  return {
    categoryId: majorId,
    gridId,
    minors: cells.length,
    gaps,
    conflicts,
    party: state === 'owner' ? owners[0] ?? null : null,
    parties: owners.length,
    owners,
    state,
  }
}

type T = (key: string, named?: Record<string, unknown>) => string

// Short words for a cell: "汤山市政养护所", "网格负责人", "社区办公室".
export function partyShort(t: T, c: Catalog, p: Party, locale: string): string {
  if (p.orgId != null) {
    const o = c.orgs.get(p.orgId)
    return o ? (locale === 'en' && o.name_en ? o.name_en : o.name) : `#${p.orgId}`
  }
  if (p.kind === 'grid') return t('admin.gridRole.' + (p.role || 'leader'))
  return t('admin.party.' + p.kind)
}

// Full words: "东阳社区 社区办公室", "第一网格 · 网格负责人".
export function partyLong(t: T, c: Catalog, p: Party, locale: string): string {
  const short = partyShort(t, c, p, locale)
  if (p.orgId != null) return short
  const area = p.areaId != null ? c.areas.get(p.areaId)?.name : ''
  return area ? `${area} · ${short}` : short
}

// A rule's party in words, without a grid: "网格负责人（所在网格）".
export function ruleParty(t: T, c: Catalog, r: Rule, locale: string): string {
  if (r.party_kind === 'department' || r.party_kind === 'functional_zone') {
    const o = r.party_org_id != null ? c.orgs.get(r.party_org_id) : undefined
    return o ? (locale === 'en' && o.name_en ? o.name_en : o.name) : t('admin.matrix.missingOrg')
  }
  if (r.party_kind === 'grid_role') return t('admin.matrix.gridRoleOf', { role: t('admin.gridRole.' + (r.party_role || 'leader')) })
  return t('admin.partyKind.' + r.party_kind)
}

// Neighbouring cells of a row with the same owner decided the same way,
// drawn as one wide cell: "汤山市政养护所" across twelve grids reads at a
// glance, and a grid that differs stands out.
export interface CellRun<C> {
  start: number
  span: number
  cell: C
}

// Owners equal for drawing: a grid-role owner is each grid's own team, so
// "网格负责人" of two grids counts as the same.
function alike(a: Party, b: Party): boolean {
  return a.kind === 'grid' && b.kind === 'grid' ? (a.role ?? '') === (b.role ?? '') : sameParty(a, b)
}

function sameCell(a: Cell | GroupCell, b: Cell | GroupCell): boolean {
  if (a.state !== b.state) return false
  if ('minors' in a && 'minors' in b) {
    if (a.gaps !== b.gaps || a.conflicts !== b.conflicts || a.owners.length !== b.owners.length) return false
    return a.owners.every((p) => b.owners.some((q) => alike(p, q)))
  }
  if ('minors' in a || 'minors' in b) return false
  const x = a as Cell
  const y = b as Cell
  if (x.state === 'gap') return true
  const ids = (c: Cell) => c.rules.map((r) => r.id).sort().join(',')
  if (ids(x) !== ids(y)) return false
  return alike(x.party, y.party)
}

export function cellRuns<C extends Cell | GroupCell>(cells: C[]): CellRun<C>[] {
  const out: CellRun<C>[] = []
  cells.forEach((cell, i) => {
    const last = out[out.length - 1]
    if (last && sameCell(last.cell, cell)) last.span++
    else out.push({ start: i, span: 1, cell })
  })
  return out
}
