import type { RouteRecordRaw } from 'vue-router'

// Who may open what, as the server decides (三员分立):
// - the case catalogue, the responsibility matrix, the calendar and the case
//   settings are changed by the system administrator only; leaders may read
//   the catalogue, the calendar and the matrix check of their own area;
// - accounts are listed, created and unlocked by the system and the security
//   administrator, passwords of others are reset by the security
//   administrator only;
// - the audit log is read by the auditor only.
export const CATALOG_EDITORS = ['system_admin']
export const CATALOG_READERS = ['system_admin', 'street_leader', 'community_leader']
export const USER_ADMINS = ['system_admin', 'security_admin']
export const AUDITORS = ['auditor']

export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/categories',
    name: 'admin-categories',
    component: () => import('./CategoriesView.vue'),
    meta: { title: 'admin.menu.categories', roles: CATALOG_READERS, menu: { order: 80, icon: 'Setting', phone: true } },
  },
  {
    path: '/admin/responsibility',
    name: 'admin-responsibility',
    component: () => import('./ResponsibilityView.vue'),
    meta: { title: 'admin.menu.responsibility', roles: CATALOG_READERS, menu: { order: 81, icon: 'Grid', phone: true } },
  },
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('./CalendarView.vue'),
    meta: { title: 'admin.menu.calendar', roles: CATALOG_READERS, menu: { order: 82, icon: 'Calendar', phone: true } },
  },
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('./SettingsView.vue'),
    meta: { title: 'admin.menu.settings', roles: CATALOG_EDITORS, menu: { order: 83, icon: 'Operation' } },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./UsersView.vue'),
    meta: { title: 'admin.menu.users', roles: USER_ADMINS, menu: { order: 86, icon: 'User', phone: true } },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('./AuditView.vue'),
    meta: { title: 'admin.menu.audit', roles: AUDITORS, menu: { order: 88, icon: 'Document', phone: true } },
  },
]
