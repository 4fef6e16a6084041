import { expect, type Page } from '@playwright/test'

/** Logs a fresh page (browser context) in as a demo user and lands on `next`. */
export async function login(page: Page, username: string, password: string, next = '/') {
  await page.goto(next)
  await page.getByLabel('User name').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  // On a phone the menu hides behind its trigger: leaving the login page is the signal.
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 })
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 })
}
