// The case widgets: the traffic light with its time left in words, the
// action dialog asking for exactly the fields each action needs, and the
// responsibility matrix's suggestion.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'

const act = vi.fn()
vi.mock('@/views/cases/casesApi', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/views/cases/casesApi')>()
  return {
    ...real,
    actOnCase: (id: number, action: string, body: unknown) => act(id, action, body),
    rules: async () => [
      { id: 7, category_id: 29, area_id: 3, party_kind: 'grid_role', party_role: 'group_leader', party_org_id: null },
      { id: 8, category_id: 2, area_id: 2, party_kind: 'department', party_role: '', party_org_id: 4 },
    ],
    categories: async () => [
      { id: 3, parent_id: null, kind: 'event', code: 'S01', name: '市容环境', name_en: '', sort: 1, active: true },
      {
        id: 29,
        parent_id: 3,
        kind: 'event',
        code: 'S0102',
        name: '乱扔垃圾',
        name_en: '',
        sort: 2,
        active: true,
        policy: { levels: ['simple', 'ordinary'], photos_before: true, photos_after: true, accept_criteria: '', close_criteria: '' },
      },
    ],
    orgUnits: async () => [{ id: 4, kind: 'department', code: 'TS-SZ', name: '汤山市政养护所', name_en: '', area_id: 2 }],
    areas: async () => [{ id: 3, parent_id: 2, level: 'community', code: '320115003012', name: '东阳社区' }],
    grids: async () => [],
  }
})

import { ApiError } from '@/api/client'
import TrafficLight from '@/components/cases/TrafficLight.vue'
import { deadlineText, duration } from '@/components/cases/deadline'
import ActionDialog from '@/views/cases/ActionDialog.vue'
import { actionBody, actionSpec, emptyForm, validate } from '@/views/cases/actionSpec'
import { resolveParty } from '@/views/cases/suggestion'
import type { CaseAction, CaseDetail, CaseEvent } from '@/views/cases/casesApi'

const HOUR = 3_600_000
const NOW = Date.UTC(2026, 11, 4, 12, 0, 0)
const t = i18n.global.t as unknown as (k: string, v?: Record<string, unknown>) => string

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  setActivePinia(createPinia())
  act.mockReset()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('TrafficLight', () => {
  function light(light: string, deadlineAt: number | null) {
    return mount(TrafficLight, { props: { light, deadlineAt, now: NOW }, global: { plugins: [i18n] } })
  }

  it('says green and the hours left', () => {
    const w = light('green', NOW + 3 * HOUR + 5 * 60_000)
    expect(w.classes()).toContain('light-green')
    expect(w.text()).toContain('绿灯')
    expect(w.get('[data-test="traffic-time"]').text()).toBe('还剩 3 小时 5 分')
  })

  it('says yellow and the minutes left', () => {
    const w = light('yellow', NOW + 40 * 60_000)
    expect(w.classes()).toContain('light-yellow')
    expect(w.text()).toBe('黄灯还剩 40 分钟')
  })

  it('says red and the days overdue', () => {
    const w = light('red', NOW - 2 * 24 * HOUR - 20 * 60_000)
    expect(w.classes()).toContain('light-red')
    expect(w.text()).toContain('红灯')
    expect(w.get('[data-test="traffic-time"]').text()).toBe('已超期 2 天')
  })

  it('turns red once the deadline has passed, whatever the server last said', () => {
    const w = light('yellow', NOW - 90 * 60_000)
    expect(w.classes()).toContain('light-red')
    expect(w.text()).toContain('已超期 1 小时 30 分')
  })

  it('shows a dash without a running step', () => {
    const w = light('', null)
    expect(w.find('[data-test="traffic-light"]').exists()).toBe(false)
    expect(w.text()).toBe('—')
  })

  it('speaks English too', () => {
    i18n.global.locale.value = 'en'
    const w = light('green', NOW + 26 * HOUR)
    expect(w.text()).toContain('Green')
    expect(w.text()).toContain('1 d 2 h left')
  })
})

describe('deadline words', () => {
  it('picks sensible units', () => {
    expect(duration(30_000, t)).toBe('不足 1 分钟')
    expect(duration(59 * 60_000, t)).toBe('59 分钟')
    expect(duration(8 * HOUR, t)).toBe('8 小时')
    expect(duration(5 * 24 * HOUR + 3 * HOUR, t)).toBe('5 天')
    expect(deadlineText(null, NOW, t)).toBeNull()
    expect(deadlineText(NOW + HOUR, NOW, t)).toEqual({ overdue: false, text: '还剩 1 小时' })
    expect(deadlineText(NOW - 3 * 24 * HOUR, NOW, t)).toEqual({ overdue: true, text: '已超期 3 天' })
  })
})

describe('actionSpec', () => {
  it('asks for a reason where the server requires one', () => {
    for (const a of ['void', 'send_back', 'verify_fail', 'shelve', 'reopen', 'request_extension'] as const)
      expect(actionSpec(a).note).toBe('required')
    for (const a of ['accept', 'dispatch', 'feedback', 'verify_pass', 'unshelve', 'decide_extension', 'evaluate'] as const)
      expect(actionSpec(a).note).toBe('optional')
  })

  it('asks for after-photos on feedback only when the policy wants them', () => {
    expect(actionSpec('feedback', { photos_after: true }).photos).toBe('required')
    expect(actionSpec('feedback', { photos_after: false }).photos).toBe('optional')
    expect(actionSpec('accept', { photos_after: true }).photos).toBe('none')
  })

  it('gives each action its own fields', () => {
    expect(actionSpec('dispatch').party).toBe(true)
    expect(actionSpec('shelve').reviewOn).toBe(true)
    expect(actionSpec('request_extension').hours).toBe(true)
    expect(actionSpec('decide_extension').decision).toBe(true)
    expect(actionSpec('evaluate').satisfaction).toBe(true)
    expect(actionSpec('accept').level).toBe(true)
    const fields = (a: Parameters<typeof actionSpec>[0]) => {
      const s = actionSpec(a)
      return ['party', 'reviewOn', 'hours', 'decision', 'satisfaction', 'level'].filter((k) => (s as any)[k])
    }
    expect(fields('void')).toEqual([])
    expect(fields('verify_pass')).toEqual([])
  })

  it('validates and builds bodies with only what the action takes', () => {
    const ext = actionSpec('request_extension')
    const f = emptyForm('ordinary')
    expect(validate(ext, f)).toEqual({ note: 'noteRequired', hours: 'hoursInvalid' })
    f.note = '材料未到'
    f.hours = 24
    expect(validate(ext, f)).toEqual({})
    expect(actionBody(ext, f)).toEqual({ note: '材料未到', hours: 24 })

    const dispatch = actionSpec('dispatch')
    const d = emptyForm()
    expect(actionBody(dispatch, d)).toEqual({})
    d.partyMode = 'other'
    d.partyKind = 'department'
    expect(validate(dispatch, d)).toEqual({ party_org_id: 'partyOrgRequired' })
    d.partyOrgId = 4
    expect(actionBody(dispatch, d)).toEqual({ party_kind: 'department', party_org_id: 4 })

    const decide = actionSpec('decide_extension')
    const x = emptyForm()
    x.approve = 'reject'
    expect(actionBody(decide, x, 12)).toEqual({ approve: false, extension_id: 12 })
  })
})

describe('resolveParty', () => {
  const cats = [
    { id: 2, parent_id: null, name: '道路交通' },
    { id: 21, parent_id: 2, name: '道路破损' },
  ] as any
  it('takes the most specific area, then the 大类', () => {
    const rules = [
      { id: 1, category_id: 2, area_id: 2, party_kind: 'department', party_role: '', party_org_id: 4 },
      { id: 2, category_id: 21, area_id: 3, party_kind: 'grid_role', party_role: 'leader', party_org_id: null },
    ]
    expect(resolveParty(rules, cats, 21, [11, 3, 2])).toMatchObject({ basis: 'rule', ruleId: 2, party: { kind: 'grid_role', role: 'leader' } })
    expect(resolveParty(rules.slice(0, 1), cats, 21, [11, 3, 2])).toMatchObject({ basis: 'rule', party: { kind: 'department', orgId: 4 } })
  })
  it('sends conflicts and gaps to the community office', () => {
    const two = [
      { id: 1, category_id: 21, area_id: 3, party_kind: 'street_office', party_role: '', party_org_id: null },
      { id: 2, category_id: 21, area_id: 3, party_kind: 'community_office', party_role: '', party_org_id: null },
    ]
    expect(resolveParty(two, cats, 21, [11, 3, 2]).basis).toBe('conflict')
    expect(resolveParty([], cats, 21, [11, 3, 2])).toEqual({ party: { kind: 'community_office' }, basis: 'fallback' })
  })
})

const baseCase = {
  id: 127,
  number: '320115003012-2026-000127',
  category_id: 29,
  category: '乱扔垃圾',
  level: 'ordinary',
  grid_id: 11,
  grid: '第八网格',
  community_id: 3,
  state: 'dispatched',
  photos_after: true,
  allowed_actions: [],
} as unknown as CaseDetail

const reportEvent: CaseEvent = {
  id: 1,
  case_id: 127,
  at: NOW - 10 * HOUR,
  user_id: null,
  actor: 'grid02',
  action: 'report',
  from: '',
  to: 'reported',
  note: '',
  detail: { suggested_owner: '第八网格 · 居民小组长' },
}

async function openDialog(action: CaseAction, caseData: Partial<CaseDetail> = {}, events: CaseEvent[] = [reportEvent]) {
  const w = mount(ActionDialog, {
    props: { modelValue: false, action, caseData: { ...baseCase, ...caseData }, events },
    global: { plugins: [i18n, elementPlus] },
    attachTo: document.body,
  })
  await w.setProps({ modelValue: true })
  await flushPromises()
  return w
}

function dialog(): HTMLElement {
  const d = document.body.querySelector('.action-dialog') as HTMLElement
  expect(d).not.toBeNull()
  return d
}
function labels(): string[] {
  return Array.from(dialog().querySelectorAll('.el-form-item__label')).map((l) => l.textContent!.trim())
}
async function confirm() {
  ;(dialog().querySelector('[data-test="action-confirm"]') as HTMLElement).click()
  await flushPromises()
  // Element Plus shows a form item's error after a short debounce.
  await new Promise((r) => setTimeout(r, 150))
}
async function type(selector: string, value: string) {
  const el = dialog().querySelector(selector) as HTMLInputElement
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('ActionDialog', () => {
  it('作废 asks only for the reason and refuses without one', async () => {
    const w = await openDialog('void', { state: 'reported' })
    expect(labels()).toEqual(['作废原因'])
    expect(dialog().querySelector('[data-test="action-confirm"]')!.textContent!.trim()).toBe('确定')
    await confirm()
    expect(act).not.toHaveBeenCalled()
    expect(dialog().querySelector('.el-form-item__error')!.textContent).toContain('请填写作废原因')
    await type('textarea', '重复上报')
    act.mockResolvedValue({ ...baseCase, state: 'voided' })
    await confirm()
    expect(act).toHaveBeenCalledWith(127, 'void', { note: '重复上报' })
    expect(w.emitted('done')).toBeTruthy()
    w.unmount()
  })

  it('处置反馈 asks for the handling and the after-photos the policy requires', async () => {
    const w = await openDialog('feedback')
    expect(labels()).toEqual(['处置情况', '处置后照片'])
    expect(dialog().querySelector('input[type=file][capture=environment]')).not.toBeNull()
    await confirm()
    expect(act).not.toHaveBeenCalled()
    expect(dialog().textContent).toContain('该类别要求上传处置后照片')
    w.unmount()
  })

  it('处置反馈 without a photo rule needs no photo', async () => {
    const w = await openDialog('feedback', { photos_after: false })
    act.mockResolvedValue(baseCase)
    await confirm()
    expect(act).toHaveBeenCalledWith(127, 'feedback', {})
    w.unmount()
  })

  it('派遣 shows the responsibility list\'s party, preselected', async () => {
    const w = await openDialog('dispatch', { state: 'accepted' })
    const suggested = dialog().querySelector('[data-test="party-suggested"]') as HTMLElement
    expect(suggested.textContent!.replace(/\s+/g, ' ')).toContain('责任清单 第八网格 · 居民小组长')
    expect(suggested.querySelector('input')!.checked).toBe(true)
    act.mockResolvedValue(baseCase)
    await confirm()
    // No party: the server routes by the same matrix and records the rule.
    expect(act).toHaveBeenCalledWith(127, 'dispatch', {})
    w.unmount()
  })

  it('申请延期 asks for hours and a reason', async () => {
    const w = await openDialog('request_extension')
    expect(labels()).toEqual(['延期时长（小时）', '延期理由'])
    w.unmount()
  })

  it('挂账 asks for a review date and a reason; 满意度评价 for the result', async () => {
    let w = await openDialog('shelve', { state: 'accepted' })
    expect(labels()).toEqual(['复查日期', '挂账原因'])
    w.unmount()
    w = await openDialog('evaluate', { state: 'closed' })
    expect(labels()).toEqual(['评价结果', '评价说明'])
    expect(dialog().textContent).toContain('满意')
    expect(dialog().textContent).toContain('不满意')
    w.unmount()
  })

  it('延期审批 shows the pending request and asks approve or reject', async () => {
    const request: CaseEvent = {
      ...reportEvent,
      id: 2,
      action: 'request_extension',
      from: 'dispatched',
      to: 'dispatched',
      note: '等待配件',
      detail: { extension_id: 9, hours: 24 },
    }
    const w = await openDialog('decide_extension', {}, [reportEvent, request])
    expect(dialog().textContent).toContain('申请延期 24 小时：等待配件')
    expect(labels()).toEqual(['审批结果', '审批意见'])
    await confirm()
    expect(act).not.toHaveBeenCalled()
    expect(dialog().textContent).toContain('请选择审批结果')
    w.unmount()
  })

  it('puts the server\'s error next to the field it names', async () => {
    const w = await openDialog('send_back')
    await type('textarea', '不是')
    act.mockRejectedValue(new ApiError(400, { code: 'case.reason_required', message: '回退需要说明原因', field: 'note' }))
    await confirm()
    expect(dialog().querySelector('.el-form-item__error')!.textContent).toContain('回退需要说明原因')
    act.mockRejectedValue(new ApiError(403, { code: 'auth.denied', message: 'your role may not send_back this case now' }))
    await confirm()
    expect(dialog().querySelector('[role="alert"]')!.textContent).toContain('your role may not send_back')
    w.unmount()
  })
})
