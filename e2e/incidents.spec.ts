import { expect, test } from '@playwright/test'

test('create → accept → solve → verify through the incident board', async ({ page }) => {
  const title = `Checkout errors ${Date.now()}`
  await page.goto('/incidents')
  await page.getByRole('button', { name: /New incident/ }).click()
  const modal = page.getByRole('dialog')
  await modal.getByLabel('Title').fill(title)
  await modal.getByLabel('Description').fill('5xx on /checkout since 10:02')
  await modal.getByLabel('Application id').fill('app-mall')
  await modal.getByRole('button', { name: 'Submit' }).click()
  const triggered = page.getByRole('region', { name: 'Not accepted' })
  await expect(triggered.getByText(title)).toBeVisible()

  // Accept by dragging the card onto the Accepted column.
  await triggered.getByText(title).dragTo(page.getByRole('region', { name: 'Accepted', exact: true }))
  await expect(page.getByRole('region', { name: 'Accepted', exact: true }).getByText(title)).toBeVisible()

  await page.getByRole('region', { name: 'Accepted', exact: true }).getByText(title).click()
  const drawer = page.getByRole('dialog')
  await drawer.getByLabel('Cause').fill('connection pool exhausted')
  await drawer.getByLabel('Solution').fill('raised the pool size and restarted')
  await drawer.getByRole('button', { name: 'Submit solution' }).click()
  await expect(page.getByRole('region', { name: 'Resolved, to verify' }).getByText(title)).toBeVisible()

  await page.getByRole('region', { name: 'Resolved, to verify' }).getByText(title).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Verify' }).click()
  await expect(page.getByRole('region', { name: 'Completed' }).getByText(title)).toBeVisible()
  await expect(page.getByRole('dialog')).toBeHidden()
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'e2e/screenshots/incidents.png', fullPage: true })
})
