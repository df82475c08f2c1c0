// Cases as the server sends them (src/http/handlers/case_json.cc): codes for
// states, sources, levels and actions (labels come from the cases messages),
// times in epoch milliseconds.
import { api, upload, type Page } from '@/api/client'

export type CaseState = 'reported' | 'accepted' | 'dispatched' | 'handled' | 'closed' | 'voided' | 'shelved'
export type Light = 'green' | 'yellow' | 'red' | ''

export const STATES: CaseState[] = ['reported', 'accepted', 'dispatched', 'handled', 'closed', 'shelved', 'voided']
export const OPEN_STATES: CaseState[] = ['reported', 'accepted', 'dispatched', 'handled']
export const SOURCES = ['grid_staff', 'patrol', 'visit', 'hotline', 'resident', 'open311'] as const
export const STAFF_SOURCES = ['grid_staff', 'patrol', 'visit', 'hotline'] as const
export const LEVELS = ['simple', 'ordinary', 'prominent', 'major'] as const

export const ACTIONS = [
  'accept',
  'void',
  'dispatch',
  'send_back',
  'feedback',
  'verify_pass',
  'verify_fail',
  'shelve',
  'unshelve',
  'reopen',
  'request_extension',
  'decide_extension',
  'evaluate',
] as const
export type CaseAction = (typeof ACTIONS)[number]

export interface Owner {
  kind: string
  area_id: number | null
  org_id: number | null
  role: string
  label: string
  since: number
}

export interface CaseSummary {
  id: number
  number: string
  category_id: number
  category: string
  category_code: string
  level: string
  urgent: boolean
  source: string
  title: string
  address: string
  lon: number | null
  lat: number | null
  grid_id: number
  grid: string
  grid_code: string
  community_id: number
  state: CaseState
  owner: Owner
  step: string
  light: Light
  deadline_at: number | null
  alert: string
  escalation_level: number
  is_major: boolean
  created_at: number
  updated_at: number
  closed_at: number | null
  allowed_actions: string[]
}

export interface CaseAttachment {
  id: number
  kind: string
  event_id: number | null
  url: string
}

export interface CaseDetail extends CaseSummary {
  tracking: string
  description: string
  group_case: boolean
  routed_by: string
  reporter: string
  reporter_contact: string
  policy_id: number
  policy_version: number
  accept_criteria?: string
  close_criteria?: string
  photos_before?: boolean
  photos_after?: boolean
  step_started_at: number | null
  step_yellow_at: number | null
  step_limit_ms: number | null
  step_used_ms: number
  step_basis: string
  extensions_used: number
  returns_count: number
  rework_count: number
  satisfaction: string
  satisfaction_comment: string
  reason: string
  review_on: string
  on_time: boolean
  accepted_at: number | null
  handled_at: number | null
  attachments: CaseAttachment[]
}

export interface CaseEvent {
  id: number
  case_id: number
  at: number
  user_id: number | null
  actor: string
  action: string
  from: string
  to: string
  note: string
  detail: Record<string, any>
}

export interface Supervision {
  id: number
  case_id: number
  case_number: string
  kind: string
  level: string
  step: string
  message: string
  raised_at: number
  raised_by: string
  owner: { kind: string; area_id: number | null; org_id: number | null; role: string }
  reply_due_at: number | null
  reply: string
  replied_at: number | null
}

export interface Todo {
  mine: CaseSummary[]
  overdue: CaseSummary[]
  to_verify: CaseSummary[]
  supervision: Supervision[]
  unread_notifications: number
}

export interface Duplicate {
  id: number
  number: string
  title: string
  state: CaseState
  created_at: number
  distance_m: number
}

export interface Policy {
  accept_criteria: string
  close_criteria: string
  levels: string[]
  photos_before: boolean
  photos_after: boolean
  max_extensions?: number
}

export interface Category {
  id: number
  parent_id: number | null
  kind: string
  code: string
  name: string
  name_en: string
  sort: number
  active: boolean
  policy?: Policy
}

export interface GridInfo {
  id: number
  parent_id: number
  code: string
  name: string
  community: { id: number; code: string; name: string }
}

export interface AreaInfo {
  id: number
  parent_id: number | null
  level: string
  code: string
  name: string
}

export interface OrgUnit {
  id: number
  kind: string
  code: string
  name: string
  name_en: string
  area_id: number | null
}

export interface Rule {
  id: number
  category_id: number
  area_id: number
  party_kind: string
  party_role: string
  party_org_id: number | null
}

export interface Place {
  grid: { id: number; code: string; name: string }
  community?: { id: number; code: string; name: string }
  street?: { id: number; code: string; name: string }
}

export interface Uploaded {
  id: number
  url?: string
  mime?: string
  size?: number
}

export interface ActionBody {
  note?: string
  attachments?: number[]
  party_kind?: string
  party_role?: string
  party_org_id?: number
  level?: string
  review_on?: string
  hours?: number
  extension_id?: number
  approve?: boolean
  satisfaction?: string
}

export interface NewCaseBody {
  category_id: number
  level: string
  source: string
  title?: string
  description: string
  address: string
  lon?: number
  lat?: number
  attachments: number[]
  urgent?: boolean
}

export type CaseQuery = Record<string, string | number | boolean | undefined>

export const fetchTodo = () => api.get<Todo>('/api/v1/todo')
export const listCases = (q: CaseQuery) => api.get<Page<CaseSummary>>('/api/v1/cases', q)
export const getCase = (id: number) => api.get<CaseDetail>(`/api/v1/cases/${id}`)
export const caseEvents = (id: number) =>
  api.get<{ items: CaseEvent[] }>(`/api/v1/cases/${id}/events`).then((r) => r.items)
export const caseSupervisions = (id: number) =>
  api.get<{ items: Supervision[] }>(`/api/v1/cases/${id}/supervisions`).then((r) => r.items)
export const actOnCase = (id: number, action: string, body: ActionBody) =>
  api.post<CaseDetail>(`/api/v1/cases/${id}/actions/${action}`, body)
export const replySupervision = (id: number, reply: string) =>
  api.post<Supervision>(`/api/v1/supervisions/${id}/reply`, { reply })
export const reportCase = (body: NewCaseBody) => api.post<CaseSummary>('/api/v1/cases', body)
export const duplicates = (categoryId: number, lon: number, lat: number) =>
  api
    .get<{ items: Duplicate[] }>('/api/v1/cases/duplicates', { category_id: categoryId, lon, lat })
    .then((r) => r.items)
export const locate = (lon: number, lat: number) => api.get<Place>('/api/v1/locate', { lon, lat })
export const uploadPhoto = (file: Blob, onProgress?: (f: number) => void) =>
  upload<Uploaded>('/api/v1/attachments', file, onProgress)

// Lists that change rarely, fetched once per page load and user.
const cache = new Map<string, Promise<unknown>>()
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined
  if (!p) {
    p = load()
    cache.set(key, p)
    p.catch(() => cache.delete(key))
  }
  return p
}
export function forgetCaseCache(): void {
  cache.clear()
}
export const categories = (user: string) =>
  once(`categories:${user}`, () => api.get<{ items: Category[] }>('/api/v1/categories').then((r) => r.items))
export const grids = (user: string) =>
  once(`grids:${user}`, () => api.get<{ items: GridInfo[] }>('/api/v1/grids').then((r) => r.items))
export const areas = (user: string) =>
  once(`areas:${user}`, () => api.get<{ items: AreaInfo[] }>('/api/v1/areas').then((r) => r.items))
export const orgUnits = (user: string) =>
  once(`orgs:${user}`, () => api.get<{ items: OrgUnit[] }>('/api/v1/org-units').then((r) => r.items))
export const rules = (user: string) =>
  once(`rules:${user}`, () => api.get<{ items: Rule[] }>('/api/v1/responsibility/rules').then((r) => r.items))
