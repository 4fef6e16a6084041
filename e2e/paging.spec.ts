import { expect, type Locator, type Page, test } from '@playwright/test'
import { createIntegrationKey, postAlarm } from './integration-keys'
import { login } from './login'

/** The unread count the header bell announces ("Inbox (3)"), 0 when it shows none. */
async function unread(page: Page) {
  const label = (await page.getByRole('link', { name: /^Inbox( \(\d+\))?$/ }).getAttribute('aria-label')) ?? ''
  return Number(/\((\d+)\)/.exec(label)?.[1] ?? 0)
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** Picks `option` in the select labelled `field` of a modal, then closes the list by clicking the modal's title. */
async function pick(page: Page, modal: string, field: Locator, option: string) {
  const dialog = page.getByRole('dialog', { name: modal })
  // A click on an option that is still animating in can be lost on a loaded machine: open, pick and check
  // again until the choice shows in the field (a single value or a tag of a multiple select carry its title).
  await expect(async () => {
    await field.click()
    // Closed lists stay in the DOM (hidden): only the open one counts.
    await page.getByTitle(option, { exact: true }).filter({ visible: true }).click({ timeout: 3000 })
    await dialog.getByText(modal, { exact: true }).click()
    await expect(dialog.getByTitle(option, { exact: true })).toBeVisible({ timeout: 2000 })
  }).toPass({ timeout: 30_000 })
}

/** A Descriptions item ("Assignee Olivia Operator") by its label. */
const item = (scope: Locator, label: string) => scope.getByRole('cell').filter({ hasText: new RegExp(`^${label}`) })

test('a new schedule pages the on-call for a P1 alarm; accepting from the inbox link acknowledges the page', async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const stamp = Date.now()
  const scheduleName = `E2E on-call ${stamp}`
  const policyName = `E2E paging ${stamp}`
  // An application of its own, so the new policy (application-specific) wins over the demo's catch-all one.
  const applicationId = `e2e-pay-${stamp}`
  const alarmName = `Payment API down ${stamp}`

  // Admin: a daily schedule with Olivia Operator on call (started a week ago), through the on-call page.
  await page.goto('/oncall')
  await page.getByRole('button', { name: 'New schedule' }).click({ timeout: 30_000 })
  const scheduleForm = page.getByRole('dialog', { name: 'New schedule' })
  await scheduleForm.getByLabel('Name').fill(scheduleName)
  await pick(page, 'New schedule', scheduleForm.getByLabel('Rotation'), 'Daily')
  await scheduleForm.getByLabel('First hand-off date').fill(isoDay(stamp - 7 * 86_400_000))
  await pick(page, 'New schedule', scheduleForm.getByLabel('Members (in order)'), 'Olivia Operator')
  await scheduleForm.getByRole('button', { name: 'Save' }).click()
  await expect(scheduleForm).toBeHidden()
  await expect(page.getByText(scheduleName)).toBeVisible()

  // Admin: an escalation policy for the application: the new schedule first, the administrator after 5 min.
  await page.getByRole('tab', { name: 'Escalation policies' }).click()
  await page.getByRole('button', { name: 'New policy' }).click()
  const policyForm = page.getByRole('dialog', { name: 'New policy' })
  await policyForm.getByLabel('Name').fill(policyName)
  await pick(page, 'New policy', policyForm.getByLabel('Notify'), `⏱ ${scheduleName}`)
  await policyForm.getByRole('button', { name: 'Add level' }).click()
  await pick(page, 'New policy', policyForm.getByLabel('Notify').nth(1), 'Administrator')
  await policyForm.getByLabel('Applications (empty: all)').fill(applicationId)
  await policyForm.getByLabel('Applications (empty: all)').press('Enter')
  await policyForm.getByText('New policy', { exact: true }).click()
  await policyForm.getByRole('button', { name: 'Save' }).click()
  await expect(policyForm).toBeHidden()
  await expect(page.getByText(policyName)).toBeVisible()

  // Operator, in a second browser context, waits in the console.
  const operatorContext = await browser.newContext({ storageState: { cookies: [], origins: [] } })
  const operator = await operatorContext.newPage()
  await login(operator, 'operator', 'operator-demo-1')
  const before = await unread(operator)

  // A Critical (P1) alarm for the application arrives at the webhook.
  const key = await createIntegrationKey(page, `e2e-paging-${stamp}`)
  const res = await postAlarm(baseURL, key, {
    alarmId: `e2e-paging-${stamp}`,
    alarmName,
    alarmLevel: 'Critical',
    time: stamp,
    nameSpace: 'pay',
    applicationId,
    alarmDesc: 'HTTP 5xx above 50%',
    alarmSource: 'prometheus',
    alarmStatus: 'alarm',
  })
  expect(res.status, await res.clone().text()).toBe(200)

  // The bell counts the page (it polls), the inbox lists it, its link opens the incident.
  await expect.poll(() => unread(operator), { timeout: 45_000 }).toBeGreaterThan(before)
  await operator.getByRole('link', { name: /^Inbox \(\d+\)$/ }).click()
  const message = operator.getByRole('listitem').filter({ hasText: `[P1] ${alarmName}` })
  await expect(message).toBeVisible({ timeout: 30_000 })
  await message.getByRole('link', { name: 'Open' }).click()
  await expect(operator).toHaveURL(/\/incidents\/[^/]+$/)
  const drawer = operator.getByRole('dialog').filter({ hasText: alarmName })
  await expect(drawer).toBeVisible({ timeout: 30_000 })
  await expect(drawer.getByText(/^Olivia Operator was paged \(level 1\) via .*inbox/)).toBeVisible()
  await drawer.getByRole('tab', { name: 'Paging' }).click()
  await expect(drawer.getByText('Escalating until accepted')).toBeVisible()
  await expect(drawer.getByText(policyName)).toBeVisible()

  // Accept: the incident is Olivia's, the page is acknowledged at level 1 and escalation stops.
  await drawer.getByRole('button', { name: 'Accept' }).click()
  await expect(drawer.getByRole('button', { name: 'Accept' })).toHaveCount(0)
  await expect(drawer.getByText('Acknowledged', { exact: true })).toBeVisible()
  await expect(item(drawer, 'Assignee')).toHaveText(/^Assignee:?\s*Olivia Operator$/)
  await expect(item(drawer, 'Acknowledged by')).toHaveText(/^Acknowledged by:?\s*Olivia Operator$/)
  await expect(item(drawer, 'Level reached')).toHaveText(/^Level reached:?\s*1$/)
  await drawer.getByRole('tab', { name: 'Timeline' }).click()
  await expect(drawer.getByText('Olivia Operator acknowledged the page')).toBeVisible()
  await expect(drawer.getByText('Olivia Operator accepted')).toBeVisible()
  await operator.screenshot({ path: 'e2e/screenshots/paging-acknowledged.png' })

  // The administrator (the second level) sees the page acknowledged, not escalating any more.
  await page.goto(new URL(operator.url()).pathname)
  const adminDrawer = page.getByRole('dialog').filter({ hasText: alarmName })
  await adminDrawer.getByRole('tab', { name: 'Paging' }).click({ timeout: 30_000 })
  await expect(adminDrawer.getByText('Acknowledged', { exact: true })).toBeVisible()
  await expect(item(adminDrawer, 'Acknowledged by')).toHaveText(/Olivia Operator$/)
  await operatorContext.close()
})
