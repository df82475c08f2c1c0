// Every page of the web app, as the browser tests photograph it: the name
// of the screenshot, the account that opens it (none for public pages), the
// path (or a function of the test's state) and what to wait for.
export const PAGES = [
  { name: 'login', path: '/login', ready: 'form' },
  { name: 'public-report', path: '/public/report', ready: 'form' },
  { name: 'public-track', path: ({ tracking }) => `/public/track/${tracking}`, ready: 'main' },
  { name: 'command', user: 'dongyang', path: '/command', ready: '[data-kpi="open"]', settle: 1500 },
  { name: 'todo', user: 'grid01', path: '/todo', ready: 'main' },
  { name: 'todo-community', user: 'dongyang', path: '/todo', ready: 'main' },
  { name: 'cases', user: 'dongyang', path: '/cases', ready: 'main' },
  { name: 'case-detail', user: 'dongyang', path: ({ caseId }) => `/cases/${caseId}`, ready: 'main', settle: 1200 },
  { name: 'case-new', user: 'grid01', path: '/cases/new', ready: 'form', settle: 1200 },
  { name: 'map', user: 'dongyang', path: '/map', ready: '.leaflet-container', settle: 1200 },
  { name: 'registry-residents', user: 'dongyang', path: '/registry/residents', ready: 'main' },
  { name: 'registry-households', user: 'dongyang', path: '/registry/households', ready: 'main' },
  { name: 'registry-houses', user: 'dongyang', path: '/registry/houses', ready: 'main' },
  { name: 'registry-units', user: 'dongyang', path: '/registry/units', ready: 'main' },
  { name: 'registry-import', user: 'dongyang', path: '/registry/import', ready: 'main' },
  { name: 'admin-categories', user: 'admin', path: '/admin/categories', ready: 'main' },
  { name: 'admin-responsibility', user: 'admin', path: '/admin/responsibility', ready: 'main', settle: 1200 },
  { name: 'admin-calendar', user: 'admin', path: '/admin/calendar', ready: 'main' },
  { name: 'admin-settings', user: 'admin', path: '/admin/settings', ready: 'main' },
  { name: 'admin-users', user: 'admin', path: '/admin/users', ready: 'main' },
  { name: 'admin-audit', user: 'auditor', path: '/admin/audit', ready: 'main' },
  { name: 'not-found', path: '/no/such/page', ready: 'main' },
]
