// Small formatting helpers of the admin pages.
import type { Category, OrgUnit } from './adminApi'

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

// 2026-12-04 19:29:28 in the browser's time zone (the office's).
export function formatTime(value: number | string | null | undefined, withSeconds = true): string {
  if (value === null || value === undefined || value === '' || value === 0) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}` + (withSeconds ? `:${pad(d.getSeconds())}` : '')
  return `${date} ${time}`
}

// YYYY-MM-DD of a local date.
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function categoryName(c: Pick<Category, 'name' | 'name_en'> | undefined, locale: string): string {
  if (!c) return ''
  return locale === 'en' && c.name_en ? c.name_en : c.name
}

export function orgName(o: Pick<OrgUnit, 'name' | 'name_en'> | undefined, locale: string): string {
  if (!o) return ''
  return locale === 'en' && o.name_en ? o.name_en : o.name
}

// 7.5 → "7.5", 8 → "8"
export function hoursText(h: number): string {
  return Number.isInteger(h) ? String(h) : String(Math.round(h * 100) / 100)
}
