// The resident tracking page: the status from the server in words, the
// public steps, and the satisfaction rating once the case is closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n } from '@/i18n'
import PublicTrackView from '@/views/public/PublicTrackView.vue'
import { normaliseTracking } from '@/views/public/publicApi'

const T0 = Date.UTC(2026, 11, 3, 0, 0, 0)

function status(over: Record<string, unknown> = {}) {
  return {
    tracking: 'UV7552R3VC',
    category: '井盖',
    state: 'dispatched',
    address: '东阳路 12 号',
    created_at: T0,
    updated_at: T0 + 3_600_000,
    closed_at: null,
    satisfaction: '',
    timeline: [
      { at: T0, action: 'report' },
      { at: T0 + 600_000, action: 'accept' },
      { at: T0 + 1_200_000, action: 'dispatch' },
    ],
    photos: ['/api/v1/public/reports/UV7552R3VC/attachments/3'],
    ...over,
  }
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const fetchMock = vi.fn()

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/public/track/:tracking?', component: PublicTrackView },
      { path: '/public/report', component: { render: () => null } },
    ],
  })
  router.push(path)
  await router.isReady()
  const w = mount({ template: '<router-view />' }, { global: { plugins: [i18n, elementPlus, router] }, attachTo: document.body })
  await flushPromises()
  return { w, router }
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('PublicTrackView', () => {
  it('looks the tracking number up and shows the state in words', async () => {
    fetchMock.mockResolvedValueOnce(json(status()))
    const { w } = await mountAt('/public/track/uv7552r3vc')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/public/reports/UV7552R3VC')
    expect(w.get('[data-test="public-state"]').text()).toBe('处理中')
    const text = w.text()
    expect(text).toContain('责任单位正在处理您反映的问题')
    expect(text).toContain('井盖')
    // the steps, newest first, in residents' words
    const steps = w.findAll('.steps li .step-name').map((s) => s.text())
    expect(steps).toEqual(['已派至责任单位处理', '社区已受理', '问题已提交'])
    expect(w.findAll('.photo').length).toBe(1)
    // no rating before the case is closed
    expect(w.find('[data-test="public-rate"]').exists()).toBe(false)
    w.unmount()
  })

  it('says so when the number is unknown', async () => {
    fetchMock.mockResolvedValueOnce(json({ error: { code: 'case.not_found', message: 'no case with this tracking number' } }, 404))
    const { w } = await mountAt('/public/track/NOPE')
    expect(w.get('[role="alert"]').text()).toContain('没有找到该跟踪号对应的问题')
    w.unmount()
  })

  it('rates a closed case: 满意 with a comment', async () => {
    fetchMock.mockResolvedValueOnce(
      json(status({ state: 'closed', closed_at: T0 + 7_200_000, timeline: [...status().timeline, { at: T0 + 7_200_000, action: 'verify_pass' }] })),
    )
    const { w } = await mountAt('/public/track/UV7552R3VC')
    expect(w.get('[data-test="public-state"]').text()).toBe('已结案')
    const rate = w.get('[data-test="public-rate"]')
    expect(rate.text()).toContain('满意')
    expect(rate.text()).toContain('不满意')

    // no choice, no request
    await w.get('[data-test="public-rate"] form').trigger('submit')
    await flushPromises()
    // Element Plus shows a form item's error after a short debounce.
    await new Promise((r) => setTimeout(r, 150))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(w.text()).toContain('请选择满意或不满意')

    await w.findAll('[data-test="public-rate"] input[type="radio"]')[0].setValue(true)
    const comment = w.get('#rate-comment')
    await comment.setValue('处理很及时')
    fetchMock.mockResolvedValueOnce(json(status({ state: 'closed', satisfaction: 'satisfied' })))
    await w.get('[data-test="public-rate"] form').trigger('submit')
    await flushPromises()
    const [url, init] = fetchMock.mock.calls[1]
    expect(url).toBe('/api/v1/public/reports/UV7552R3VC/evaluation')
    expect(init.method).toBe('POST')
    expect(JSON.parse(init.body)).toEqual({ satisfied: true, comment: '处理很及时' })
    expect(w.text()).toContain('感谢您的评价')
    w.unmount()
  })

  it('shows an earlier rating instead of the form', async () => {
    fetchMock.mockResolvedValueOnce(json(status({ state: 'closed', satisfaction: 'unsatisfied' })))
    const { w } = await mountAt('/public/track/UV7552R3VC')
    expect(w.get('[data-test="public-rate"]').text()).toContain('您已评价：不满意')
    expect(w.find('[data-test="public-rate"] form').exists()).toBe(false)
    w.unmount()
  })

  it('goes to the number typed in', async () => {
    const { w, router } = await mountAt('/public/track')
    expect(fetchMock).not.toHaveBeenCalled()
    fetchMock.mockResolvedValueOnce(json(status()))
    await w.get('#track-input').setValue(' uv75 52r3vc ')
    await w.get('form[role="search"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/public/track/UV7552R3VC')
    expect(w.get('[data-test="public-state"]').text()).toBe('处理中')
    w.unmount()
  })
})

describe('normaliseTracking', () => {
  it('drops spaces and dashes and upper-cases', () => {
    expect(normaliseTracking(' uv75-52r3 vc ')).toBe('UV7552R3VC')
  })
})
