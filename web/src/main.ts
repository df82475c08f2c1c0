import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import 'leaflet/dist/leaflet.css'
import './styles/main.css'
import App from './App.vue'
import { i18n } from './i18n'
import { elementPlus } from './plugins/elementPlus'
import { router } from './router'
import { setUnauthorizedHandler } from './api/client'
import { useAuth } from './stores/auth'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(elementPlus)
app.use(router)

// A 401 from any call means the session ended (idle timeout, logout
// elsewhere): back to the login page, which says why.
setUnauthorizedHandler(() => {
  const auth = useAuth()
  // The first look at /auth/me is the router guard's to judge (public pages
  // open without a session).
  if (!auth.checked) return
  const current = router.currentRoute.value
  auth.sessionEnded()
  if (!current.meta.public) router.push({ name: 'login', query: { next: current.fullPath } })
})

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')
