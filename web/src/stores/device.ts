// Whether the screen is phone-sized (375 px class), for layouts that change
// shape rather than just reflow.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export const PHONE_MAX_WIDTH = 768

export function usePhone() {
  const phone = ref(typeof window !== 'undefined' && window.innerWidth <= PHONE_MAX_WIDTH)
  const update = () => {
    phone.value = window.innerWidth <= PHONE_MAX_WIDTH
  }
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return phone
}
