// The browser tests of issue 5, against the real server on loopback:
//   1. log in through the form (and see the lockout message);
//   2. a resident reports a problem with a photo on a phone and gets a
//      tracking number;
//   3. the community accepts and dispatches it;
//   4. grid staff handle it with an after-photo;
//   5. the community verifies it, which closes it;
//   6. the command centre's counts change while it is open (live);
//   7. grid staff are refused a record outside their grid;
// and: login and a list by keyboard alone with the focus visible, the
// English switch remembered per user, no request to another machine; then
// a screenshot of every page at 1440 px and at 375 px, each checked
// against WCAG 2.1 AA (axe-core).
// Usage: node e2e/run.mjs --bin build/wangge --web web/dist --screenshots build/screenshots
import { api, apiLogin, context, DESKTOP, launch, parseArgs, PHONE, pngFile, shooter, startServer, stepper, watchErrors } from './harness.mjs'
import { PAGES } from './pages.mjs'
import { audit, focusShows } from './a11y.mjs'

const args = parseArgs(process.argv.slice(2))
const bin = args.bin ?? '../build/wangge'
const web = args.web ?? 'dist'
const shotsDir = args.screenshots ?? '../build/screenshots'

const server = await startServer({ bin, web })
const { base, accounts } = server
const browser = await launch()
const errors = []
const { step } = stepper()
const shots = shooter(shotsDir)
let failed = false

// A point inside 第一网格 (grid01's grid): the average of its outline's
// vertices (the demo's grids are convex-ish strips).
async function pointInGrid01(page) {
  const r = await api(page, base, 'GET', '/api/v1/public/boundaries')
  const grid = r.json.features.find((f) => f.properties.code.endsWith('01'))
  const ring = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0]
  const pts = ring.slice(0, -1)
  return {
    lon: pts.reduce((s, p) => s + p[0], 0) / pts.length,
    lat: pts.reduce((s, p) => s + p[1], 0) / pts.length,
  }
}

async function kpi(page, key) {
  const text = await page.locator(`[data-kpi="${key}"]`).innerText()
  return Number(text.replace(/[^\d]/g, ''))
}

async function action(page, label, fill) {
  await page.getByRole('button', { name: label, exact: true }).first().click()
  const dialog = page.getByRole('dialog').last()
  await dialog.waitFor()
  if (fill) await fill(dialog)
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.waitFor({ state: 'hidden' })
}

try {
  const leader = await context(browser, DESKTOP)
  const leaderPage = await leader.newPage()
  watchErrors(leaderPage, errors)
  const command = await (await context(browser, DESKTOP)).newPage()
  watchErrors(command, errors)
  const resident = await context(browser, PHONE, { permissions: ['geolocation'] })
  const residentPage = await resident.newPage()
  watchErrors(residentPage, errors)
  const staff = await context(browser, PHONE)
  const staffPage = await staff.newPage()
  watchErrors(staffPage, errors)

  let before = { created: 0, closed: 0 }
  let tracking = ''
  let caseId = 0

  await step('log in through the form; a wrong password is refused', async () => {
    await leaderPage.goto(base + '/login')
    await leaderPage.getByLabel('用户名').fill('dongyang')
    await leaderPage.getByLabel('密码').fill('wrong-password-1')
    await leaderPage.getByRole('button', { name: '登录' }).click()
    await leaderPage.getByText('用户名或密码错误').waitFor()
    await leaderPage.getByLabel('密码').fill(accounts.dongyang)
    await leaderPage.getByRole('button', { name: '登录' }).click()
    await leaderPage.waitForURL(/\/command$/)
  })

  await step('repeated failures lock the account and say so', async () => {
    const page = await (await context(browser, PHONE)).newPage()
    await page.goto(base + '/login')
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('用户名').fill('grid02')
      await page.getByLabel('密码').fill('not-the-password-' + i)
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByRole('alert').waitFor()
    }
    await page.getByText(/账号已锁定/).waitFor()
    await shots.shot(page, 'login-locked')
    await page.context().close()
  })

  await step('the keyboard alone logs in and moves through a page, the focus always visible', async () => {
    const page = await (await context(browser, DESKTOP)).newPage()
    watchErrors(page, errors)
    await page.goto(base + '/login')
    await page.locator('#login-username').waitFor()
    // Tab from the top of the page to the user name field.
    for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.id === 'login-username')); i++)
      await page.keyboard.press('Tab')
    const first = await focusShows(page)
    if (!first?.shows) throw new Error(`no visible focus on the user name field: ${JSON.stringify(first)}`)
    await page.keyboard.type('dongyang')
    await page.keyboard.press('Tab')
    await page.keyboard.type(accounts.dongyang)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/command$/)
    // Every stop of the first twenty Tab presses on the case list shows.
    await page.goto(base + '/cases')
    await page.getByRole('table').or(page.locator('.cards')).first().waitFor()
    const hidden = []
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab')
      const f = await focusShows(page)
      if (f && !f.shows) hidden.push(f.what)
    }
    if (hidden.length) throw new Error(`focus not visible on: ${hidden.join(', ')}`)
    await page.context().close()
  })

  await step('the command centre shows today\'s counts', async () => {
    await apiLogin(command, base, 'dongyang', accounts.dongyang)
    await command.goto(base + '/command')
    await command.locator('[data-kpi="created_today"]').waitFor()
    await command.waitForFunction(() => document.querySelector('[data-kpi="open"]')?.textContent?.match(/\d/))
    before = { created: await kpi(command, 'created_today'), closed: await kpi(command, 'closed_today') }
    await command.getByText('实时').waitFor()
  })

  await step('a resident reports a problem with a photo on a phone', async () => {
    const point = await pointInGrid01(residentPage)
    await resident.setGeolocation({ longitude: point.lon, latitude: point.lat })
    await residentPage.goto(base + '/public/report')
    const category = residentPage.getByLabel('问题类别')
    await category.click()
    await residentPage.getByRole('option').or(residentPage.locator('.el-cascader-node, .el-select-dropdown__item')).first().click()
    // A cascader needs the second level too.
    const second = residentPage.locator('.el-cascader-menu').nth(1).locator('.el-cascader-node').first()
    if (await second.isVisible().catch(() => false)) await second.click()
    await residentPage.getByLabel('问题描述').fill('小区门口井盖松动，有安全隐患（浏览器测试）')
    await residentPage.locator('input[type=file]').first().setInputFiles(pngFile('before.png', 10))
    await residentPage.getByRole('button', { name: '使用当前位置' }).click()
    await shots.shot(residentPage, 'public-report-filled')
    await residentPage.getByRole('button', { name: /提交/ }).click()
    const code = residentPage.getByTestId('tracking-number')
    await code.waitFor()
    tracking = (await code.innerText()).trim()
    if (!tracking) throw new Error('no tracking number shown')
    await shots.shot(residentPage, 'public-report-done')
  })

  await step('the command centre counts the new report live', async () => {
    await command.waitForFunction(
      (n) => Number(document.querySelector('[data-kpi="created_today"]')?.textContent?.replace(/\D/g, '')) > n,
      before.created,
      { timeout: 20000 },
    )
  })

  await step('the community accepts and dispatches it', async () => {
    const list = await api(leaderPage, base, 'GET', '/api/v1/cases?source=resident&page_size=1')
    caseId = list.json.items[0].id
    await leaderPage.goto(`${base}/cases/${caseId}`)
    await action(leaderPage, '立案')
    await leaderPage.getByText('已立案').first().waitFor()
    // The demo's matrix routes manhole covers to a department; this case goes
    // to the grid's own team instead, the default "other party".
    await action(leaderPage, '派遣', (d) => d.getByText('指定其他责任主体').click())
    await leaderPage.getByText('处置中').first().waitFor()
    await shots.shot(leaderPage, 'case-dispatched')
  })

  await step('grid staff handle it with an after-photo on a phone', async () => {
    await apiLogin(staffPage, base, 'grid01', accounts.grid01)
    const number = (await api(staffPage, base, 'GET', `/api/v1/cases/${caseId}`)).json.number
    await staffPage.goto(base + '/todo')
    await staffPage.getByText(number).first().waitFor()
    await staffPage.goto(`${base}/cases/${caseId}`)
    await action(staffPage, '处置反馈', async (dialog) => {
      const note = dialog.getByLabel(/说明|处置情况|备注/).first()
      if (await note.count()) await note.fill('已更换井盖并加固')
      await dialog.locator('input[type=file]').first().setInputFiles(pngFile('after.png', 120))
      await dialog.locator('.el-upload-list__item, img').first().waitFor()
    })
    await staffPage.getByText('待核查').first().waitFor()
  })

  await step('the community verifies it, which closes it', async () => {
    await leaderPage.goto(`${base}/cases/${caseId}`)
    await action(leaderPage, '核查通过')
    await leaderPage.getByText('已结案').first().waitFor()
    await shots.shot(leaderPage, 'case-closed')
  })

  await step('the command centre counts the closure live', async () => {
    await command.waitForFunction(
      (n) => Number(document.querySelector('[data-kpi="closed_today"]')?.textContent?.replace(/\D/g, '')) > n,
      before.closed,
      { timeout: 20000 },
    )
    await shots.shot(command, 'command-after-flow')
  })

  await step('the resident sees the case closed and rates it', async () => {
    await residentPage.goto(`${base}/public/track/${tracking}`)
    await residentPage.getByText('已结案').first().waitFor()
    await residentPage.getByText('满意', { exact: true }).first().click()
    await residentPage.getByRole('button', { name: /提交|评价/ }).first().click()
    await residentPage.getByText(/感谢|已评价/).first().waitFor()
  })

  await step('grid staff are refused a record outside their grid', async () => {
    const other = await api(leaderPage, base, 'GET', '/api/v1/residents?page_size=1&grid_id=' + (await gridId(leaderPage, '02')))
    const id = other.json.items[0].id
    await staffPage.goto(`${base}/registry/residents/${id}`)
    await staffPage.getByText('无权查看').first().waitFor()
    await shots.shot(staffPage, 'registry-refused')
    const direct = await api(staffPage, base, 'GET', `/api/v1/residents/${id}`)
    if (direct.status !== 403) throw new Error(`expected 403, got ${direct.status}`)
  })

  await step('the English switch is remembered for the user on another device', async () => {
    const first = await (await context(browser, DESKTOP)).newPage()
    watchErrors(first, errors)
    await apiLogin(first, base, 'grid01', accounts.grid01)
    await first.goto(base + '/todo')
    await first.getByRole('heading', { name: '我的待办' }).waitFor()
    await first.getByRole('button', { name: /EN/ }).click()
    await first.getByRole('heading', { name: 'My to-do' }).waitFor()
    // Another browser, the same user: English without asking.
    const second = await (await context(browser, PHONE)).newPage()
    watchErrors(second, errors)
    await apiLogin(second, base, 'grid01', accounts.grid01)
    await second.goto(base + '/todo')
    await second.getByRole('heading', { name: 'My to-do' }).waitFor()
    await second.getByRole('button', { name: /中文/ }).click()
    await second.getByRole('heading', { name: '我的待办' }).waitFor()
    await first.context().close()
    await second.context().close()
  })

  await step('grid staff change their own password on a phone and sign in with it', async () => {
    const page = await (await context(browser, PHONE)).newPage()
    watchErrors(page, errors)
    await apiLogin(page, base, 'grid01', accounts.grid01)
    await page.goto(base + '/todo')
    await page.getByRole('button', { name: '账号' }).click()
    await page.getByRole('menuitem', { name: '修改密码' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    const fresh = 'Grid01-new-pass-9'
    await dialog.getByLabel('当前密码', { exact: true }).fill('not-my-password-1')
    await dialog.getByLabel('新密码', { exact: true }).fill(fresh)
    await dialog.getByLabel('再次输入新密码', { exact: true }).fill(fresh)
    await dialog.getByRole('button', { name: '修改密码' }).click()
    await dialog.getByText('当前密码不正确').waitFor()
    await shots.shot(page, 'change-password')
    await dialog.getByLabel('当前密码', { exact: true }).fill(accounts.grid01)
    await dialog.getByRole('button', { name: '修改密码' }).click()
    await page.getByText('密码已修改，请用新密码登录。').waitFor()
    // The old session is gone on the server, not just in the page.
    const old = await api(page, base, 'GET', '/api/v1/auth/me')
    if (old.status !== 401) throw new Error(`old session still answers: ${old.status}`)
    await page.getByLabel('用户名').fill('grid01')
    await page.getByLabel('密码', { exact: true }).fill(fresh)
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL(/\/todo$/)
    accounts.grid01 = fresh
    await page.context().close()
  })

  await step('screenshots of every page at 1440 px and 375 px, each passing WCAG 2.1 AA checks', async () => {
    const violations = []
    for (const viewport of [DESKTOP, PHONE]) {
      const sessions = {}
      for (const p of PAGES) {
        let ctx = sessions[p.user ?? '']
        if (!ctx) {
          ctx = await context(browser, viewport)
          if (p.user) {
            const page = await ctx.newPage()
            await apiLogin(page, base, p.user, accounts[p.user])
            await page.close()
          }
          sessions[p.user ?? ''] = ctx
        }
        const page = await ctx.newPage()
        watchErrors(page, errors)
        const path = typeof p.path === 'function' ? await p.path({ page, base, caseId, tracking }) : p.path
        await page.goto(base + path, { waitUntil: 'networkidle' })
        if (p.ready) await page.locator(p.ready).first().waitFor()
        await page.waitForTimeout(p.settle ?? 600)
        const text = await page.locator('body').innerText()
        // An i18n key on screen means a missing translation.
        const raw = text.match(/\b(common|cases|public|registry|map|admin|command|login|roles)\.[a-zA-Z_]+\b/)
        if (raw) throw new Error(`${p.name}: untranslated key ${raw[0]} on the page`)
        await shots.shot(page, p.name)
        violations.push(...(await audit(page, `${p.name} at ${viewport.width} px`)))
        await page.close()
      }
      for (const ctx of Object.values(sessions)) await ctx.close()
    }
    if (violations.length) throw new Error(`accessibility:\n  ${violations.join('\n  ')}`)
  })

  async function gridId(page, suffix) {
    const r = await api(page, base, 'GET', '/api/v1/grids')
    return r.json.items.find((g) => g.code.endsWith(suffix)).id
  }

  if (errors.length) {
    failed = true
    console.log('FAIL errors thrown by pages:\n  ' + errors.join('\n  '))
  }
} catch (e) {
  failed = true
} finally {
  await browser.close()
  await server.stop()
}
console.log(`${shots.taken.length} screenshots in ${shotsDir}`)
process.exit(failed ? 1 : 0)
