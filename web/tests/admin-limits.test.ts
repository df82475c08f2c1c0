// The time-limit table of a category policy: hours per step and level, in
// working or natural hours, with the whole loop summed per level; and the
// policy helpers that build what is saved as a new version.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { i18n } from '@/i18n'
import type { CasePolicy } from '@/views/admin/adminApi'
import TimeLimitTable from '@/views/admin/TimeLimitTable.vue'
import PolicyView from '@/views/admin/PolicyView.vue'
import { defaultPolicy, policyBody, policyChanges } from '@/views/admin/policy'

const policy: CasePolicy = {
  accept_criteria: '井盖：属于本类别、位置明确、附现场照片',
  close_criteria: '井盖：已恢复，核查人员现场确认',
  levels: ['major', 'simple'],
  photos_before: true,
  photos_after: false,
  enforcement: true,
  max_extensions: 2,
  limits: {
    simple: {
      accept: { hours: 2, basis: 'working' },
      dispatch: { hours: 1, basis: 'working' },
      handle: { hours: 16, basis: 'working' },
      verify: { hours: 4, basis: 'working' },
    },
    major: {
      accept: { hours: 0.5, basis: 'natural' },
      dispatch: { hours: 1, basis: 'natural' },
      handle: { hours: 72, basis: 'natural' },
      verify: { hours: 8, basis: 'working' },
    },
  },
}

const plugins = [i18n, elementPlus]

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => {
  document.body.innerHTML = ''
})

describe('TimeLimitTable', () => {
  it('has one column per allowed level, in the canonical order', () => {
    const w = mount(TimeLimitTable, { props: { policy }, global: { plugins } })
    const heads = w.findAll('thead th').map((th) => th.text())
    expect(heads).toEqual(['环节 / 等级', '简易', '重大'])
    const rows = w.findAll('tbody th').map((th) => th.text())
    expect(rows.map((r) => r.slice(0, 2))).toEqual(['受理', '派遣', '处置', '核查'])
  })

  it('shows the hours of each step and level with their time basis', () => {
    const w = mount(TimeLimitTable, { props: { policy }, global: { plugins } })
    const accept = w.get('[data-cell="accept.simple"]')
    expect(accept.text()).toBe('2工作小时')
    expect(accept.classes()).toContain('basis-working')
    const handle = w.get('[data-cell="handle.major"]')
    expect(handle.get('.hours').text()).toBe('72')
    expect(handle.get('.basis').text()).toBe('自然小时')
    expect(handle.text()).toContain('合 3 天')
    expect(handle.classes()).toContain('basis-natural')
    expect(w.get('[data-cell="accept.major"] .hours').text()).toBe('0.5')
    expect(w.get('[data-cell="verify.major"]').classes()).toContain('basis-working')
  })

  it('sums the loop per level, working and natural hours apart', () => {
    const w = mount(TimeLimitTable, { props: { policy }, global: { plugins } })
    expect(w.get('[data-total="simple"]').text()).toBe('23 工作小时')
    const parts = w.findAll('[data-total="major"] .total-part').map((p) => p.text())
    expect(parts).toEqual(['8 工作小时', '+ 73.5 自然小时'])
  })

  it('reads in English', () => {
    i18n.global.locale.value = 'en'
    const w = mount(TimeLimitTable, { props: { policy }, global: { plugins } })
    expect(w.get('[data-cell="handle.major"]').text()).toContain('72natural h')
    expect(w.get('[data-cell="handle.simple"]').text()).toContain('16working h')
  })
})

describe('PolicyView', () => {
  it('shows criteria, photo rules, enforcement and extensions in words', () => {
    const w = mount(PolicyView, { props: { policy }, global: { plugins } })
    const text = w.text()
    expect(text).toContain('井盖：属于本类别、位置明确、附现场照片')
    expect(text).toContain('必须上传')
    expect(text).toContain('不强制')
    expect(text).toContain('需要')
    expect(text).toContain('2 次（须审批）')
  })
})

describe('policy helpers', () => {
  it('sends only the chosen levels, with numeric hours', () => {
    const p = defaultPolicy()
    p.levels = ['ordinary']
    ;(p.limits.ordinary!.handle as { hours: unknown }).hours = '24'
    const body = policyBody(p)
    expect(Object.keys(body.limits)).toEqual(['ordinary'])
    expect(body.limits.ordinary!.handle).toEqual({ hours: 24, basis: 'working' })
  })

  it('names what changed between two versions', () => {
    const next = JSON.parse(JSON.stringify(policy)) as CasePolicy
    next.limits.major!.handle = { hours: 48, basis: 'natural' }
    next.close_criteria = '井盖：已更换'
    expect(policyChanges(policy, next)).toEqual(['close_criteria', 'limits'])
    expect(policyChanges(policy, policy)).toEqual([])
  })
})
