import { expect, test, type Page } from '@playwright/test'
import { login } from './login'

/** Creates a LONG-lined script with the demo reviewer, through the console API as the signed-in operator. */
async function createScriptForReview(page: Page, name: string) {
  return page.evaluate(async (scriptName) => {
    const session = await (await fetch('/api/session')).json()
    const res = await fetch('/v1/job/scripts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: JSON.stringify({
        name: scriptName,
        type: 'SHELL',
        description: 'Created by the home e2e spec',
        content: `echo "${'a very long line that a phone must wrap instead of scrolling sideways '.repeat(4)}"\nuptime`,
        properties: {
          risk_level: 'LOW',
          version: '1.0.0',
          protocol: 'NOT_TO_NOTIFY',
          reviewers: [{ reviewer_name: 'reviewer', reviewer_id: '' }],
        },
        script_params: [],
      }),
    })
    return res.status
  }, name)
}

test.describe('home status board', () => {
  test('shows every panel of the admin board from the real BFF, each with a way to act', async ({ page }) => {
    await page.goto('/')
    await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible()
    await expect(page.getByText('Getting started')).toBeVisible()
    for (const title of [
      'Waiting for me',
      'Tickets in progress',
      'Open P1/P2 incidents',
      'Offline hosts',
      'Patch compliance',
      'My recent tickets',
    ])
      await expect(page.locator('section > header').filter({ hasText: title })).toBeVisible()
    await expect(page.getByText(/nodes compliant|No host has been scanned yet/)).toBeVisible()
    await expect(page.getByText('This panel could not be shown')).toHaveCount(0)
    await expect(page.getByText('Could not load this panel')).toHaveCount(0)
    await page.screenshot({ path: 'e2e/screenshots/home-admin.png', fullPage: true })
    // With the demo fleet online the card offers more agents; before it connects, the first ones.
    await page.getByRole('link', { name: /^Enroll (more )?agents$/ }).click()
    await expect(page).toHaveURL(/\/cmdb$/)
  })
})

test.describe('review on a phone', () => {
  test.use({ storageState: { cookies: [], origins: [] }, viewport: { width: 390, height: 844 } })

  test('the reviewer sees the request on home, reviews at 390 px without sideways scroll, and a used link shows the decision', async ({
    browser,
  }) => {
    test.setTimeout(180_000)
    const name = `e2e_phone_${Date.now()}`
    const author = await (await browser.newContext()).newPage()
    await login(author, 'operator', 'operator-demo-1')
    expect([200, 201]).toContain(await createScriptForReview(author, name))

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const reviewer = await context.newPage()
    await login(reviewer, 'reviewer', 'reviewer-demo-1')
    const waiting = reviewer.getByRole('list', { name: 'Waiting for me' })
    const request = waiting.getByRole('listitem').filter({ hasText: name })
    await request.getByRole('link', { name: 'Review' }).click()
    await expect(reviewer).toHaveURL(/\/review\//)
    const reviewUrl = reviewer.url()
    await expect(reviewer.getByRole('heading', { name: `Review script ${name}` })).toBeVisible()
    await expect(reviewer.getByLabel('diff')).toBeVisible()
    expect(await reviewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const approve = reviewer.getByRole('button', { name: 'Approve' })
    await approve.scrollIntoViewIfNeeded()
    const box = (await approve.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    await reviewer.screenshot({ path: 'e2e/screenshots/review-390.png', fullPage: true })
    await reviewer.getByLabel('Comment').fill('Fine on my phone')
    await approve.click()
    await expect(reviewer.getByText('You approved this script. It is now Approved.')).toBeVisible()

    await reviewer.goto(reviewUrl)
    await expect(reviewer.getByText('This link was already used: reviewer approved it')).toBeVisible()
    await expect(reviewer.getByText('Comment: Fine on my phone')).toBeVisible()
    await reviewer.screenshot({ path: 'e2e/screenshots/review-used-390.png', fullPage: true })
    expect(await reviewer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // Acting through the link marked the request done: it is no longer waiting on the home board.
    await reviewer.goto('/')
    await expect(reviewer.locator('section > header').filter({ hasText: 'Waiting for me' })).toBeVisible()
    await expect(reviewer.getByText(name)).toHaveCount(0)
  })
})
