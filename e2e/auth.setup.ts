import { expect, test as setup } from '@playwright/test'
import { E2E_ADMIN } from './playwright.config'

/** Logs in through the real login page once and saves the cookie for the other specs. */
setup('log in as admin', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login\?next=%2F/)
  await page.getByLabel('User name').fill(E2E_ADMIN.username)
  await page.getByLabel('Password').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible()
  await page.context().storageState({ path: 'e2e/.auth/admin.json' })
})
