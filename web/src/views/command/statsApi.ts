// The statistics behind the big screen (GET /api/v1/stats/...), scoped to
// the caller by the server.
import { api } from '@/api/client'

export interface Overview {
  period: { from: number; to: number }
  open: number
  overdue: number
  created: number
  closed: number
  closed_today: number
  created_today: number
  closure_rate: number | null
  on_time_rate: number | null
  generated_at: number
}

export interface StatItem {
  key: string
  name: string
  id?: number
  parent_code?: string
  parent_name?: string
  count?: number
  created: number
  closed: number
  closed_on_time?: number
  open: number
  overdue: number
  closure_rate: number | null
  on_time_rate: number | null
}

export type Group = 'grid' | 'category' | 'source' | 'state' | 'day'

export interface Period {
  from: number
  to: number
}

const DAY_MS = 86_400_000
const SHANGHAI_OFFSET_MS = 8 * 3_600_000

// The last `days` local (Asia/Shanghai) days up to now.
export function lastDays(days: number, now = Date.now()): Period {
  const localMidnight = Math.floor((now + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS
  return { from: localMidnight - (days - 1) * DAY_MS, to: now }
}

export function overview(period: Period): Promise<Overview> {
  return api.get<Overview>('/api/v1/stats/overview', { from: period.from, to: period.to })
}

export async function byGroup(group: Group, period: Period): Promise<StatItem[]> {
  const r = await api.get<{ items: StatItem[] }>('/api/v1/stats/cases', { group, from: period.from, to: period.to })
  return r.items
}

export interface FeedEvent {
  id: number
  case_id: number
  number: string
  title: string
  grid_id: number
  grid_name: string
  action: string
  from: string
  to: string
  actor: string
  at: number
}

export async function latestEvents(limit = 20): Promise<FeedEvent[]> {
  const r = await api.get<{ items: FeedEvent[] }>('/api/v1/case-events/latest', { limit })
  return r.items
}
