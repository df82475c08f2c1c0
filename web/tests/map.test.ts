// The grid panel of the map: code, name, figures, the case link and the team
// with its roles and work phones.
import { describe, expect, it, beforeEach } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import GridPanel from '@/views/map/GridPanel.vue'
import type { GridInfo, TeamRole } from '@/views/map/mapData'
import { CASE_STEPS, populationSteps, stepFor } from '@/views/map/mapData'

const grid: GridInfo = {
  id: 4,
  parent_id: 3,
  level: 'grid',
  code: '32011500301201',
  name: '第一网格',
  seq: 1,
  kind: 'basic',
  community: { id: 3, code: '320115003012', name: '东阳社区' },
  households: 255,
  population: 802,
  village_groups: 4,
  team: [
    { id: 4, grid_id: 4, role: 'volunteer', name: '董爱萍', phone: '15617772595', user_id: null },
    { id: 1, grid_id: 4, role: 'leader', name: '张刚', phone: '13533048345', user_id: null },
    { id: 3, grid_id: 4, role: 'group_leader', name: '孟海涛', phone: '18803195832', user_id: null },
    { id: 2, grid_id: 4, role: 'community_worker', name: '何佳洁', phone: '18210312575', user_id: null },
    { id: 5, grid_id: 4, role: 'volunteer', name: '李福贵', phone: '', user_id: null },
  ],
}

const roles: TeamRole[] = [
  { role: 'leader', name_zh: '网格负责人（社区领导）', name_en: 'Grid leader', required: true, duties: [] },
  { role: 'community_worker', name_zh: '社区工作人员', name_en: 'Community worker', required: true, duties: [] },
  { role: 'group_leader', name_zh: '居民小组长', name_en: 'Resident group leader', required: true, duties: [] },
  { role: 'patrol_member', name_zh: '巡逻队员', name_en: 'Patrol member', required: false, duties: [] },
  { role: 'volunteer', name_zh: '志愿者', name_en: 'Volunteer', required: false, duties: [] },
]

function router() {
  return createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { render: () => null } }] })
}

function mountPanel(props: Record<string, unknown> = {}) {
  return mount(GridPanel, {
    props: { grid, roles, openCases: 5, ...props },
    global: { plugins: [i18n, elementPlus, router()] },
  })
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('GridPanel', () => {
  it('shows the code, name, community and figures', async () => {
    const w = mountPanel()
    await flushPromises()
    expect(w.get('h2').text()).toBe('第一网格')
    expect(w.text()).toContain('32011500301201')
    expect(w.text()).toContain('东阳社区')
    expect(w.text()).toContain('255')
    expect(w.text()).toContain('802')
    expect(w.get('[data-test="open-cases"]').text()).toBe('5')
  })

  it('links to the cases of the grid', async () => {
    const w = mountPanel()
    await flushPromises()
    expect(w.get('[data-test="cases-link"]').attributes('href')).toBe('/cases?grid_id=4')
  })

  it('lists the team by role, leader first, with work phones to call', async () => {
    const w = mountPanel()
    await flushPromises()
    const members = w.findAll('[data-test="team"] li')
    expect(members).toHaveLength(5)
    const text = members.map((m) => m.text())
    expect(text[0]).toContain('网格负责人')
    expect(text[0]).toContain('张刚')
    expect(text[1]).toContain('社区工作人员')
    expect(text[1]).toContain('何佳洁')
    expect(text[2]).toContain('居民小组长')
    expect(text[2]).toContain('孟海涛')
    expect(text[3]).toContain('志愿者')
    expect(text[3]).toContain('董爱萍')
    expect(text[4]).toContain('李福贵')
    expect(text[4]).toContain('未登记电话')
    const call = members[0].get('a.phone')
    expect(call.attributes('href')).toBe('tel:13533048345')
    expect(call.attributes('aria-label')).toContain('张刚')
  })

  it('says which required role nobody holds', async () => {
    const w = mountPanel({ grid: { ...grid, team: grid.team.filter((m) => m.role !== 'community_worker') } })
    await flushPromises()
    const missing = w.findAll('[data-test="team"] li.missing')
    expect(missing).toHaveLength(1)
    expect(missing[0].text()).toContain('社区工作人员')
    expect(missing[0].text()).toContain('未配备')
  })

  it('shows a dash when case counts are unavailable, and English role names', async () => {
    i18n.global.locale.value = 'en'
    const w = mountPanel({ openCases: null })
    await flushPromises()
    expect(w.get('[data-test="open-cases"]').text()).toBe('—')
    expect(w.text()).toContain('Grid leader')
    expect(w.text()).toContain('Resident group leader')
  })

  it('shows the coverage check’s team problems', async () => {
    const w = mountPanel({ problems: ['缺少社区工作人员'] })
    await flushPromises()
    expect(w.text()).toContain('团队不完整：缺少社区工作人员')
  })
})

describe('colour scales', () => {
  it('steps open cases as none, few, several, many', () => {
    expect(stepFor(CASE_STEPS, 0)).toBe(CASE_STEPS[0])
    expect(stepFor(CASE_STEPS, 2)).toBe(CASE_STEPS[1])
    expect(stepFor(CASE_STEPS, 5)).toBe(CASE_STEPS[2])
    expect(stepFor(CASE_STEPS, 40)).toBe(CASE_STEPS[3])
  })

  it('covers every population value with a step', () => {
    const values = [724, 727, 731, 731, 743, 746, 777, 779, 784, 790, 800, 802]
    const steps = populationSteps(values)
    expect(steps.length).toBeGreaterThan(1)
    for (const v of values) expect(stepFor(steps, v)).toBeDefined()
    expect(steps[steps.length - 1].max).toBeNull()
  })
})
