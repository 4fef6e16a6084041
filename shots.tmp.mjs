// Screenshots of pages at three widths (not committed).
import { chromium } from 'playwright-core'
const base = process.env.BASE ?? 'http://127.0.0.1:8090'
const pages = (process.env.PAGES ?? '/,/approvals,/job-plans,/job-plans/new,/plan-runs,/tickets,/incidents').split(',')
const widths = (process.env.WIDTHS ?? '1440,1024,390').split(',').map(Number)
const locale = process.env.LOC ?? 'en-US'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
for (const w of widths) {
  const ctx = await browser.newContext({ viewport: { width: w, height: w < 500 ? 844 : 900 }, locale })
  const page = await ctx.newPage()
  await page.goto(base + '/login')
  await page.locator('input').first().fill('admin')
  await page.locator('input[type=password]').fill(process.env.PW ?? 'shots-pw-123')
  await page.locator('button[type=submit]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30000 })
  for (const p of pages) {
    await page.goto(base + p)
    await page.waitForTimeout(2500)
    const name = `/tmp/shots/${locale}-${w}${p.replaceAll('/', '_') || '_home'}.png`
    await page.screenshot({ path: name, fullPage: process.env.FULL === '1' })
    console.log(name)
  }
  await ctx.close()
}
await browser.close()
