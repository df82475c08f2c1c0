// Browser-test harness: a throwaway Dongyang demo served by the real
// `wangge` binary on loopback, Debian's Chromium through playwright-core,
// and small helpers for steps and screenshots. No mocks: every page talks
// to the real server.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.WANGGE_CHROMIUM ?? '/usr/bin/chromium'

// Flags from the machine notes: without the background-networking ones
// Chromium keeps trying to reach Google's hosts on this closed network.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function parseArgs(argv) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue
    const key = argv[i].slice(2)
    const next = argv[i + 1]
    out[key] = next === undefined || next.startsWith('--') ? 'true' : next
    if (out[key] !== 'true') i++
  }
  return out
}

// Starts a demo server; resolves to { base, accounts, stop }.
export async function startServer({ bin, web }) {
  const data = mkdtempSync(join(tmpdir(), 'wangge-e2e-'))
  const init = execFileSync(bin, ['init', '--demo', 'dongyang', '--data', data], { encoding: 'utf8' })
  const accounts = {}
  for (const line of init.split('\n')) {
    const m = line.match(/^\s{2}(\S+)\s+(\S+)\s+(system_admin|security_admin|auditor|street_leader|community_leader|grid_staff|patrol_member)\b/)
    if (m) accounts[m[1]] = m[2]
  }
  if (!accounts.dongyang) throw new Error('no demo accounts in the init output:\n' + init)
  const child = spawn(bin, ['serve', '--port', '0', '--data', data, '--web', web, '--jobs-seconds', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 20000)
    const onData = (chunk) => {
      log += chunk
      const m = log.match(/listening on \S+ port (\d+)/)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)))
  })
  const stop = async () => {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(data, { recursive: true, force: true })
  }
  return { base: `http://127.0.0.1:${port}`, accounts, stop, data }
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
}

export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 375, height: 812 }

// A fresh browser context (its own cookies) at `viewport`.
export async function context(browser, viewport, extra = {}) {
  const phone = viewport.width <= 480
  const ctx = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...extra,
  })
  ctx.setDefaultTimeout(15000)
  return ctx
}

// Page errors fail the run: a page that throws is broken for its user. So
// does any request that would leave the machine (a CDN, an online font or
// map tile): everything the app needs is served by wangge itself.
export function watchErrors(page, errors) {
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (/^(https?|wss?):$/.test(url.protocol) && url.hostname !== '127.0.0.1')
      errors.push(`${page.url()}: request to another machine: ${r.url()}`)
  })
}

// Logs in through the API in the page's context (cookie session).
export async function apiLogin(page, base, username, password) {
  const r = await page.request.post(base + '/api/v1/auth/login', { data: { username, password } })
  if (!r.ok()) throw new Error(`login as ${username} failed: ${r.status()} ${await r.text()}`)
}

export async function api(page, base, method, path, data) {
  const r = await page.request.fetch(base + path, { method, data })
  const text = await r.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch {
    json = null
  }
  return { status: r.status(), json, text }
}

// Screenshots land in `dir` as <name>-<width>.png.
export function shooter(dir) {
  mkdirSync(dir, { recursive: true })
  const taken = []
  return {
    taken,
    async shot(page, name) {
      const width = page.viewportSize().width
      const path = join(dir, `${name}-${width}.png`)
      await page.screenshot({ path, fullPage: true })
      taken.push(path)
      return path
    },
  }
}

// Runs named steps in order, printing each; the first failure stops the run
// with the step's name.
export function stepper() {
  const results = []
  return {
    results,
    async step(name, fn) {
      const start = Date.now()
      try {
        await fn()
        results.push({ name, ok: true, ms: Date.now() - start })
        console.log(`ok   ${name} (${Date.now() - start} ms)`)
      } catch (e) {
        results.push({ name, ok: false, ms: Date.now() - start, error: e })
        console.log(`FAIL ${name}: ${e.stack || e}`)
        throw e
      }
    },
  }
}

// A real PNG (a 64×48 gradient), as a phone camera's photo stand-in.
export function pngFile(name = 'photo.png', hue = 0) {
  const width = 64
  const height = 48
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0 // filter: none
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3
      raw[o] = (x * 4 + hue) & 255
      raw[o + 1] = (y * 5) & 255
      raw[o + 2] = (128 + hue) & 255
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc(body))
    return Buffer.concat([len, body, sum])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
  return { name, mimeType: 'image/png', buffer: png }
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}
