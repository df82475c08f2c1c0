import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./LoginView.vue'),
    meta: { public: true, layout: 'bare', title: 'login.title' },
  },
]
