// Routes come from each feature's views/<feature>/routes.ts, so features
// add pages without touching this file. Route meta:
//   public: true       no login needed (resident pages, login)
//   layout             'app' (default: header, menu), 'public', 'bare'
//   title              i18n key of the page title
//   roles              roles that may open the page (default: any user)
//   menu               { order, icon, phone } to list it in the menu;
//                      phone: true also puts it in the phone's bottom bar
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '@/stores/auth'
import { i18n } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    layout?: 'app' | 'public' | 'bare'
    title?: string
    roles?: string[]
    menu?: { order: number; icon: string; phone?: boolean }
  }
}

const modules = import.meta.glob('../views/*/routes.ts', { eager: true }) as Record<string, { routes: RouteRecordRaw[] }>

export const featureRoutes: RouteRecordRaw[] = Object.values(modules).flatMap((m) => m.routes)

export function homeFor(role: string): string {
  if (role === 'street_leader' || role === 'community_leader') return '/command'
  if (role === 'system_admin' || role === 'security_admin') return '/admin/users'
  if (role === 'auditor') return '/admin/audit'
  return '/todo'
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    ...featureRoutes,
    {
      path: '/',
      name: 'home',
      component: { render: () => null },
      beforeEnter: () => homeFor(useAuth().role),
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/views/NotFound.vue'),
      meta: { public: true, layout: 'public', title: 'common.notFound' },
    },
  ],
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuth()
  if (!auth.checked) {
    try {
      await auth.load()
    } catch {
      // The server is unreachable; public pages still open.
    }
  }
  if (to.meta.public) return true
  if (!auth.loggedIn) return { name: 'login', query: { next: to.fullPath } }
  if (to.meta.roles && !to.meta.roles.includes(auth.role)) return homeFor(auth.role)
  return true
})

router.afterEach((to) => {
  const t = i18n.global.t
  const app = t('common.appName')
  document.title = to.meta.title ? `${t(to.meta.title)} · ${app}` : app
})
