// The registry's masked numbers with their audited reveal, and the import's
// per-row error report.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { elementPlus } from '@/plugins/elementPlus'
import { i18n } from '@/i18n'

const reveal = vi.fn()
vi.mock('@/views/registry/registryApi', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/views/registry/registryApi')>()
  return { ...real, revealResident: (id: number, reason: string) => reveal(id, reason) }
})

import MaskedValue from '@/components/registry/MaskedValue.vue'
import { forgetReveal } from '@/components/registry/reveal'
import ImportErrorTable from '@/views/registry/ImportErrorTable.vue'
import { importMessage } from '@/views/registry/importMessages'
import type { ImportReport } from '@/views/registry/registryApi'

const plugins = [i18n, elementPlus]

function mountMasked(props: Record<string, unknown> = {}) {
  return mount(MaskedValue, {
    props: { value: '320115********1234', residentId: 7, field: 'id_card', label: '身份证号', name: '韩杰', ...props },
    global: { plugins },
    attachTo: document.body,
  })
}

function byTest(name: string): HTMLElement | null {
  return document.body.querySelector(`[data-test="${name}"]`)
}

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
  reveal.mockReset()
  forgetReveal()
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('MaskedValue', () => {
  it('shows the masked value as the server sent it, with a 显示 button', () => {
    const w = mountMasked()
    expect(w.get('[data-test="masked-text"]').text()).toBe('320115********1234')
    expect(w.get('[data-test="reveal-button"]').text()).toContain('显示')
    expect(w.get('[data-test="reveal-button"]').attributes('aria-label')).toBe('显示完整身份证号')
    w.unmount()
  })

  it('never reveals without a reason', async () => {
    const w = mountMasked()
    await w.get('[data-test="reveal-button"]').trigger('click')
    await flushPromises()
    const confirm = byTest('reveal-confirm')
    expect(confirm).not.toBeNull()
    confirm!.click()
    await flushPromises()
    expect(reveal).not.toHaveBeenCalled()
    expect(byTest('reveal-error')?.textContent).toBe('请填写查看事由')
    expect(w.get('[data-test="masked-text"]').text()).toBe('320115********1234')
    w.unmount()
  })

  it('refuses a one-character reason too', async () => {
    const w = mountMasked()
    await w.get('[data-test="reveal-button"]').trigger('click')
    await flushPromises()
    const input = byTest('reveal-reason') as HTMLTextAreaElement
    input.value = '查'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    byTest('reveal-confirm')!.click()
    await flushPromises()
    expect(reveal).not.toHaveBeenCalled()
    expect(byTest('reveal-error')?.textContent).toBe('事由至少 2 个字')
    w.unmount()
  })

  it('shows the full value for this record after the audited reveal', async () => {
    reveal.mockResolvedValue({ id: 7, id_card: '320115199001011234', phone: '13812345678', passport: '' })
    const w = mountMasked()
    const other = mount(MaskedValue, {
      props: { value: '138****5678', residentId: 8, field: 'phone', label: '联系电话' },
      global: { plugins },
    })
    await w.get('[data-test="reveal-button"]').trigger('click')
    await flushPromises()
    const input = byTest('reveal-reason') as HTMLTextAreaElement
    input.value = '入户走访核对身份信息'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    byTest('reveal-confirm')!.click()
    await flushPromises()
    expect(reveal).toHaveBeenCalledWith(7, '入户走访核对身份信息')
    expect(w.get('[data-test="masked-text"]').text()).toBe('320115199001011234')
    expect(w.get('[data-test="audited"]').text()).toContain('审计日志')
    // Another resident stays masked.
    expect(other.get('[data-test="masked-text"]').text()).toBe('138****5678')
    // 隐藏 masks it again.
    await w.get('[data-test="hide-button"]').trigger('click')
    expect(w.get('[data-test="masked-text"]').text()).toBe('320115********1234')
    other.unmount()
    w.unmount()
  })

  it('shows the server refusal in the dialog and keeps the value masked', async () => {
    const { ApiError } = await import('@/api/client')
    reveal.mockRejectedValue(new ApiError(403, { code: 'auth.forbidden', message: 'grid 32011500301207 is outside your scope' }))
    const w = mountMasked()
    await w.get('[data-test="reveal-button"]').trigger('click')
    await flushPromises()
    const input = byTest('reveal-reason') as HTMLTextAreaElement
    input.value = '核实身份'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    byTest('reveal-confirm')!.click()
    await flushPromises()
    expect(document.body.textContent).toContain('无权查看')
    expect(document.body.textContent).toContain('outside your scope')
    expect(w.get('[data-test="masked-text"]').text()).toBe('320115********1234')
    w.unmount()
  })

  it('says 未登记 for an empty value and offers no reveal', () => {
    const w = mountMasked({ value: '' })
    expect(w.text()).toContain('未登记')
    expect(w.find('[data-test="reveal-button"]').exists()).toBe(false)
    w.unmount()
  })
})

describe('ImportErrorTable', () => {
  const report: ImportReport = {
    total_rows: 3,
    imported_rows: 0,
    skipped_rows: 3,
    households_created: 0,
    dry_run: true,
    errors: [
      { row: 2, column: '身份证号', message: 'ID number check digit does not match (GB 11643)' },
      { row: 3, column: '人员类别', message: 'category must be one of: registered, floating, foreign' },
      { row: 4, column: '网格编码', message: 'grid 32011500301202 is outside your scope' },
    ],
  }

  it('renders row, column and message of every bad row', async () => {
    const w = mount(ImportErrorTable, { props: { errors: report.errors }, global: { plugins } })
    await flushPromises()
    const text = w.text()
    expect(text).toContain('问题明细（3 处）')
    for (const e of report.errors) {
      expect(text).toContain(e.column)
    }
    const rows = w.findAll('.el-table__body tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].text()).toContain('2')
    expect(rows[0].text()).toContain('身份证号')
    expect(rows[0].text()).toContain('身份证号校验位不正确')
    expect(rows[1].text()).toContain('取值无效，可填：registered, floating, foreign')
    expect(rows[2].text()).toContain('网格 32011500301202 不在您的管辖范围内')
    w.unmount()
  })

  it('keeps the server wording in English', async () => {
    i18n.global.locale.value = 'en'
    const w = mount(ImportErrorTable, { props: { errors: report.errors }, global: { plugins } })
    await flushPromises()
    expect(w.text()).toContain('ID number check digit does not match (GB 11643)')
    expect(w.text()).toContain('Problems (3)')
    w.unmount()
  })

  it('pages a long report', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({ row: i + 2, column: '姓名', message: 'is required' }))
    const w = mount(ImportErrorTable, { props: { errors: many }, global: { plugins } })
    await flushPromises()
    expect(w.findAll('.el-table__body tr')).toHaveLength(50)
    expect(w.text()).toContain('不能为空')
    w.unmount()
  })

  it('names a missing column by its Chinese header', () => {
    expect(importMessage('required column is missing', 'zh-CN')).toBe('缺少必填列')
  })
})
