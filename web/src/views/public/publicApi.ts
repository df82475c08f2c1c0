// The resident pages' calls: no login, no personal data in the answers.
import { api, upload } from '@/api/client'

export interface PublicCategory {
  id: number
  parent_id: number | null
  code: string
  name: string
  name_en: string
  photo_required?: boolean
}

export interface PublicReportBody {
  category_id: number
  description: string
  address: string
  lon: number
  lat: number
  attachments: number[]
  reporter_name?: string
  contact_phone?: string
}

export interface Receipt {
  tracking: string
  state: string
  created_at: number
  status_url: string
}

export interface PublicStatus {
  tracking: string
  category: string
  state: string
  address: string
  created_at: number
  updated_at: number
  closed_at: number | null
  satisfaction: string
  timeline: { at: number; action: string }[]
  photos: string[]
}

export const PUBLIC_UPLOAD = '/api/v1/public/attachments'

export const publicCategories = () =>
  api.get<{ items: PublicCategory[] }>('/api/v1/public/categories').then((r) => r.items)
export const publicUpload = (file: Blob, onProgress?: (f: number) => void) =>
  upload<{ id: number }>(PUBLIC_UPLOAD, file, onProgress)
export const submitReport = (body: PublicReportBody) => api.post<Receipt>('/api/v1/public/reports', body)
export const lookup = (tracking: string) =>
  api.get<PublicStatus>(`/api/v1/public/reports/${encodeURIComponent(tracking)}`)
export const evaluate = (tracking: string, satisfied: boolean, comment: string) =>
  api.post<PublicStatus>(`/api/v1/public/reports/${encodeURIComponent(tracking)}/evaluation`, { satisfied, comment })

// Tracking numbers as people type them: no spaces, upper case.
export function normaliseTracking(s: string): string {
  return s.replace(/[\s-]/g, '').toUpperCase()
}
