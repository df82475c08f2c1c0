import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/command',
    name: 'command',
    component: () => import('./CommandCenter.vue'),
    meta: {
      layout: 'bare',
      title: 'command.menu',
      roles: ['street_leader', 'community_leader', 'system_admin', 'grid_staff'],
      menu: { order: 5, icon: 'DataBoard' },
    },
  },
]
