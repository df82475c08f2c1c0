// One registry list page: filters kept in the URL (so back, reload and
// shared links work), paging, loading and the server's refusal.
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router'
import type { Page } from '@/api/client'
import { ApiError } from '@/api/client'
import { listRecords, type Query, type RegistryKind } from './registryApi'

export const PAGE_SIZES = [20, 50, 100, 200]
const DEFAULT_SIZE = 20

export function useRegistryList<T>(
  kind: RegistryKind,
  keys: string[],
  // Turns the filters into the API query (e.g. a full ID number in the
  // search box becomes id_card).
  toApi: (filters: Record<string, string>) => Query = (f) => ({ ...f }),
) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive<Record<string, string>>(Object.fromEntries(keys.map((k) => [k, ''])))
  const page = ref(1)
  const pageSize = ref(DEFAULT_SIZE)
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<ApiError | null>(null)
  let seq = 0
  // This list's own path (without a record id): the watcher ignores the
  // route of the page being switched to.
  const base = route.path.replace(/\/\d+$/, '')
  const onThisPage = () => route.path === base || route.path.startsWith(base + '/')

  const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '')

  function readQuery() {
    for (const k of keys) filters[k] = str(route.query[k])
    page.value = Math.max(1, Number(str(route.query.page)) || 1)
    const size = Number(str(route.query.page_size))
    pageSize.value = PAGE_SIZES.includes(size) ? size : DEFAULT_SIZE
  }

  const queryKey = computed(() =>
    JSON.stringify([...keys, 'page', 'page_size'].map((k) => str(route.query[k]))),
  )

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = null
    const active: Record<string, string> = {}
    for (const k of keys) if (filters[k]) active[k] = filters[k]
    try {
      const result: Page<T> = await listRecords<T>(kind, { ...toApi(active), page: page.value, page_size: pageSize.value })
      if (mine !== seq) return
      items.value = result.items
      total.value = result.total
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      total.value = 0
      error.value = e instanceof ApiError ? e : new ApiError(0, { code: 'network', message: String(e) })
    } finally {
      if (mine === seq) {
        loading.value = false
        loaded.value = true
      }
    }
  }

  // Writes the filters into the URL; the watcher below loads.
  function apply(resetPage = true) {
    if (resetPage) page.value = 1
    const query: LocationQueryRaw = {}
    for (const k of keys) if (filters[k]) query[k] = filters[k]
    if (page.value > 1) query.page = String(page.value)
    if (pageSize.value !== DEFAULT_SIZE) query.page_size = String(pageSize.value)
    const same = JSON.stringify([...keys, 'page', 'page_size'].map((k) => (query[k] as string) ?? '')) === queryKey.value
    if (same) load()
    else router.replace({ path: route.path, query })
  }

  function clear() {
    for (const k of keys) filters[k] = ''
    apply()
  }

  function setPage(p: number) {
    page.value = p
    apply(false)
  }

  function setPageSize(size: number) {
    pageSize.value = size
    apply()
  }

  // The query the export link and the detail links carry along.
  const currentQuery = computed<LocationQueryRaw>(() => {
    const q: LocationQueryRaw = {}
    for (const k of [...keys, 'page', 'page_size']) if (str(route.query[k])) q[k] = str(route.query[k])
    return q
  })

  const apiFilters = computed<Query>(() => {
    const active: Record<string, string> = {}
    for (const k of keys) {
      const v = str(route.query[k])
      if (v) active[k] = v
    }
    return toApi(active)
  })

  const activeCount = computed(() => keys.filter((k) => k !== 'q' && filters[k]).length)

  // The record open in the drawer (/registry/<kind>/<id>), keeping the
  // list's filters and page in the URL both ways.
  const drawerId = computed(() => (route.params.id ? Number(route.params.id) : null))
  function detailLink(id: number) {
    return { path: `${base}/${id}`, query: currentQuery.value }
  }
  function openRecord(id: number) {
    router.push(detailLink(id))
  }
  function closeRecord() {
    router.push({ path: base, query: currentQuery.value })
  }

  watch(
    queryKey,
    () => {
      if (!onThisPage()) return
      readQuery()
      load()
    },
    { immediate: true },
  )

  return {
    filters,
    page,
    pageSize,
    items,
    total,
    loading,
    loaded,
    error,
    load,
    apply,
    clear,
    setPage,
    setPageSize,
    currentQuery,
    apiFilters,
    activeCount,
    drawerId,
    detailLink,
    openRecord,
    closeRecord,
  }
}
