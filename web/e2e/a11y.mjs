// Accessibility checks of issue 5 (WCAG 2.1 AA) with axe-core in the real
// browser: every control has a label, names and roles are sound and text
// contrast passes AA. Run on each page the screenshot step opens.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const AXE = require.resolve('axe-core/axe.min.js')

// The WCAG 2.0/2.1 A and AA rules; best practices are not asked for.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

// Third-party drawings: map tiles and chart canvases carry no text of ours.
const EXCLUDE = [['.leaflet-tile-pane'], ['canvas']]

// The violations on `page` as lines a person can act on: rule, page, the
// element and what is wrong.
export async function audit(page, name) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const result = await page.evaluate(
    async ({ tags, exclude }) => {
      const r = await window.axe.run(
        { include: [['body']], exclude },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      )
      return r.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
        count: v.nodes.length,
      }))
    },
    { tags: TAGS, exclude: EXCLUDE },
  )
  return result.map(
    (v) =>
      `${name}: ${v.id} (${v.help}) on ${v.count} element(s): ` +
      v.nodes.map((n) => `${n.target} — ${n.summary.replace(/\s+/g, ' ')}`).join(' | '),
  )
}

// Whether the focused element looks different from when it is not focused
// (outline, shadow, border or background on it or its Element Plus
// wrapper): WCAG 2.4.7, visible focus. Returns what has the focus and
// whether it shows; null when nothing has it.
export async function focusShows(page) {
  return page.evaluate(async () => {
    // Element Plus marks focus with a class that Vue sets on the next tick.
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    await settle()
    const el = document.activeElement
    if (!el || el === document.body) return null
    const boxes = [el, el.closest('.el-input__wrapper, .el-select__wrapper, .el-textarea, .el-checkbox, .el-radio, .el-switch')]
      .filter(Boolean)
    const look = () =>
      boxes
        .map((b) => {
          const s = getComputedStyle(b)
          return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join()
        })
        .join('|')
    const focused = look()
    el.blur()
    await settle()
    const unfocused = look()
    el.focus({ focusVisible: true })
    await settle()
    const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('placeholder') || el.id || '').trim()
    return { what: `${el.tagName.toLowerCase()} “${name.slice(0, 30)}”`, shows: focused !== unfocused }
  })
}
