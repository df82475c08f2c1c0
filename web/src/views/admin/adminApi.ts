// The administration endpoints and their JSON shapes (see the C++ handlers
// case_catalog.cc, users.cc, audit.cc, areas.cc and case_json.cc).
import { api, type Page } from '@/api/client'

export const STEPS = ['accept', 'dispatch', 'handle', 'verify'] as const
export type Step = (typeof STEPS)[number]
export const LEVELS = ['simple', 'ordinary', 'prominent', 'major'] as const
export type Level = (typeof LEVELS)[number]
export type Basis = 'working' | 'natural'

export interface StepLimit {
  hours: number
  basis: Basis
}

export interface CasePolicy {
  accept_criteria: string
  close_criteria: string
  levels: Level[]
  photos_before: boolean
  photos_after: boolean
  enforcement: boolean
  max_extensions: number
  limits: Partial<Record<Level, Record<Step, StepLimit>>>
}

export type CategoryKind = 'component' | 'event' | 'community'

export interface Category {
  id: number
  parent_id: number | null
  kind: CategoryKind
  code: string
  name: string
  name_en: string
  sort: number
  active: boolean
  policy_id?: number
  policy_version?: number
  policy?: CasePolicy
}

export interface PolicyVersion {
  policy_id: number
  version: number
  created_at: number
  created_by: string
  policy: CasePolicy | null
}

export interface Area {
  id: number
  parent_id: number | null
  level: string
  code: string
  name: string
  seq?: number
  kind?: string
}

export interface OrgUnit {
  id: number
  kind: 'department' | 'functional_zone'
  code: string
  name: string
  name_en: string
  area_id: number | null
  phone: string
}

export type PartyKind = 'grid_role' | 'community_office' | 'street_office' | 'department' | 'functional_zone'
export const PARTY_KINDS: PartyKind[] = ['grid_role', 'community_office', 'street_office', 'department', 'functional_zone']
export const GRID_ROLES = ['leader', 'community_worker', 'group_leader'] as const

export interface Rule {
  id: number
  category_id: number
  area_id: number
  party_kind: PartyKind
  party_role: string
  party_org_id: number | null
  note: string
  created_at: number
  created_by: string
}

export interface NewRule {
  category_id: number
  area_id: number
  party_kind: PartyKind
  party_role?: string
  party_org_id?: number | null
  note?: string
}

export interface MatrixProblem {
  kind: 'gap' | 'conflict'
  category_id: number
  category: string
  category_code: string
  grid_id: number
  grid: string
  grid_code: string
  rule_ids: number[]
}

export interface MatrixCheck {
  cells: number
  gaps: number
  conflicts: number
  ok: boolean
  problems: MatrixProblem[]
}

export interface CalendarDay {
  day: string // YYYY-MM-DD
  kind: 'holiday' | 'workday'
  name: string
}

export interface CalendarData {
  days: CalendarDay[]
  work_periods: string
  utc_offset_minutes: number
  time_zone: string
}

export interface CaseSetting {
  key: string
  value: number
  min: number
  max: number
  description: string
}

export interface UserScope {
  area_id: number
  code: string
  name: string
  level: string
}

export interface User {
  id: number
  username: string
  display_name: string
  role: string
  locale: string
  disabled: boolean
  locked_until: string | null
  scopes: UserScope[]
}

export interface NewUser {
  username: string
  password: string
  role: string
  display_name?: string
  area_codes?: string[]
}

export interface AuditEntry {
  id: number
  at: string
  user_id: number | null
  username: string
  action: string
  target_type: string
  target_id: string
  detail: string
  result: string
  remote_addr: string
  hash: string
}

export interface AuditQuery {
  page?: number
  page_size?: number
  username?: string
  user_id?: number
  action?: string
  target_type?: string
  target_id?: string
  result?: string
  from_ms?: number
  to_ms?: number
}

export interface AuditVerdict {
  checked: number
  intact: boolean
  first_bad_id?: number
}

type Items<T> = { items: T[] }

export const adminApi = {
  categories: () => api.get<Items<Category>>('/api/v1/categories').then((r) => r.items),
  createCategory: (body: {
    parent_id?: number | null
    kind: CategoryKind
    code: string
    name: string
    name_en?: string
    sort?: number
    policy?: CasePolicy
  }) => api.post<{ id: number; code: string; name: string }>('/api/v1/categories', body),
  updateCategory: (id: number, body: { name: string; name_en?: string; sort?: number; active: boolean }) =>
    api.put<{ id: number; name: string; active: boolean }>(`/api/v1/categories/${id}`, body),
  setPolicy: (id: number, policy: CasePolicy) =>
    api.put<{ policy_id: number; category_id: number; version: number }>(`/api/v1/categories/${id}/policy`, policy),
  policies: (id: number) => api.get<Items<PolicyVersion>>(`/api/v1/categories/${id}/policies`).then((r) => r.items),

  rules: () => api.get<Items<Rule>>('/api/v1/responsibility/rules').then((r) => r.items),
  addRule: (rule: NewRule) => api.post<Rule>('/api/v1/responsibility/rules', rule),
  deleteRule: (id: number) => api.del<{ deleted: number }>(`/api/v1/responsibility/rules/${id}`),
  check: (areaId?: number) => api.get<MatrixCheck>('/api/v1/responsibility/check', { area_id: areaId }),
  orgUnits: () => api.get<Items<OrgUnit>>('/api/v1/org-units').then((r) => r.items),

  areas: (level: string) => api.get<Items<Area>>('/api/v1/areas', { level }).then((r) => r.items),
  grids: (communityId?: number) =>
    api.get<Items<Area>>('/api/v1/grids', { community_id: communityId }).then((r) => r.items),

  calendar: () => api.get<CalendarData>('/api/v1/calendar'),
  putCalendar: (body: { from: string; to: string; days: CalendarDay[]; work_periods?: string }) =>
    api.put<{ days: number; work_periods: string }>('/api/v1/calendar', body),

  settings: () => api.get<Items<CaseSetting>>('/api/v1/case-settings').then((r) => r.items),
  putSettings: (values: Record<string, number>) =>
    api.put<Items<CaseSetting>>('/api/v1/case-settings', values).then((r) => r.items),

  users: () => api.get<Items<User>>('/api/v1/users').then((r) => r.items),
  createUser: (u: NewUser) => api.post<User>('/api/v1/users', u),
  unlock: (id: number) => api.post<{ ok: boolean }>(`/api/v1/users/${id}/unlock`),
  resetPassword: (username: string, password: string) =>
    api.post<{ ok: boolean }>('/api/v1/auth/password', { username, password }),

  audit: (q: AuditQuery) => api.get<Page<AuditEntry>>('/api/v1/audit', { ...q }),
  verifyAudit: () => api.get<AuditVerdict>('/api/v1/audit/verify'),
}
