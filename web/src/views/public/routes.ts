import type { RouteRecordRaw } from 'vue-router'

// The resident pages (居民随手拍): no login, the public layout, phone first.
export const routes: RouteRecordRaw[] = [
  {
    path: '/public/report',
    name: 'public-report',
    component: () => import('./PublicReportView.vue'),
    meta: { public: true, layout: 'public', title: 'public.report.title' },
  },
  {
    path: '/public/track/:tracking?',
    name: 'public-track',
    component: () => import('./PublicTrackView.vue'),
    meta: { public: true, layout: 'public', title: 'public.track.title' },
  },
]
