// vue-i18n with one message file per feature and language:
// i18n/locales/<lang>/<feature>.ts exports default { ... } and is reachable as
// t('<feature>.<key>'). Chinese (zh-CN) is the default; English is the switch.
import { createI18n } from 'vue-i18n'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

type Messages = Record<string, Record<string, unknown>>

const files = import.meta.glob('./locales/*/*.ts', { eager: true }) as Record<string, { default: Record<string, unknown> }>

export function collectMessages(): Record<Locale, Messages> {
  const out: Record<string, Messages> = { 'zh-CN': {}, en: {} }
  for (const [path, mod] of Object.entries(files)) {
    const match = path.match(/\.\/locales\/([^/]+)\/([^/]+)\.ts$/)
    if (!match) continue
    const [, lang, feature] = match
    ;(out[lang] ??= {})[feature] = mod.default
  }
  return out as Record<Locale, Messages>
}

const STORAGE_KEY = 'wangge.locale'

export function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null
  return saved === 'en' ? 'en' : 'zh-CN'
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: collectMessages(),
  missingWarn: false,
  fallbackWarn: false,
})
