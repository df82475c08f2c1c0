// Codes the registry uses and how to present them. Labels live in the
// registry messages (registry.category.*, registry.tag.* …).
import type { Resident } from './registryApi'

export const CATEGORIES = ['registered', 'floating', 'foreign'] as const
export const HUKOU = ['together', 'household_only', 'person_only'] as const
export const HOUSEHOLD_KINDS = ['registered', 'rental', 'merchant', 'collective'] as const
export const HOUSE_USES = ['own', 'rental', 'shop_residence', 'vacant', 'other'] as const
export const DANGERS = ['safe', 'general', 'serious'] as const
export const UNIT_KINDS = ['shop', 'company', 'outside_merchant', 'school', 'key_place', 'other'] as const

// Groups needing care (关爱对象) and key persons for public order (重点人员).
export const TAG_GROUPS = [
  {
    group: 'care',
    tags: [
      'elderly_alone',
      'empty_nest',
      'left_behind_child',
      'left_behind_elderly',
      'left_behind_woman',
      'disabled',
      'low_income',
    ],
  },
  {
    group: 'key',
    tags: ['community_correction', 'released_prisoner', 'mental_disorder', 'drug_user'],
  },
] as const

const KEY_TAGS = new Set<string>(TAG_GROUPS[1].tags)

export function tagGroup(tag: string): 'care' | 'key' {
  return KEY_TAGS.has(tag) ? 'key' : 'care'
}

// Chip tone per category, so the word and its colour agree.
export function categoryType(category: string): 'neutral' | 'warn' | 'blue' {
  if (category === 'floating') return 'warn'
  if (category === 'foreign') return 'blue'
  return 'neutral'
}

export function dangerClass(level: string): string {
  if (level === 'serious') return 'light light-red'
  if (level === 'general') return 'light light-yellow'
  return 'light light-green'
}

export function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function ageOf(birth: string | null, now = today()): number | null {
  if (!birth || !/^\d{4}-\d{2}-\d{2}$/.test(birth)) return null
  let age = Number(now.slice(0, 4)) - Number(birth.slice(0, 4))
  if (now.slice(5) < birth.slice(5)) age -= 1
  return age >= 0 && age < 150 ? age : null
}

export type RegistrationState = 'done' | 'due' | 'overdue'

// Registration of a floating person: done, due by the deadline, or overdue.
export function registrationState(r: Resident, now = today()): RegistrationState | null {
  if (r.category !== 'floating') return null
  if (r.registered_on) return 'done'
  if (r.registration_deadline && r.registration_deadline < now) return 'overdue'
  return 'due'
}

export function registrationClass(state: RegistrationState): string {
  if (state === 'overdue') return 'light light-red'
  if (state === 'due') return 'light light-yellow'
  return 'light light-green'
}

// An 18-character mainland ID number (the last may be X).
export function looksLikeIdCard(text: string): boolean {
  return /^\d{17}[\dXx]$/.test(text.trim())
}
