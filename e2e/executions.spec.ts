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

test('Retry with edits: the failed host runs again with an edited parameter and turns green', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto('/executions/new')
  await page.getByRole('button', { name: 'Pick service_check' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  // A process no host runs: the check fails. (`pgrep -f` takes a pattern: the brackets keep it from matching any
  // command line that merely contains this text.)
  await page.getByLabel('process').fill('[n]o-such-process-e2e')
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('checkbox', { name: 'demo-host-01' }).check()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page).toHaveURL(/\/tickets\/SCT\d{14}[0-9a-f]{9}$/)
  const first = page.url()
  await expect(page.getByRole('button', { name: 'Retry with edits' })).toBeEnabled({ timeout: 30_000 })
  await page.getByRole('button', { name: 'Retry with edits' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText('The 1 hosts that failed')).toBeVisible()
  const param = dialog.getByRole('textbox', { name: 'process' })
  await expect(param).toHaveValue('[n]o-such-process-e2e')
  await param.fill('node') // the agents are node processes
  await dialog.getByRole('button', { name: 'Retry with edits' }).click()

  // A new ticket, on the same host, green.
  await expect(page).not.toHaveURL(first, { timeout: 30_000 })
  await expect(page).toHaveURL(/\/tickets\/SCT\d{14}[0-9a-f]{9}$/)
  await expect(page.getByText('Finished').first()).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Log demo-host-01' })).toBeVisible()
})
