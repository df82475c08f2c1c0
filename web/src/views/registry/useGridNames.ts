// Grid and community names for filters and table cells, loaded once per user.
import { computed, ref, shallowRef } from 'vue'
import { useAuth } from '@/stores/auth'
import { communityOptions, gridOptions, type AreaOption, type GridOption } from './registryApi'

export function useGridNames() {
  const auth = useAuth()
  const grids = shallowRef<GridOption[]>([])
  const communities = shallowRef<AreaOption[]>([])
  const failed = ref(false)
  const user = auth.me?.username ?? ''
  gridOptions(user)
    .then((g) => (grids.value = g))
    .catch(() => (failed.value = true))
  communityOptions(user)
    .then((c) => (communities.value = c))
    .catch(() => (communities.value = []))
  const byId = computed(() => new Map(grids.value.map((g) => [g.id, g])))
  const gridName = (id: number | null | undefined, fallback = '') => (id != null && byId.value.get(id)?.name) || fallback
  // A choice is worth offering only when there is more than one.
  const showGrid = computed(() => grids.value.length > 1)
  const showCommunity = computed(() => communities.value.length > 1)
  return { grids, communities, gridName, showGrid, showCommunity, failed }
}
