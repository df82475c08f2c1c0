// The responsibility matrix: each (小类, grid) cell resolved the way the
// server routes a case (most specific area first, 小类 before 大类), gaps
// and conflicts from the server's check, and the cells drawn with words as
// well as colour.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'
import type { Area, Category, MatrixCheck, OrgUnit, Rule } from '@/views/admin/adminApi'

// --- sample data: 汤山街道 > 东阳社区 > three grids ---
const areas: Area[] = [
  { id: 1, parent_id: null, level: 'district', code: '320115', name: '江宁区' },
  { id: 2, parent_id: 1, level: 'street', code: '320115003', name: '汤山街道' },
  { id: 3, parent_id: 2, level: 'community', code: '320115003012', name: '东阳社区' },
  { id: 4, parent_id: 3, level: 'grid', code: '32011500301201', name: '第一网格' },
  { id: 5, parent_id: 3, level: 'grid', code: '32011500301202', name: '第二网格' },
  { id: 6, parent_id: 3, level: 'grid', code: '32011500301203', name: '第三网格' },
]
const cat = (id: number, parent: number | null, code: string, name: string): Category => ({
  id,
  parent_id: parent,
  kind: 'component',
  code,
  name,
  name_en: '',
  sort: id,
  active: true,
})
const categories: Category[] = [
  cat(10, null, 'B01', '公用设施'),
  cat(11, 10, 'B0101', '井盖'),
  cat(12, 10, 'B0102', '路灯'),
  cat(20, null, 'B05', '房屋土地'),
  cat(21, 20, 'B0501', '危旧房屋'),
]
const orgs: OrgUnit[] = [
  { id: 100, kind: 'department', code: 'TS-SZ', name: '汤山市政养护所', name_en: 'Municipal maintenance', area_id: 2, phone: '' },
]
const rule = (id: number, category_id: number, area_id: number, party: Partial<Rule>): Rule => ({
  id,
  category_id,
  area_id,
  party_kind: 'department',
  party_role: '',
  party_org_id: null,
  note: '',
  created_at: 0,
  created_by: 'test',
  ...party,
})
const rules: Rule[] = [
  // The whole 公用设施 大类 belongs to the maintenance station street-wide…
  rule(1, 10, 2, { party_kind: 'department', party_org_id: 100 }),
  // …but 井盖 in 第二网格 belongs to the grid leader;
  rule(2, 11, 5, { party_kind: 'grid_role', party_role: 'leader' }),
  // 路灯 has two rules for 东阳社区: a conflict.
  rule(3, 12, 3, { party_kind: 'community_office' }),
  rule(4, 12, 3, { party_kind: 'department', party_org_id: 100 }),
  // 危旧房屋 has none at all: a gap.
]
const check: MatrixCheck = {
  cells: 9,
  gaps: 3,
  conflicts: 3,
  ok: false,
  problems: [
    ...[4, 5, 6].map((g) => ({
      kind: 'conflict' as const,
      category_id: 12,
      category: '路灯',
      category_code: 'B0102',
      grid_id: g,
      grid: '',
      grid_code: '',
      rule_ids: [3, 4],
    })),
    ...[4, 5, 6].map((g) => ({
      kind: 'gap' as const,
      category_id: 21,
      category: '危旧房屋',
      category_code: 'B0501',
      grid_id: g,
      grid: '',
      grid_code: '',
      rule_ids: [],
    })),
  ],
}

vi.mock('@/views/admin/adminApi', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/views/admin/adminApi')>()
  return {
    ...real,
    adminApi: {
      ...real.adminApi,
      categories: async () => categories,
      rules: async () => rules,
      orgUnits: async () => orgs,
      areas: async (level: string) => areas.filter((a) => a.level === level),
      grids: async () => areas.filter((a) => a.level === 'grid'),
      check: async () => check,
    },
  }
})

import {
  cellRuns,
  groupCell,
  makeCatalog,
  problemIndex,
  resolveCell,
  withCheck,
} from '@/views/admin/matrix'
import MatrixCell from '@/views/admin/MatrixCell.vue'
import ResponsibilityView from '@/views/admin/ResponsibilityView.vue'
import { useAuth } from '@/stores/auth'

const catalog = makeCatalog(categories, areas, orgs, rules)
const plugins = [i18n, elementPlus]

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  setActivePinia(createPinia())
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('resolveCell', () => {
  it('takes the street rule of the 大类 when nothing closer exists', () => {
    const c = resolveCell(catalog, 11, 4)
    expect(c.state).toBe('owner')
    expect(c.party).toEqual({ kind: 'department', orgId: 100 })
    expect(c.viaAreaId).toBe(2)
    expect(c.viaMajor).toBe(true)
    expect(c.rules.map((r) => r.id)).toEqual([1])
  })

  it('lets a grid rule of the 小类 win over the street rule', () => {
    const c = resolveCell(catalog, 11, 5)
    expect(c.state).toBe('owner')
    expect(c.party).toEqual({ kind: 'grid', areaId: 5, role: 'leader' })
    expect(c.viaAreaId).toBe(5)
    expect(c.viaMajor).toBe(false)
  })

  it('calls two rules in the deciding place a conflict, owned by the community office meanwhile', () => {
    const c = resolveCell(catalog, 12, 6)
    expect(c.state).toBe('conflict')
    expect(c.rules.map((r) => r.id).sort()).toEqual([3, 4])
    expect(c.party).toEqual({ kind: 'community', areaId: 3 })
  })

  it('calls a cell without any rule a gap, which the community office takes (属地兜底)', () => {
    const c = resolveCell(catalog, 21, 4)
    expect(c.state).toBe('gap')
    expect(c.rules).toEqual([])
    expect(c.party).toEqual({ kind: 'community', areaId: 3 })
  })

  it('lets the server check have the last word', () => {
    const problems = problemIndex([{ ...check.problems[0]!, kind: 'gap', category_id: 11, grid_id: 4, rule_ids: [] }])
    const c = withCheck(catalog, resolveCell(catalog, 11, 4), problems)
    expect(c.state).toBe('gap')
    expect(c.party.kind).toBe('community')
  })
})

describe('cellRuns and groupCell', () => {
  it('merges neighbouring grids with the same owner and keeps the odd one apart', () => {
    const row = [4, 5, 6].map((g) => resolveCell(catalog, 11, g))
    const runs = cellRuns(row)
    expect(runs.map((r) => [r.start, r.span, r.cell.state])).toEqual([
      [0, 1, 'owner'],
      [1, 1, 'owner'],
      [2, 1, 'owner'],
    ])
    const gaps = cellRuns([4, 5, 6].map((g) => resolveCell(catalog, 21, g)))
    expect(gaps).toHaveLength(1)
    expect(gaps[0]!.span).toBe(3)
  })

  it('sums a 大类 row: two owners in 第二网格, one elsewhere, and the conflict counted', () => {
    const g4 = groupCell(10, 4, [resolveCell(catalog, 11, 4), resolveCell(catalog, 12, 4)])
    expect(g4.state).toBe('conflict')
    expect(g4.conflicts).toBe(1)
    const g5 = groupCell(10, 5, [resolveCell(catalog, 11, 5)])
    expect(g5.state).toBe('owner')
    expect(g5.party?.kind).toBe('grid')
  })
})

describe('MatrixCell', () => {
  function cellWrapper(categoryId: number, gridId: number) {
    return mount(MatrixCell, {
      props: { catalog, cell: resolveCell(catalog, categoryId, gridId), rowLabel: '井盖', colLabel: '第一网格' },
      global: { plugins },
    })
  }

  it('shows the owner and where the deciding rule sits', () => {
    const w = cellWrapper(11, 4)
    expect(w.text()).toContain('汤山市政养护所')
    expect(w.text()).toContain('街道规则 · 按大类')
    expect(w.attributes('data-state')).toBe('owner')
    expect(w.classes()).toContain('party-department')
    expect(w.attributes('aria-label')).toBe('井盖 · 第一网格：汤山市政养护所，街道规则 · 按大类')
  })

  it('names a grid-role owner by its role', () => {
    const w = cellWrapper(11, 5)
    expect(w.text()).toContain('网格负责人')
    expect(w.text()).toContain('本网格规则')
  })

  it('marks a gap in colour and in words', () => {
    const w = cellWrapper(21, 4)
    expect(w.classes()).toContain('state-gap')
    expect(w.text()).toContain('缺口')
    expect(w.text()).toContain('社区属地兜底')
    expect(w.attributes('aria-label')).toContain('缺口')
  })

  it('marks a conflict in colour and in words, with the number of rules', () => {
    const w = cellWrapper(12, 4)
    expect(w.classes()).toContain('state-conflict')
    expect(w.text()).toContain('冲突')
    expect(w.text()).toContain('2 条规则')
  })

  it('speaks English too', () => {
    i18n.global.locale.value = 'en'
    const w = cellWrapper(21, 4)
    expect(w.text()).toContain('Gap')
    expect(w.text()).toContain('Community office (fallback)')
    const d = cellWrapper(11, 4)
    expect(d.text()).toContain('Municipal maintenance')
  })

  it('opens on click', async () => {
    const w = cellWrapper(11, 4)
    await w.trigger('click')
    expect(w.emitted('open')).toHaveLength(1)
  })
})

describe('ResponsibilityView', () => {
  it('draws the matrix from the server data with the check summary', async () => {
    useAuth().me = { id: 1, username: 'admin', role: 'system_admin', locale: 'zh-CN', all_areas: true, scopes: [] }
    const w = mount(ResponsibilityView, { global: { plugins }, attachTo: document.body })
    await flushPromises()
    await flushPromises()
    const summary = w.get('[data-test="check-summary"]').text()
    expect(summary).toContain('缺口 3')
    expect(summary).toContain('冲突 3')
    const table = w.get('[data-test="matrix"]')
    const heads = table.findAll('thead th').map((th) => th.text())
    expect(heads.slice(1).map((h) => h.slice(0, 4))).toEqual(['第一网格', '第二网格', '第三网格'])
    // 井盖: maintenance station, the grid leader in 第二网格, station again.
    const manhole = table.findAll('tbody tr').find((tr) => tr.text().includes('井盖'))!
    const cells = manhole.findAll('td')
    expect(cells.map((c) => c.find('.mcell').attributes('data-state'))).toEqual(['owner', 'owner', 'owner'])
    expect(cells[1]!.text()).toContain('网格负责人')
    // 路灯: one conflict cell across all three grids; 危旧房屋: one gap.
    const lamp = table.findAll('tbody tr').find((tr) => tr.text().includes('路灯'))!
    expect(lamp.findAll('td')).toHaveLength(1)
    expect(lamp.get('td').attributes('colspan')).toBe('3')
    expect(lamp.get('.mcell').attributes('data-state')).toBe('conflict')
    const house = table.findAll('tbody tr').find((tr) => tr.text().includes('危旧房屋'))!
    expect(house.get('.mcell').attributes('data-state')).toBe('gap')
    w.unmount()
  })
})
