// Full ID / phone numbers revealed in this tab, per resident, for as long as
// the record is open: the detail drawer forgets them when it closes, so a
// full number never stays on a shared screen.
import { reactive } from 'vue'
import type { Revealed } from '@/views/registry/registryApi'

const revealed = reactive(new Map<number, Revealed>())

export function revealedFor(residentId: number): Revealed | undefined {
  return revealed.get(residentId)
}

export function rememberReveal(value: Revealed): void {
  revealed.set(value.id, value)
}

export function forgetReveal(residentId?: number): void {
  if (residentId === undefined) revealed.clear()
  else revealed.delete(residentId)
}
