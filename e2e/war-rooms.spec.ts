import { expect, test } from '@playwright/test'

test('a P1 incident with a region opens a war room that shows on the dashboard', async ({ page }) => {
  const title = `Payments down ${Date.now()}`
  await page.goto('/incidents')
  await page.getByRole('button', { name: /New incident/ }).click()
  const modal = page.getByRole('dialog')
  await modal.getByLabel('Title').fill(title)
  await modal.getByLabel('Description').fill('all card payments failing')
  await modal.getByLabel('Level').click()
  await page.getByTitle('P1', { exact: true }).click()
  await modal.getByLabel('Application id').fill('app-pay')
  await modal.getByLabel('Region code').fill('cn-north-4')
  await modal.getByRole('button', { name: 'Submit' }).click()
  await expect(page.getByRole('region', { name: 'Not accepted' }).getByText(title)).toBeVisible()

  await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'WarRoom' }).click()
  await expect(page.getByRole('link', { name: `[P1] ${title}` })).toBeVisible()
  await expect(page.getByText('Running', { exact: true }).first()).toBeVisible()
  await page.waitForTimeout(600)
  await page.screenshot({ path: 'e2e/screenshots/war-rooms.png', fullPage: true })

  await page.getByRole('link', { name: `[P1] ${title}` }).click()
  await expect(page.getByRole('heading', { name: `[P1] ${title}` })).toBeVisible()
  await page.getByRole('textbox', { name: 'Add a note…' }).fill('Failing over to the standby gateway')
  await page.getByRole('button', { name: 'Send status report' }).click()
  await expect(page.getByRole('list').getByText('Failing over to the standby gateway')).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/war-room.png', fullPage: true })
})
