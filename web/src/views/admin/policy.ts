// Policy helpers shared by the category pages and the tests.
import { LEVELS, STEPS, type CasePolicy, type Step, type StepLimit } from './adminApi'

export function defaultLimits(): Record<Step, StepLimit> {
  return {
    accept: { hours: 2, basis: 'working' },
    dispatch: { hours: 2, basis: 'working' },
    handle: { hours: 16, basis: 'working' },
    verify: { hours: 4, basis: 'working' },
  }
}

// A policy for a new 小类 when there is nothing to copy from.
export function defaultPolicy(): CasePolicy {
  const limits: CasePolicy['limits'] = {}
  for (const l of LEVELS) limits[l] = defaultLimits()
  return {
    accept_criteria: '',
    close_criteria: '',
    levels: [...LEVELS],
    photos_before: true,
    photos_after: true,
    enforcement: false,
    max_extensions: 1,
    limits,
  }
}

// What the server takes: only the chosen levels' limits, hours as numbers.
export function policyBody(p: CasePolicy): CasePolicy {
  const limits: CasePolicy['limits'] = {}
  for (const l of p.levels) {
    const src = p.limits[l]
    if (!src) continue
    const steps = {} as Record<Step, StepLimit>
    for (const s of STEPS) steps[s] = { hours: Number(src[s]?.hours), basis: src[s]?.basis ?? 'working' }
    limits[l] = steps
  }
  return { ...p, limits }
}

// Which parts differ between two versions, for the version list.
export function policyChanges(prev: CasePolicy | null, next: CasePolicy | null): string[] {
  if (!prev || !next) return []
  const out: string[] = []
  if (prev.accept_criteria !== next.accept_criteria) out.push('accept_criteria')
  if (prev.close_criteria !== next.close_criteria) out.push('close_criteria')
  if ([...prev.levels].sort().join() !== [...next.levels].sort().join()) out.push('levels')
  if (prev.photos_before !== next.photos_before || prev.photos_after !== next.photos_after) out.push('photos')
  if (prev.enforcement !== next.enforcement) out.push('enforcement')
  if (prev.max_extensions !== next.max_extensions) out.push('max_extensions')
  if (!sameLimits(prev, next)) out.push('limits')
  return out
}

function sameLimits(a: CasePolicy, b: CasePolicy): boolean {
  for (const l of LEVELS)
    for (const s of STEPS) {
      const x = a.limits[l]?.[s]
      const y = b.limits[l]?.[s]
      if (!x !== !y) return false
      if (x && y && (x.hours !== y.hours || x.basis !== y.basis)) return false
    }
  return true
}

// A plain deep copy (structuredClone refuses Vue's reactive proxies).
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
