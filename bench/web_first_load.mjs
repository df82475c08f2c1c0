// First open of a page in a fresh browser (no cache), as a grid member
// opening the app on a phone: the JavaScript fetched and when the page's
// DOM is ready (DOMContentLoaded), median of several runs, against the
// real server with the Dongyang demo and Debian's Chromium.
// Usage (from web/, after `make build`):
//   node ../bench/web_first_load.mjs [--bin ../build/wangge] [--web dist] [--path /login] [--runs 9]
import { context, DESKTOP, launch, parseArgs, startServer } from '../web/e2e/harness.mjs'

const args = parseArgs(process.argv.slice(2))
const runs = Number(args.runs ?? 9)
const path = args.path ?? '/login'
const server = await startServer({ bin: args.bin ?? '../build/wangge', web: args.web ?? 'dist' })
const browser = await launch()
const ready = []
let scripts = 0
try {
  for (let i = 0; i < runs; i++) {
    const ctx = await context(browser, DESKTOP)
    const page = await ctx.newPage()
    let bytes = 0
    page.on('response', async (r) => {
      if (r.url().endsWith('.js')) bytes += (await r.body().catch(() => Buffer.alloc(0))).length
    })
    await page.goto(server.base + path, { waitUntil: 'networkidle' })
    ready.push(await page.evaluate(() => Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd)))
    scripts = bytes
    await ctx.close()
  }
} finally {
  await browser.close()
  await server.stop()
}
ready.sort((a, b) => a - b)
console.log(`${path}, cold: ${scripts} bytes of JavaScript; DOMContentLoaded median ${ready[Math.floor(runs / 2)]} ms (${ready.join(' ')})`)
