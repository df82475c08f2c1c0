import type { RouteRecordRaw } from 'vue-router'

// Who keeps the registry: the server lets leaders and grid staff read it
// (grid staff only their own grids); other roles are refused.
export const REGISTRY_ROLES = ['street_leader', 'community_leader', 'grid_staff']

export const routes: RouteRecordRaw[] = [
  {
    path: '/registry',
    component: () => import('./RegistryShell.vue'),
    redirect: '/registry/residents',
    meta: { title: 'registry.menu', roles: REGISTRY_ROLES, menu: { order: 40, icon: 'Files' } },
    children: [
      {
        path: 'residents/:id(\\d+)?',
        name: 'registry-residents',
        component: () => import('./ResidentsView.vue'),
        meta: { title: 'registry.pageTitle.residents' },
      },
      {
        path: 'households/:id(\\d+)?',
        name: 'registry-households',
        component: () => import('./HouseholdsView.vue'),
        meta: { title: 'registry.pageTitle.households' },
      },
      {
        path: 'houses/:id(\\d+)?',
        name: 'registry-houses',
        component: () => import('./HousesView.vue'),
        meta: { title: 'registry.pageTitle.houses' },
      },
      {
        path: 'units/:id(\\d+)?',
        name: 'registry-units',
        component: () => import('./UnitsView.vue'),
        meta: { title: 'registry.pageTitle.units' },
      },
      {
        path: 'import',
        name: 'registry-import',
        component: () => import('./ImportView.vue'),
        meta: { title: 'registry.pageTitle.import' },
      },
    ],
  },
]
