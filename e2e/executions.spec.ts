import { expect, test } from '@playwright/test'

test('runs the wizard on the demo fleet: a PAUSE batch, continue, the ticket finishes with per-host logs', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto('/executions/new')
  await page.getByRole('button', { name: 'Pick service_check' }).click()
  await page.getByRole('button', { name: 'Next' }).click()

  // Params: the script's default (look for the node process the agents run as).
  await expect(page.getByLabel('process')).toHaveValue('node')
  await page.getByRole('button', { name: 'Next' }).click()

  // Targets: the three real agents of the e2e fleet.
  for (const host of ['demo-host-01', 'demo-host-02', 'demo-host-03'])
    await page.getByRole('checkbox', { name: host }).check()
  await expect(page.getByRole('status')).toHaveText('3 hosts selected (max 200)')
  await page.getByRole('button', { name: 'Next' }).click()

  // Batches: one host each, pause after the first.
  const size = page.getByLabel('Hosts per batch')
  await size.fill('1')
  await expect(page.getByText(/3 hosts in 3 batches/)).toBeVisible()
  await page.getByRole('group', { name: 'Batch 1' }).getByRole('combobox', { name: 'After this batch 1' }).click()
  await page.getByTitle('Pause after').click()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByLabel('Timeout (seconds)')).toHaveValue('300')
  await page.getByRole('button', { name: 'Next' }).click()
  await page.screenshot({ path: 'e2e/screenshots/execution-review.png', fullPage: true })
  await page.getByRole('button', { name: 'Run' }).click()

  // The ticket: paused after batch 1, continue, finished.
  await expect(page).toHaveURL(/\/tickets\/SCT\d{14}[0-9a-f]{9}$/)
  const header = page.locator('h1, h2, h3, h4').filter({ hasText: /^SCT/ }).first()
  await expect(header).toBeVisible()
  await expect(page.getByRole('button', { name: 'Continue' })).toBeEnabled({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByText('Finished').first()).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled()
  await expect(page.getByText('3/3')).toBeVisible()
  await expect(page.getByRole('row', { name: /Batch 3 .*1 \/ 0 \/ 0/ })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Pause' })).toBeDisabled()
  await page.screenshot({ path: 'e2e/screenshots/ticket.png', fullPage: true })

  // A host's log.
  await page.getByRole('button', { name: 'Log demo-host-02' }).click()
  await expect(page.getByRole('dialog').getByText('node is running')).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/ticket-log.png' })
})
