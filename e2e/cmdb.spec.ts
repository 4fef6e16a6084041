import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { E2E_ADMIN, E2E_DEMO_AGENTS } from './playwright.config'

test('the topology page shows the demo fleet ONLINE and a host drawer with its agent status', async ({ page }) => {
  await page.goto('/cmdb')
  await expect(page.getByRole('tab', { name: 'Business topology' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'Business topology tree' })).toBeVisible()
  // Real agent processes register on their own; give them the time a cold tsx start takes.
  for (let i = 1; i <= E2E_DEMO_AGENTS; i++) {
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: `demo-host-0${i}`, exact: true }) })
    await expect(row.getByText('Online')).toBeVisible({ timeout: 30_000 })
  }
  await page.getByRole('cell', { name: 'demo-host-01', exact: true }).click()
  const drawer = page.getByRole('dialog')
  await expect(drawer.getByText('Host demo-host-01')).toBeVisible()
  await expect(drawer.getByText('Online')).toBeVisible()
  await expect(drawer.getByText('Default business / Internal / Idle pool')).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/cmdb-host-drawer.png' })
  await drawer.getByRole('button', { name: 'Close' }).click()
  await expect(page).toHaveURL(/\/cmdb$/)
  await page.getByRole('tab', { name: 'Application dependencies' }).click()
  await expect(page.getByRole('img', { name: 'Application dependency graph' })).toBeVisible()
  await expect(page.getByRole('img', { name: 'Application dependency graph' })).toContainText('mall.mall-order')
})

test('/v1/resources returns the fleet with agent ids, and limit above 100 is a COC 400', async ({ request }) => {
  const auth = await request.post('/v3/auth/tokens', {
    data: {
      auth: {
        identity: {
          methods: ['password'],
          password: {
            user: {
              name: E2E_ADMIN.username,
              password: E2E_ADMIN.password,
              domain: { name: 'default' },
            },
          },
        },
        scope: { project: { name: 'default' } },
      },
    },
  })
  const token = auth.headers()['x-subject-token']
  const ok = await request.get('/v1/resources?provider=ecs&type=cloudservers&limit=100', {
    headers: { 'x-auth-token': token },
  })
  expect(ok.status()).toBe(200)
  const { data } = await ok.json()
  expect(
    data.filter((r: { name: string; agent_id: string | null }) => r.name.startsWith('demo-host-') && r.agent_id),
  ).toHaveLength(E2E_DEMO_AGENTS)
  const over = await request.get('/v1/resources?provider=ecs&type=cloudservers&limit=101', {
    headers: { 'x-auth-token': token },
  })
  expect(over.status()).toBe(400)
  expect(await over.json()).toMatchObject({ error_code: 'COC.00040701' })
})

test('stopping (suspending) one agent process turns its host OFFLINE on the page, and it comes back', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto('/cmdb')
  const last = `demo-host-0${E2E_DEMO_AGENTS}`
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: last, exact: true }) })
  await expect(row.getByText('Online')).toBeVisible({ timeout: 30_000 })
  // The one process whose work dir is this e2e server's last demo agent (an exact path, never a broad name).
  const workDir = fileURLToPath(new URL(`../var/e2e/agents/${last}`, import.meta.url))
  const pid = Number(
    execFileSync('pgrep', ['-f', '--', `--work-dir ${workDir} `], { encoding: 'utf8' })
      .trim()
      .split('\n')[0],
  )
  // SIGSTOP, not a kill: its heartbeats stop (OFFLINE after the missed-heartbeat window), and after SIGCONT it
  // reconnects, so later specs (patch scans) still find the whole fleet. Killing is covered by the gateway tests.
  process.kill(pid, 'SIGSTOP')
  try {
    await expect(row.getByText('Offline')).toBeVisible({ timeout: 45_000 })
  } finally {
    process.kill(pid, 'SIGCONT')
  }
  await expect(row.getByText('Online')).toBeVisible({ timeout: 30_000 })
})
