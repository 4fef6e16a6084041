import { expect, test } from '@playwright/test'
import { login } from './login'

test.describe('script review', () => {
  test.use({ storageState: { cookies: [], origins: [] } })

  test('an operator creates a script with a reviewer; the reviewer approves through the link; it is APPROVED', async ({
    browser,
  }) => {
    const name = `e2e_review_${Date.now()}`
    const author = await (await browser.newContext()).newPage()
    await login(author, 'operator', 'operator-demo-1', '/scripts')
    await author.getByRole('button', { name: 'New script' }).click()
    const drawer = author.getByRole('dialog')
    await drawer.getByLabel('Name', { exact: true }).fill(name)
    await drawer.getByLabel('Description').fill('Created by the e2e spec')
    await drawer.getByLabel('Script content').fill('echo "hello from e2e"\nuptime')
    await drawer.getByRole('button', { name: 'Add parameter' }).click()
    await drawer.getByLabel('Name 1').fill('api_token')
    await drawer.getByLabel('Default value 1').fill('s3cret-token')
    await drawer.getByRole('switch', { name: 'Sensitive 1' }).click()
    await drawer.getByRole('checkbox', { name: /\(reviewer\)/ }).check()
    await drawer.getByRole('button', { name: 'Save' }).click()
    await expect(author).toHaveURL(/\/scripts\/SC\d{14}[0-9a-f]{9}$/)
    await expect(author.getByRole('dialog').getByText('Pending review').first()).toBeVisible()
    await expect(author.getByRole('dialog').getByRole('cell', { name: '******' })).toBeVisible()

    const reviewer = await (await browser.newContext()).newPage()
    await login(reviewer, 'reviewer', 'reviewer-demo-1', '/inbox')
    const message = reviewer.getByRole('listitem').filter({ hasText: `Review script ${name}` })
    await message.getByRole('link', { name: 'Open' }).click()
    await expect(reviewer).toHaveURL(/\/review\//)
    const reviewUrl = reviewer.url()
    await expect(reviewer.getByRole('heading', { name: `Review script ${name}` })).toBeVisible()
    await expect(reviewer.getByText('Never approved before: everything is new.')).toBeVisible()
    await reviewer.getByLabel('Comment').fill('Looks safe')
    await reviewer.getByRole('button', { name: 'Approve' }).click()
    await expect(reviewer.getByText('You approved this script. It is now Approved.')).toBeVisible()
    await reviewer.screenshot({ path: 'e2e/screenshots/script-review-approved.png' })

    // The link is single-use: opening it again shows the decision it carried, by whom, read-only.
    await reviewer.goto(reviewUrl)
    await expect(reviewer.getByText('This link was already used: reviewer approved it')).toBeVisible()
    await expect(reviewer.getByText('Comment: Looks safe')).toBeVisible()
    await expect(reviewer.getByRole('button', { name: 'Approve' })).toHaveCount(0)

    await author.goto('/scripts')
    const row = author.getByRole('row').filter({ hasText: name })
    await expect(row.getByText('Approved')).toBeVisible()
  })

  test('a tampered review link is refused and changes nothing', async ({ page }) => {
    await login(
      page,
      'reviewer',
      'reviewer-demo-1',
      '/review/00000000-0000-4000-8000-000000000000.zz.AAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    )
    await expect(page.getByText('This review link is not valid', { exact: true })).toBeVisible()
    await expect(page.getByText('Nothing was changed.')).toBeVisible()
  })
})
