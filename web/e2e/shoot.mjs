// Takes a screenshot of one page as a user sees it, for looking at pages
// while building them (the browser tests take the full set).
// Usage: node e2e/shoot.mjs --base http://127.0.0.1:8080 --path /todo
//          [--user dongyang --password P] [--width 1440|375] [--out file.png]
//          [--wait 800] [--full]
import { chromium } from 'playwright-core'

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]?.startsWith('--') || all[i + 1] === undefined ? 'true' : all[i + 1]])
    return pairs
  }, []),
)
const base = args.base ?? 'http://127.0.0.1:8080'
const width = Number(args.width ?? 1440)
const phone = width <= 480
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const context = await browser.newContext({
  viewport: { width, height: phone ? 812 : 900 },
  deviceScaleFactor: 1,
  isMobile: phone,
  hasTouch: phone,
  locale: args.locale ?? 'zh-CN',
})
const page = await context.newPage()
page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()) })
page.on('pageerror', (e) => console.error('pageerror:', e.message))
if (args.user) {
  const r = await page.request.post(base + '/api/v1/auth/login', { data: { username: args.user, password: args.password } })
  if (!r.ok()) throw new Error('login failed: ' + (await r.text()))
}
await page.goto(base + (args.path ?? '/'), { waitUntil: 'networkidle' })
await page.waitForTimeout(Number(args.wait ?? 800))
const out = args.out ?? `/tmp/shot-${width}.png`
await page.screenshot({ path: out, fullPage: args.full === 'true' })
console.log(out)
await browser.close()
