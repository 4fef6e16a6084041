import { expect, test } from '@playwright/test'
import { E2E_ADMIN } from './playwright.config'

const PAGES = [
  ['Script library', '/scripts'],
  ['Batch execution', '/executions/new'],
  ['Execution tickets', '/tickets'],
  ['Incidents', '/incidents'],
  ['WarRoom', '/war-rooms'],
  ['Patch compliance', '/patches'],
  ['CMDB topology', '/cmdb'],
  ['Users & access keys', '/admin/users'],
  ['Audit log', '/admin/audit'],
] as const

test('every menu entry opens its page through the real BFF', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto('/')
  const nav = page.getByRole('navigation', { name: 'main' })
  for (const [label, path] of PAGES) {
    await nav.getByRole('link', { name: label, exact: true }).click()
    await expect(page).toHaveURL(new RegExp(`${path}$`))
    await expect(page.locator('nav[aria-label="main"] [aria-current="page"]')).toHaveText(label)
    await expect(page.locator('.ant-layout-content')).not.toBeEmpty()
    await page.waitForTimeout(400) // menu highlight transition, for a clean screenshot
    await page.screenshot({ path: `e2e/screenshots/shell${path.replace(/\//g, '-')}.png` })
  }
  expect(errors).toEqual([])
})

test('the users page lists the demo users from the database', async ({ page }) => {
  await page.goto('/admin/users')
  for (const name of ['admin', 'operator', 'reviewer', 'viewer']) {
    await expect(page.getByRole('cell', { name, exact: true })).toBeVisible()
  }
})

test('switching to Chinese relabels the menu, and the choice survives a reload', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Language' }).click()
  await expect(page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '脚本库' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: '脚本库' })).toBeVisible()
})

test.describe('own session', () => {
  // A session of its own: logging out must not revoke the shared admin session the other specs use.
  test.use({ storageState: { cookies: [], origins: [] } })

  test('login comes back to a deep link, which survives a reload; logout returns to login', async ({ page }) => {
    await page.goto('/incidents')
    await expect(page).toHaveURL(/\/login\?next=%2Fincidents/)
    await page.getByLabel('User name').fill(E2E_ADMIN.username)
    await page.getByLabel('Password').fill('wrong-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert')).toContainText('Wrong user name or password')
    await page.getByLabel('Password').fill(E2E_ADMIN.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL(/\/incidents$/)
    await page.reload()
    await expect(page).toHaveURL(/\/incidents$/)
    await page.getByRole('button', { name: /Sign out/ }).click()
    await expect(page).toHaveURL(/\/login/)
    await page.goto('/tickets')
    await expect(page).toHaveURL(/\/login\?next=%2Ftickets/)
  })
})
