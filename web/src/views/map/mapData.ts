// What the grid map shows: grids with their teams, open cases per grid,
// coverage defects, and the colour scales for both views.
import { api } from '@/api/client'

export interface TeamMember {
  id: number
  grid_id: number
  role: string
  name: string
  phone: string
  user_id: number | null
}

export interface GridInfo {
  id: number
  parent_id: number | null
  level: string
  code: string
  name: string
  seq: number
  kind: string
  community: { id: number | null; code: string; name: string }
  households: number
  population: number
  village_groups: number
  team: TeamMember[]
}

export interface TeamRole {
  role: string
  name_zh: string
  name_en: string
  required: boolean
  duties: string[]
}

export interface LonLat {
  lon: number
  lat: number
}

export interface AreaDefect {
  area_m2: number
  location: LonLat
  grids: string[]
}

export interface HouseholdDefect {
  kind: 'outside_own_grid' | 'in_no_grid' | string
  household_id: number
  household_no: string
  grid_id: number
  found_grid_id?: number
  location: LonLat
}

export interface TeamDefect {
  grid_id: number
  grid_code: string
  grid_name: string
  problem: string
}

export interface Coverage {
  community: { id: number; code: string; name: string }
  clean: boolean
  community_has_boundary: boolean
  gaps: AreaDefect[]
  overlaps: AreaDefect[]
  outside_community: AreaDefect[]
  households: HouseholdDefect[]
  teams: TeamDefect[]
  grids_without_boundary: string[]
}

export interface Community {
  id: number
  code: string
  name: string
}

// Cases still in the loop: not closed, voided or parked.
export const OPEN_STATES = 'reported,accepted,dispatched,handled'

export function loadGrids(): Promise<GridInfo[]> {
  return api.get<{ items: GridInfo[] }>('/api/v1/grids').then((r) => r.items)
}

export function loadRoles(): Promise<TeamRole[]> {
  return api.get<{ items: TeamRole[] }>('/api/v1/team-roles').then((r) => r.items)
}

export function loadCommunities(): Promise<Community[]> {
  return api.get<{ items: Community[] }>('/api/v1/areas', { level: 'community' }).then((r) => r.items)
}

export function loadCoverage(communityId: number): Promise<Coverage> {
  return api.get<Coverage>(`/api/v1/communities/${communityId}/coverage`)
}

interface CaseRow {
  grid_id: number | null
}

// Open cases per grid the user can see, counted from the case list (at most
// a few pages: only open cases are listed).
export async function loadOpenCases(maxPages = 20): Promise<Map<number, number>> {
  const counts = new Map<number, number>()
  for (let page = 1; page <= maxPages; page++) {
    const r = await api.get<{ items: CaseRow[]; total: number }>('/api/v1/cases', {
      state: OPEN_STATES,
      page,
      page_size: 200,
    })
    for (const c of r.items) if (c.grid_id != null) counts.set(c.grid_id, (counts.get(c.grid_id) ?? 0) + 1)
    if (page * 200 >= r.total || r.items.length === 0) break
  }
  return counts
}

// A step of a colour scale: values from `min` to `max` (inclusive; null:
// no upper bound) take `colour`; `text` is the colour for a label on it.
export interface Step {
  min: number
  max: number | null
  colour: string
}

// Open cases: none, few, several, many.
export const CASE_STEPS: Step[] = [
  { min: 0, max: 0, colour: '#dcefdc' },
  { min: 1, max: 2, colour: '#fde3b5' },
  { min: 3, max: 5, colour: '#f5a25d' },
  { min: 6, max: null, colour: '#d6452a' },
]

const POPULATION_COLOURS = ['#e3eef9', '#b3d1ee', '#6fa6da', '#2f6db5']

// Population: four steps with round bounds spread over the grids' values.
export function populationSteps(values: number[]): Step[] {
  const sorted = values.filter((v) => v >= 0).sort((a, b) => a - b)
  if (!sorted.length) return [{ min: 0, max: null, colour: POPULATION_COLOURS[1] }]
  const lo = sorted[0]
  const hi = sorted[sorted.length - 1]
  if (hi - lo < 4) return [{ min: lo, max: null, colour: POPULATION_COLOURS[1] }]
  const unit = hi - lo > 400 ? 100 : hi - lo > 40 ? 10 : 1
  const cut = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] / unit) * unit
  const bounds = [...new Set([cut(0.25), cut(0.5), cut(0.75)])].filter((b) => b > lo && b <= hi)
  const steps: Step[] = []
  let from = 0
  bounds.forEach((b, i) => {
    steps.push({ min: from, max: b - 1, colour: POPULATION_COLOURS[i] })
    from = b
  })
  steps.push({ min: from, max: null, colour: POPULATION_COLOURS[Math.min(bounds.length, 3)] })
  return steps
}

export function stepFor(steps: Step[], value: number): Step {
  return steps.find((s) => value >= s.min && (s.max === null || value <= s.max)) ?? steps[steps.length - 1]
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}
