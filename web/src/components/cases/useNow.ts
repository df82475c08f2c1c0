// A clock that ticks once a minute, shared by all deadline badges on a page.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useNow(intervalMs = 60_000) {
  const now = ref(Date.now())
  let timer: number | undefined
  onMounted(() => {
    timer = window.setInterval(() => (now.value = Date.now()), intervalMs)
  })
  onBeforeUnmount(() => window.clearInterval(timer))
  return now
}
