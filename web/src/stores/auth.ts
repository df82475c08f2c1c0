// The logged-in user. The session itself is an HttpOnly cookie set by the
// server; this store only knows who it belongs to. The language follows the
// user (saved on the server with PUT /auth/me/locale) and the browser.
import { defineStore } from 'pinia'
import { api, ApiError } from '@/api/client'
import { i18n, rememberLocale, type Locale } from '@/i18n'

export interface Scope {
  area_id: number
  code: string
  name: string
  level: string
}

export interface Me {
  id: number
  username: string
  role: string
  locale: string
  all_areas: boolean
  scopes: Scope[]
}

export const LEADER_ROLES = ['street_leader', 'community_leader', 'system_admin']
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'auditor']

export const useAuth = defineStore('auth', {
  state: () => ({
    me: null as Me | null,
    checked: false,
    // Why the last session ended, shown on the login page.
    endedReason: '' as '' | 'expired' | 'logout' | 'password',
  }),
  getters: {
    loggedIn: (s) => s.me !== null,
    role: (s) => s.me?.role ?? '',
    isLeader: (s) => LEADER_ROLES.includes(s.me?.role ?? ''),
    scopeLabel: (s) => {
      if (!s.me) return ''
      if (s.me.all_areas) return ''
      return s.me.scopes.map((x) => x.name).join('、')
    },
  },
  actions: {
    async load(): Promise<void> {
      try {
        this.me = await api.get<Me>('/api/v1/auth/me')
        this.applyLocale(this.me.locale)
      } catch (e) {
        this.me = null
        if (!(e instanceof ApiError) || e.status !== 401) throw e
      } finally {
        this.checked = true
      }
    },
    async login(username: string, password: string): Promise<void> {
      await api.post('/api/v1/auth/login', { username, password })
      this.endedReason = ''
      await this.load()
    },
    async logout(): Promise<void> {
      try {
        await api.post('/api/v1/auth/logout')
      } finally {
        this.me = null
        this.endedReason = 'logout'
      }
    },
    // The server ended every session of the account (a new password).
    passwordChanged(): void {
      this.me = null
      this.endedReason = 'password'
    },
    sessionEnded(): void {
      if (this.me) this.endedReason = 'expired'
      this.me = null
    },
    applyLocale(locale: string): void {
      const next: Locale = locale === 'en' ? 'en' : 'zh-CN'
      i18n.global.locale.value = next
      rememberLocale(next)
    },
    async setLocale(locale: Locale): Promise<void> {
      this.applyLocale(locale)
      if (this.me) {
        this.me.locale = locale
        await api.put('/api/v1/auth/me/locale', { locale })
      }
    },
  },
})
