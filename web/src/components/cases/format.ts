// Dates and times as Chinese offices write them: 2026-12-04 20:08, the year
// left out for this year's dates in dense lists.
const pad = (n: number) => String(n).padStart(2, '0')

export function dateTime(ms: number | null | undefined, short = false): string {
  if (ms == null) return '—'
  const d = new Date(ms)
  const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  if (short && d.getFullYear() === new Date().getFullYear()) return md
  return `${d.getFullYear()}-${md}`
}

export function dateOnly(ms: number | null | undefined): string {
  if (ms == null) return '—'
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// Hours (and minutes) of a step limit: "8 小时", "30 分钟".
export function hoursText(ms: number, t: (k: string, v?: Record<string, unknown>) => string): string {
  const minutes = Math.round(ms / 60000)
  if (minutes < 60) return t('cases.light.minutes', { n: minutes })
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m ? t('cases.light.hoursMinutes', { h, m }) : t('cases.light.hours', { n: h })
}
