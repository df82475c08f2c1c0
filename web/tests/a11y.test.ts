// Labels that Element Plus leaves out and the app adds: the page-size
// select of every list's pagination, and the language switch whose name
// holds its visible text (WCAG 2.5.3).
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { elementPlus } from '@/plugins/elementPlus'
import { i18n } from '@/i18n'
import AppPagination from '@/components/AppPagination.vue'
import LocaleSwitch from '@/components/LocaleSwitch.vue'

describe('accessible names', () => {
  it('labels the page-size select of a pagination', async () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(AppPagination, {
      props: {
        total: 120,
        currentPage: 1,
        'onUpdate:currentPage': () => {},
        pageSize: 20,
        'onUpdate:pageSize': () => {},
        pageSizes: [20, 50],
        layout: 'total, sizes, prev, pager, next',
      },
      global: { plugins: [i18n, elementPlus] },
      attachTo: document.body,
    })
    await new Promise((r) => setTimeout(r, 0))
    const input = w.find('.el-pagination__sizes input')
    expect(input.exists()).toBe(true)
    expect(input.attributes('aria-label')).toBe('每页条数')
    // The attributes reach Element's pagination: its pager shows 6 pages.
    expect(w.findAll('.el-pager li').map((li) => li.text())).toContain('6')
    w.unmount()
  })

  it('names the language switch with the words it shows', () => {
    i18n.global.locale.value = 'zh-CN'
    const w = mount(LocaleSwitch, { global: { plugins: [i18n, elementPlus, createPinia()] } })
    const button = w.find('button')
    expect(button.text()).toBe('EN')
    expect(button.attributes('aria-label')).toContain('EN')
    w.unmount()
  })
})
