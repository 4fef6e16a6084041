import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { E2E_ADMIN } from './playwright.config'

/** Picks an option of the open antd Select (options carry their label as title; closed dropdowns stay hidden). */
const pick = (page: Page, label: string) =>
  page.getByTitle(label, { exact: true }).filter({ visible: true }).click({ timeout: 5_000 })

test('builds a 4-step plan in the editor, runs it on two demo hosts, continues the confirmation, the file is on the hosts', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000)
  const stamp = `${Date.now()}`
  // The demo agents run on this machine: the target directory is a real path the test can read.
  const target = `/tmp/e2e-plan-${stamp}`
  const fileName = `plan-${stamp}.conf`
  const content = `listen 8080 # e2e ${stamp}\n`
  // Both demo hosts share this machine's file system: create the directory up front so the two pushes do not race
  // to create it (on real hosts each has its own).
  mkdirSync(target, { mode: 0o755 })

  // Setup through the COC API: the two demo hosts' resource ids (what the saved plan must carry) and an approved
  // LOW-risk script reading the file.
  const auth = await request.post('/v3/auth/tokens', {
    data: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: E2E_ADMIN.username, password: E2E_ADMIN.password, domain: { name: 'default' } } },
        },
        scope: { project: { name: 'default' } },
      },
    },
  })
  const coc = { 'x-auth-token': auth.headers()['x-subject-token'] ?? '' }
  const res = await request.get('/v1/resources?provider=ecs&type=cloudservers&limit=100', { headers: coc })
  expect(res.status()).toBe(200)
  const fleet = (await res.json()).data as { resource_id: string; name: string }[]
  const hosts = ['demo-host-01', 'demo-host-02'].map((n) => fleet.find((r) => r.name === n)?.resource_id ?? '')
  expect(hosts.every(Boolean)).toBe(true)
  const newScript = async (name: string, body: string) => {
    const r = await request.post('/v1/job/scripts', {
      headers: coc,
      data: {
        name,
        type: 'SHELL',
        description: 'job plan e2e',
        content: body,
        properties: { risk_level: 'LOW', version: '1' },
        script_params: [],
      },
    })
    expect(r.status(), await r.text()).toBe(200)
  }
  const readName = `e2e_plan_read_${stamp}`
  const doneName = `e2e_plan_done_${stamp}`
  await newScript(readName, `cat ${target}/${fileName}`)
  await newScript(doneName, 'echo "plan done on $(hostname)"')

  // 1. Upload the file in the file library.
  await page.goto('/files')
  const chooser = page.waitForEvent('filechooser')
  const uploaded = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/files?'))
  await page.getByRole('button', { name: 'Upload file' }).click()
  await (await chooser).setFiles({ name: fileName, mimeType: 'text/plain', buffer: Buffer.from(content) })
  const upload = await uploaded
  expect(upload.status()).toBe(201)
  // The id the job API names the file by is copyable beside its name, not shown (no internal ids on screen).
  const fileId = ((await upload.json()) as { id: string }).id
  const fileRow = page.getByRole('row').filter({ hasText: fileName })
  await expect(fileRow.getByRole('button', { name: 'Copy the file id' })).toBeVisible()
  await expect(fileRow.getByText(fileId)).toHaveCount(0)

  // 2. Build the plan in the editor: file push → script reading it → manual confirmation → script.
  const planName = `e2e plan ${stamp}`
  await page.goto('/job-plans')
  await page.getByRole('button', { name: 'New plan' }).click()
  // The host picker opens a second dialog over the editor.
  const editor = page.getByRole('dialog').filter({ hasText: 'New plan' })
  await expect(editor.getByText('New plan')).toBeVisible()
  await editor.getByLabel('Name', { exact: true }).fill(planName)
  // The plan's hosts: pasted by name in the host picker, then shown by name and IP (resource ids stay underneath).
  const planHosts = editor.getByRole('region', { name: 'Plan hosts' })
  await planHosts.getByRole('button', { name: 'Choose hosts' }).click()
  const picker = page.getByRole('dialog').filter({ hasText: 'Paste a list' })
  await picker.getByText('Paste a list').click()
  await picker.getByLabel('Paste IPs or host names').fill('demo-host-01\ndemo-host-02')
  await picker.getByRole('button', { name: 'Find hosts' }).click()
  await picker.getByRole('button', { name: 'Add the 2 online hosts' }).click()
  await picker.getByRole('button', { name: 'Use the chosen hosts (2)' }).click()
  await expect(picker).toBeHidden()
  await expect(planHosts.getByText(/^demo-host-01 · /)).toBeVisible()
  await expect(planHosts.getByText(/^demo-host-02 · /)).toBeVisible()
  for (let i = 0; i < 3; i++) await editor.getByRole('button', { name: 'Add step' }).click()
  // Each kind shows its own fields once chosen (on a loaded machine a click on a still-animating option can be lost).
  const kinds = { 0: ['File push', 'Target path'], 2: ['Manual confirmation', 'Message'] } as const
  for (const [i, [kind, field]] of Object.entries(kinds)) {
    await expect(async () => {
      await editor.getByLabel('Kind', { exact: true }).nth(Number(i)).click()
      await pick(page, kind)
      await expect(editor.getByLabel(field, { exact: true })).toBeVisible({ timeout: 3_000 })
    }).toPass({ timeout: 60_000 })
  }
  const names = ['push config', 'read config', 'check config', 'finish']
  for (const i of names.keys()) {
    await editor
      .getByLabel('Step name', { exact: true })
      .nth(i)
      .fill(names[i] ?? '')
  }
  // The file step picks library files by name (the picker searches the library).
  const files = editor.getByRole('combobox', { name: 'Library files' })
  await expect(async () => {
    await files.click()
    await files.fill(fileName)
    // The option's tooltip: the name and the size (not the file id).
    const option = page.getByTitle(new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · \\d`))
    await expect(option.filter({ visible: true })).toBeVisible({ timeout: 3_000 })
    await files.press('Enter')
    await expect(editor.getByText(fileName, { exact: true })).toBeVisible({ timeout: 3_000 })
  }).toPass({ timeout: 60_000 })
  await editor.getByLabel('Target path').fill(target)
  const scriptFields = editor.getByLabel('Script', { exact: true })
  await expect(scriptFields).toHaveCount(2)
  for (const [i, name] of [readName, doneName].entries()) {
    await scriptFields.nth(i).click()
    await scriptFields.nth(i).fill(name)
    // The search leaves one option: Enter takes it.
    await expect(page.getByTitle(`${name} (low risk)`, { exact: true }).filter({ visible: true })).toBeVisible()
    await scriptFields.nth(i).press('Enter')
  }
  await editor.getByLabel('Message').fill('Is the config in place?')
  // Confirmers are picked from the tenant's users (searched by name, shown with their display name).
  const confirmers = editor.getByLabel('Who may continue (users)')
  await confirmers.click()
  await confirmers.fill(E2E_ADMIN.username)
  await page
    .getByTitle(new RegExp(`^(.* \\()?${E2E_ADMIN.username}\\)?$`))
    .filter({ visible: true })
    .first()
    .click()
  await expect(editor.getByText(new RegExp(`(^|\\()${E2E_ADMIN.username}\\)?$`)).first()).toBeVisible()
  const saved = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/job-plans')
  await editor.getByRole('button', { name: 'Save' }).click()
  expect(((await saved).postDataJSON() as { hosts: string[] }).hosts.sort()).toEqual([...hosts].sort())
  await expect(editor).toBeHidden()

  // 3. Run it.
  const row = page.getByRole('row').filter({ hasText: planName })
  await expect(row.getByText('File push → Script → Manual confirmation → Script')).toBeVisible()
  await row.getByRole('button', { name: 'Run' }).click()
  await page
    .getByRole('dialog', { name: `Run plan ${planName}` })
    .getByRole('button', { name: 'Start' })
    .click()
  await expect(page).toHaveURL(/\/plan-runs\/[^/]+$/)
  await expect(page.getByRole('heading', { name: `Run of ${planName} v1` })).toBeVisible()

  // 4. The push and the read ran; the confirmation waits: continue it.
  const cont = page.getByRole('button', { name: 'Continue' })
  await expect(cont).toBeEnabled({ timeout: 120_000 })
  await page.getByLabel('Remark').fill('config checked')
  await cont.click()

  // 5. The run finishes: the run's tag and the four steps' tags.
  await expect(page.getByText('Finished', { exact: true })).toHaveCount(5, { timeout: 120_000 })
  await expect(page.getByText(/continued by admin: config checked/)).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/plan-run.png', fullPage: true })

  // 6. The file is on the host (same machine), and the read step's log on each host shows its content.
  expect(readFileSync(`${target}/${fileName}`, 'utf8')).toBe(content)
  await page.getByRole('link', { name: 'Open ticket (batches and hosts)' }).nth(1).click()
  await expect(page).toHaveURL(/\/tickets\//)
  for (const host of ['demo-host-01', 'demo-host-02']) {
    await page.getByRole('button', { name: `Log ${host}` }).click()
    const log = page.getByRole('dialog')
    await expect(log.getByText(`e2e ${stamp}`)).toBeVisible({ timeout: 30_000 })
    await log.getByRole('button', { name: 'Close' }).first().click()
    await expect(log).toBeHidden()
  }
  rmSync(target, { recursive: true, force: true })
})
