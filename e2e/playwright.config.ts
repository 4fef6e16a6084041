import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'

/**
 * E2E against the real BFF with a fresh embedded PostgreSQL server (var/e2e/pg) and the built SPA, driven by
 * Debian's Chromium, or the registry's when Debian's cannot be installed (e2e/ensure-browser.mjs, which
 * `npm run e2e` runs first, then builds the SPA).
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8180)
export const E2E_ADMIN = { username: 'admin', password: 'admin-e2e-pw' }
/** Real local agent processes the server starts (issue #4's demo fleet). */
export const E2E_DEMO_AGENTS = 3
/** The VITE_MSW=1 build (the `dev:mock` mode) served by `vite preview`, for the mock smoke spec. */
export const MOCK_PORT = E2E_PORT + 1

/** CHROMIUM_PATH, else the browser ensure-browser.mjs provided from the registry, else Debian's. */
function browserPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  const provided = path.join(import.meta.dirname, '.browser-path')
  return existsSync(provided) ? readFileSync(provided, 'utf8').trim() : '/usr/bin/chromium'
}

export default defineConfig({
  testDir: '.',
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browserPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 860 },
        storageState: 'e2e/.auth/admin.json',
      },
      dependencies: ['setup'],
      testIgnore: /(auth\.setup|mock\.spec)\.ts/,
    },
    {
      name: 'mock',
      testMatch: /mock\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${MOCK_PORT}` },
    },
  ],
  webServer: [
    {
      command: 'rm -rf var/e2e && npx tsx src/server/main.ts',
      cwd: '..',
      url: `http://127.0.0.1:${E2E_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(E2E_PORT),
        DATA_DIR: 'var/e2e',
        CONSOLE_ADMIN: `${E2E_ADMIN.username}:${E2E_ADMIN.password}`,
        DEMO_SEED: '1',
        DEMO_AGENTS: String(E2E_DEMO_AGENTS),
        // The fleet stops with the test server (by default it outlives console restarts).
        DEMO_FLEET_KEEP: '0',
        LOG_LEVEL: 'warn',
        // Two replicas, as `npm start` runs on this 2-core machine: agents, tickets and live events cross them.
        WORKERS: '2',
      },
    },
    {
      command:
        'VITE_MSW=1 npx vite build --logLevel warn --outDir var/dist-mock --emptyOutDir && ' +
        `npx vite preview --outDir var/dist-mock --port ${MOCK_PORT} --strictPort --host 127.0.0.1`,
      cwd: '..',
      url: `http://127.0.0.1:${MOCK_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
    },
  ],
})
