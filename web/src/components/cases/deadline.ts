// Time left in a case step, in words: "还剩 3 小时", "已超期 2 天". Pure
// functions of the deadline and the clock, so the badge and the tests agree.

type Translate = (key: string, values?: Record<string, unknown>) => string

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

// A duration as the largest sensible units: minutes under an hour, hours
// (with minutes under six hours) under a day, days (with hours under three
// days) beyond.
export function duration(ms: number, t: Translate): string {
  const abs = Math.abs(ms)
  if (abs < MINUTE) return t('cases.light.lessThanMinute')
  if (abs < HOUR) return t('cases.light.minutes', { n: Math.floor(abs / MINUTE) })
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR)
    const m = Math.floor((abs % HOUR) / MINUTE)
    if (h < 6 && m > 0) return t('cases.light.hoursMinutes', { h, m })
    return t('cases.light.hours', { n: h })
  }
  const d = Math.floor(abs / DAY)
  const h = Math.floor((abs % DAY) / HOUR)
  if (d < 3 && h > 0) return t('cases.light.daysHours', { d, h })
  return t('cases.light.days', { n: d })
}

export interface DeadlineText {
  overdue: boolean
  text: string
}

// "还剩 …" before the deadline, "已超期 …" after it; null without one.
export function deadlineText(deadline: number | null | undefined, now: number, t: Translate): DeadlineText | null {
  if (deadline == null) return null
  const left = deadline - now
  if (left >= 0) return { overdue: false, text: t('cases.light.left', { time: duration(left, t) }) }
  return { overdue: true, text: t('cases.light.overdue', { time: duration(-left, t) }) }
}

// The light's own word; a step past its deadline is red whatever the
// server last computed.
export function effectiveLight(light: string, deadline: number | null | undefined, now: number): string {
  if (deadline != null && deadline < now) return 'red'
  return light
}
