import { expect, test } from '@playwright/test'
import { E2E_DEMO_AGENTS } from './playwright.config'

test('a scan of the demo fleet fills the compliance report; charts render and a node drills down', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto('/patches')
  await expect(page.getByRole('heading', { name: 'Patch compliance' })).toBeVisible()
  // The demo agents need a moment to connect after the server starts.
  await expect(async () => {
    await page.getByRole('button', { name: /Scan all online hosts/ }).click()
    await expect(page.getByText(/Last scan PSO\d+/)).toBeVisible({ timeout: 5_000 })
  }).toPass({ timeout: 60_000 })
  await expect(page.getByText(new RegExp(`Last scan PSO\\d+\\w*: ${E2E_DEMO_AGENTS} ok, 0 failed`))).toBeVisible({
    timeout: 60_000,
  })
  await page.reload()
  await expect(page.getByText('Compliance ratio')).toBeVisible()
  await expect(page.getByRole('img', { name: 'Compliant vs non-compliant nodes' })).toContainText('Non-compliant')
  await expect(page.getByRole('img', { name: 'Missing/failed patches by severity' })).toContainText('Critical')
  await expect(page.getByRole('img', { name: 'Trend (last report per node and day)' }).locator('svg')).toBeVisible()
  const rows = page.locator('.ant-table').filter({ hasText: 'Report time' }).locator('tbody tr.ant-table-row')
  await expect(rows.first()).toBeVisible()
  await expect(rows).toHaveCount(E2E_DEMO_AGENTS)
  await page.waitForTimeout(800) // chart animations, for a clean screenshot
  await page.screenshot({ path: 'e2e/screenshots/patches.png', fullPage: true })

  await rows.first().click()
  const drawer = page.getByRole('dialog')
  await expect(drawer.getByText(/Patches of demo-host-/)).toBeVisible()
  await expect(drawer.locator('.ant-table-tbody tr.ant-table-row').first()).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/patches-node.png' })
})
