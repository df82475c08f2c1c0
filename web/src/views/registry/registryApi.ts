// The registry (一标三实) as the server sends it: masked ID and phone numbers,
// codes for categories and kinds (labels come from the registry messages).
import { api, ApiError, withQuery, type Page } from '@/api/client'

export interface ResidentTag {
  tag: string
  detail: string
}

export interface Resident {
  id: number
  household_id: number
  household_no: string
  grid_id: number
  grid_code: string
  address: string
  name: string
  gender: string
  birth_date: string | null
  id_card: string
  phone: string
  passport: string
  category: string
  hukou_status: string
  relation: string
  ethnicity: string
  nationality: string
  origin: string
  arrival_date: string | null
  reason: string
  expected_stay_months: number | null
  registration_deadline: string | null
  registered_on: string | null
  tags: ResidentTag[]
}

export interface Household {
  id: number
  grid_id: number
  grid_code: string
  household_no: string
  head_name: string
  kind: string
  phone: string
  address: string
  address_id: number | null
  house_id: number | null
  members: number
}

export interface House {
  id: number
  grid_id: number
  address_id: number
  address: string
  use: string
  structure: string
  floor_area: number | null
  is_rental: boolean
  landlord_name: string
  landlord_phone: string
  lease_filing_no: string
  rooms_let: number | null
  max_occupants: number | null
  hidden_danger: string
  pledge_signed: boolean
}

export interface Unit {
  id: number
  grid_id: number
  grid_code: string
  household_id: number | null
  name: string
  kind: string
  business: string
  contact_name: string
  contact_phone: string
  license_no: string
  employees: number | null
  address: string
}

export interface Revealed {
  id: number
  id_card: string
  phone: string
  passport: string
}

export interface ImportRowError {
  row: number
  column: string
  message: string
}

export interface ImportReport {
  total_rows: number
  imported_rows: number
  skipped_rows: number
  households_created: number
  dry_run: boolean
  errors: ImportRowError[]
}

export type RegistryKind = 'residents' | 'households' | 'houses' | 'units'

export type Query = Record<string, string | number | boolean | undefined | null>

export function listRecords<T>(kind: RegistryKind, query: Query): Promise<Page<T>> {
  return api.get<Page<T>>(`/api/v1/${kind}`, query)
}

export function getRecord<T>(kind: RegistryKind, id: number): Promise<T> {
  return api.get<T>(`/api/v1/${kind}/${id}`)
}

export function revealResident(id: number, reason: string): Promise<Revealed> {
  return api.post<Revealed>(`/api/v1/residents/${id}/reveal`, { reason })
}

// A plain link: the browser downloads the sheet with the session cookie.
export function exportUrl(format: 'csv' | 'xlsx', query: Query): string {
  return withQuery('/api/v1/exports/residents', { ...query, page: undefined, page_size: undefined, format })
}

// Sends the sheet as the raw body and answers the server's report. Unlike
// client.ts upload(), a 422 (rows refused, nothing imported) still carries
// the per-row report, so it resolves with it instead of failing.
export function uploadSheet(
  file: Blob,
  query: { dry_run?: boolean; skip_invalid?: boolean },
  onProgress?: (fraction: number) => void,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', withQuery('/api/v1/imports/residents', query))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total)
    }
    xhr.onerror = () => reject(new ApiError(0, { code: 'network', message: 'network error' }))
    xhr.onload = () => {
      let json: any = null
      try {
        json = JSON.parse(xhr.responseText)
      } catch {
        json = null
      }
      if ((xhr.status >= 200 && xhr.status < 300) || (xhr.status === 422 && json && Array.isArray(json.errors))) {
        resolve(json as ImportReport)
        return
      }
      reject(new ApiError(xhr.status, json?.error ?? { code: `http.${xhr.status}`, message: xhr.statusText }))
    }
    xhr.send(file)
  })
}

// Grids and communities the user may see, for the filters.
export interface GridOption {
  id: number
  code: string
  name: string
  community: { id: number | null; code: string; name: string }
}

export interface AreaOption {
  id: number
  code: string
  name: string
  level: string
}

// Cached per user, since another user may log in on the same tab.
const cache = new Map<string, Promise<unknown>>()
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined
  if (!p) {
    p = load().catch((e) => {
      cache.delete(key)
      throw e
    })
    cache.set(key, p)
  }
  return p
}

export function gridOptions(user: string): Promise<GridOption[]> {
  return cached(`grids:${user}`, () => api.get<{ items: GridOption[] }>('/api/v1/grids').then((r) => r.items))
}

export function communityOptions(user: string): Promise<AreaOption[]> {
  return cached(`communities:${user}`, () =>
    api.get<{ items: AreaOption[] }>('/api/v1/areas', { level: 'community' }).then((r) => r.items),
  )
}
