import { expect, test } from '@playwright/test'

/** Smoke test of `npm run dev:mock`: the SPA runs on the MSW worker alone, signed in as the mock admin. */
test('the mock build renders the shell and pages from MSW data', async ({ page }) => {
  await page.goto('/admin/users')
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'reviewer', exact: true })).toBeVisible()
  await page.getByRole('link', { name: 'Script library' }).click()
  await expect(page).toHaveURL(/\/scripts$/)
})
