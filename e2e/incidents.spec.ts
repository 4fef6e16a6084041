import { expect, test } from '@playwright/test'
import { createIntegrationKey, postAlarm } from './integration-keys'

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

test('an alarm shows on an open board at once, through the live stream of whichever replica serves it', async ({
  page,
  baseURL,
}) => {
  const stamp = Date.now()
  const alarmName = `Disk full ${stamp}`
  await page.goto('/incidents')
  await expect(page.getByRole('region', { name: 'Not accepted' })).toBeVisible()
  const key = await createIntegrationKey(page, `e2e-live-${stamp}`)
  // The board polls every 15 s; the live stream brings the new incident well before its next poll.
  const posted = Date.now()
  const res = await postAlarm(baseURL, key, {
    alarmId: `e2e-live-${stamp}`,
    alarmName,
    alarmLevel: 'Minor',
    time: stamp,
    nameSpace: 'disk',
    applicationId: 'app-mall',
    alarmDesc: '/var at 100%',
    alarmSource: 'prometheus',
    alarmStatus: 'alarm',
  })
  expect(res.status, await res.clone().text()).toBe(200)
  await expect(page.getByRole('region', { name: 'Not accepted' }).getByText(alarmName)).toBeVisible({
    timeout: 10_000,
  })
  expect(Date.now() - posted).toBeLessThan(10_000)
})
