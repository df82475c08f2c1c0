// Working-calendar helpers: which days are worked (weekdays unless a holiday,
// weekends only as 调休 make-up workdays), runs of named days for the year
// list, and the office periods ("08:30-12:00,13:30-17:30").
import type { CalendarDay } from './adminApi'

export function parseDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y!, (m ?? 1) - 1, d ?? 1)
}

export function isWeekend(day: string): boolean {
  const w = parseDay(day).getDay()
  return w === 0 || w === 6
}

// Whether staff work on the day, given its exception (if any).
export function isWorkingDay(day: string, exception?: CalendarDay | null): boolean {
  if (exception?.kind === 'holiday') return false
  if (exception?.kind === 'workday') return true
  return !isWeekend(day)
}

export interface Run {
  kind: CalendarDay['kind']
  name: string
  from: string
  to: string
  days: number
}

function nextDay(day: string): string {
  const d = parseDay(day)
  d.setDate(d.getDate() + 1)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

// Consecutive days of the same kind and name as one run: 春节 2月15日–2月23日.
export function runs(days: CalendarDay[]): Run[] {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day))
  const out: Run[] = []
  for (const d of sorted) {
    const last = out[out.length - 1]
    if (last && last.kind === d.kind && last.name === d.name && nextDay(last.to) === d.day) {
      last.to = d.day
      last.days++
    } else out.push({ kind: d.kind, name: d.name, from: d.day, to: d.day, days: 1 })
  }
  return out
}

export interface Period {
  start: string
  end: string
}

export function parsePeriods(text: string): Period[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [start = '', end = ''] = p.split('-')
      return { start: start.trim(), end: end.trim() }
    })
}

export function formatPeriods(periods: Period[]): string {
  return periods.map((p) => `${p.start}-${p.end}`).join(',')
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

// Hours of office time in one working day.
export function periodHours(periods: Period[]): number {
  return periods.reduce((n, p) => n + Math.max(0, minutes(p.end) - minutes(p.start)), 0) / 60
}

// '' when fine, else the i18n key of the problem.
export function periodProblem(periods: Period[]): string {
  if (!periods.length) return 'admin.calendar.periodNone'
  const re = /^\d{2}:\d{2}$/
  let last = -1
  for (const p of periods) {
    if (!re.test(p.start) || !re.test(p.end)) return 'admin.calendar.periodFormat'
    if (minutes(p.end) <= minutes(p.start)) return 'admin.calendar.periodOrder'
    if (minutes(p.start) < last) return 'admin.calendar.periodOverlap'
    last = minutes(p.end)
  }
  return ''
}

// Every day from `from` to `to` inclusive (YYYY-MM-DD).
export function dayRange(from: string, to: string): string[] {
  const out: string[] = []
  if (to < from) [from, to] = [to, from]
  for (let d = from; d <= to && out.length < 400; d = nextDay(d)) out.push(d)
  return out
}
