import type { RouteRecordRaw } from 'vue-router'

// Who works cases: leaders, grid staff, patrol members and department
// accounts (patrol_member with an organisation). Administrator roles do not
// read cases (the server refuses them).
export const CASE_ROLES = ['street_leader', 'community_leader', 'grid_staff', 'patrol_member']

export const routes: RouteRecordRaw[] = [
  {
    path: '/todo',
    name: 'todo',
    component: () => import('./TodoView.vue'),
    meta: { title: 'cases.menu.todo', roles: CASE_ROLES, menu: { order: 10, icon: 'Bell', phone: true } },
  },
  {
    path: '/cases/new',
    name: 'case-new',
    component: () => import('./CaseNewView.vue'),
    meta: { title: 'cases.menu.new', roles: CASE_ROLES, menu: { order: 15, icon: 'CirclePlus', phone: true } },
  },
  {
    path: '/cases',
    name: 'cases',
    component: () => import('./CaseListView.vue'),
    meta: { title: 'cases.menu.list', roles: CASE_ROLES, menu: { order: 20, icon: 'Tickets' } },
  },
  {
    path: '/cases/:id(\\d+)',
    name: 'case-detail',
    component: () => import('./CaseDetailView.vue'),
    meta: { title: 'cases.menu.detail', roles: CASE_ROLES },
  },
]
