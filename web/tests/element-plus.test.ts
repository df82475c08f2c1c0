// The app registers only the Element Plus parts it uses
// (src/plugins/elementPlus.ts): every <el-*> tag in a template must be
// among them, or the page would show nothing where the control should be.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp, h, nextTick, ref, withDirectives, resolveDirective } from 'vue'
import { COMPONENTS, elementPlus } from '@/plugins/elementPlus'

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return vueFiles(path)
    return path.endsWith('.vue') ? [path] : []
  })
}

const pascal = (tag: string) => tag.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')

describe('Element Plus registration', () => {
  it('registers every <el-*> component a template uses', () => {
    const files = vueFiles(join(__dirname, '../src'))
    expect(files.length).toBeGreaterThan(20)
    const registered = new Set(COMPONENTS.map((c) => c.name))
    const missing = new Set<string>()
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/<(el-[a-z-]+)/g)) {
        if (!registered.has(pascal(m[1]))) missing.add(`${m[1]} (${file})`)
      }
    }
    expect([...missing]).toEqual([])
  })

  it('installs the v-loading directive', async () => {
    const loading = ref(true)
    const root = document.createElement('div')
    document.body.appendChild(root)
    const app = createApp({
      setup: () => () => withDirectives(h('div', { class: 'panel' }, 'x'), [[resolveDirective('loading')!, loading.value]]),
    })
    app.use(elementPlus).mount(root)
    await nextTick()
    expect(root.querySelector('.el-loading-mask')).not.toBeNull()
    app.unmount()
  })
})
