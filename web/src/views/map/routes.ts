import type { RouteRecordRaw } from 'vue-router'

export const routes: RouteRecordRaw[] = [
  {
    path: '/map',
    name: 'map',
    component: () => import('./GridMapView.vue'),
    meta: {
      title: 'map.menu',
      // Everyone who works with grids; the security administrator and the
      // auditor have no use for it.
      roles: ['street_leader', 'community_leader', 'grid_staff', 'patrol_member', 'system_admin'],
      menu: { order: 30, icon: 'MapLocation', phone: true },
    },
  },
]
