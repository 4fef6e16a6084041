import { screen, waitFor, within } from '@testing-library/react'
import type { UserEvent } from '@testing-library/user-event'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { db } from '../../../mocks/db'
import { server } from '../../../mocks/node'
import { makeJobPlan, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

// antd forms and tables in jsdom on a shared 2-core machine: generous limits (the assertions stay strict).
vi.setConfig({ testTimeout: 60_000 })

/** The host picker dialog (the test setup gives every dialog the same label id, so found by its content). */
const hostDialog = async () => (await screen.findByText('Paste a list')).closest<HTMLElement>('[role="dialog"]')!
const hostDialogClosed = () => waitFor(() => expect(screen.queryByText('Paste a list')).toBeNull())

/** Picks hosts by name in the host dialog of a field (a region named after its label) and uses them. */
async function chooseHosts(user: UserEvent, field: HTMLElement, names: string[]) {
  await user.click(within(field).getByRole('button', { name: /Choose hosts|Change hosts/ }))
  const dialog = await hostDialog()
  for (const name of names) await user.click(await within(dialog).findByRole('checkbox', { name }))
  await user.click(within(dialog).getByRole('button', { name: `Use the chosen hosts (${names.length})` }))
  await hostDialogClosed()
}
const label = (h: { name: string; innerIp: string }) => `${h.name} · ${h.innerIp}`

describe('job plans, runs, approvals and schedules pages', () => {
  it('runs a plan with its variables and continues the confirmation step to the end', async () => {
    setSignedIn('operator')
    makeJobPlan()
    const { user, router } = renderApp('/job-plans')
    expect(await screen.findByRole('heading', { name: 'Job plans' }, { timeout: 30_000 })).toBeTruthy()
    const row = (await screen.findByText('deploy_app')).closest('tr')!
    expect(within(row).getByText('Script → Manual confirmation → Script')).toBeTruthy()
    await user.click(within(row).getByRole('button', { name: 'Run' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByText('Run plan deploy_app')).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Start' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/plan-runs\//))
    // The dialog shows a refusal itself (no error toast), and a start is still told as a toast.
    expect(await screen.findByText('Run started')).toBeTruthy()
    expect(await screen.findByRole('heading', { name: 'Run of deploy_app v1' })).toBeTruthy()
    expect(screen.getAllByText('Waiting').length).toBeGreaterThan(0)
    await user.type(screen.getByLabelText('Remark'), 'dashboards green')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(db.planRuns[0]!.status).toBe('finished'))
    // The run's tag and every step show it.
    expect((await screen.findAllByText('Finished')).length).toBe(4)
    expect(db.planRuns[0]!.steps[1]!.message).toBe('continued by operator: dashboards green')
  })

  it('refuses a run whose variable is outside the allowed values, with the server’s message', async () => {
    setSignedIn('operator')
    makeJobPlan({
      variables: [{ name: 'env', type: 'text', description: '', default: 'staging', required: true, allowed: [] }],
    })
    db.jobPlans[0]!.variables[0]!.allowed = ['test', 'prod']
    const { user } = renderApp('/job-plans')
    const row = (await screen.findByText('deploy_app')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Run' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Start' }))
    expect(await within(dialog).findByText(/env must be one of test, prod/)).toBeTruthy()
    expect(db.planRuns).toHaveLength(0)
  })

  it('puts an approval step in the approver’s inbox; rejecting it rejects the run', async () => {
    setSignedIn('operator')
    const plan = makeJobPlan({
      variables: [],
      steps: [
        {
          kind: 'approval',
          name: 'change approval',
          message: 'Restart the payment service',
          approvers: { users: ['reviewer'], roles: [] },
          mode: 'any',
          timeoutMin: 60,
          rollback: 'start the old build',
        },
      ],
    })
    const first = renderApp(`/job-plans`)
    const row = (await screen.findByText('deploy_app')).closest('tr')!
    await first.user.click(within(row).getByRole('button', { name: 'Run' }))
    await first.user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Start' }))
    await waitFor(() => expect(db.approvals).toHaveLength(1))
    first.unmount()

    setSignedIn('reviewer')
    const { user } = renderApp('/approvals')
    await user.click(await screen.findByRole('link', { name: `${plan.name}: change approval` }))
    expect((await screen.findAllByText('Restart the payment service')).length).toBeGreaterThan(0)
    expect(screen.getByText('start the old build')).toBeTruthy()
    await user.type(screen.getByLabelText('Remark'), 'not during peak')
    await user.click(screen.getByRole('button', { name: 'Reject' }))
    expect(await screen.findByText('not during peak')).toBeTruthy()
    expect(db.approvals[0]!.status).toBe('rejected')
    expect(db.planRuns[0]!.status).toBe('rejected')
  })

  it('shows the next runs before saving a schedule, which starts paused', async () => {
    setSignedIn('operator')
    makeJobPlan()
    const { user } = renderApp('/schedules')
    await user.click(await screen.findByRole('button', { name: 'New schedule' }))
    await user.type(screen.getByLabelText('Name'), 'nightly')
    await user.click(screen.getByLabelText('Plan'))
    await user.click(await screen.findByTitle('deploy_app'))
    const save = screen.getByRole('button', { name: 'Save' })
    expect(save.hasAttribute('disabled')).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Show next runs' }))
    expect(await screen.findByText('Next runs · Quartz expression, with seconds')).toBeTruthy()
    await user.click(save)
    await waitFor(() => expect(db.planSchedules).toHaveLength(1))
    expect(await screen.findByText('Saved')).toBeTruthy()
    expect(db.planSchedules[0]).toMatchObject({ name: 'nightly', enabled: false, expression: '0 0/5 * * * ?' })
    expect(await screen.findByRole('switch', { name: 'Enable nightly' })).toBeTruthy()
  })

  it('builds a file step by picking library files by name, not by typing ids', async () => {
    setSignedIn('operator')
    const file = (id: string, name: string, sha: string) => ({
      id,
      name,
      size: 2048,
      sha256: sha.repeat(64),
      source: 'upload' as const,
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
    })
    db.files.push(
      file('22222222-2222-4222-8222-222222222222', 'nginx.conf', 'b'),
      file('33333333-3333-4333-8333-333333333333', 'app.tar.gz', 'c'),
    )
    const host = db.cmdb.hosts[0]!
    const { user } = renderApp('/job-plans')
    await user.click(await screen.findByRole('button', { name: /New plan/ }, { timeout: 30_000 }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'push_conf')
    await chooseHosts(user, within(drawer).getByRole('region', { name: 'Plan hosts' }), [host.name])
    await user.click(within(drawer).getByLabelText('Kind'))
    await user.click(await screen.findByTitle('File push'))
    await user.type(await within(drawer).findByLabelText('Target path'), '/etc/nginx')
    // The picker searches the library by name and shows size and sha256 to tell files apart.
    const picker = within(drawer).getByRole('combobox', { name: 'Library files' })
    await user.click(picker)
    await user.type(picker, 'nginx')
    expect(await screen.findByText(/2\.0 KB · sha256 bbbbbbbbbbbb…/)).toBeTruthy()
    await waitFor(() => expect(screen.queryByText('app.tar.gz')).toBeNull())
    await user.click(screen.getByText('nginx.conf'))
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.jobPlans.find((p) => p.name === 'push_conf')).toBeTruthy())
    // The editor shows refusals in the drawer (silent: no error toast); a save is still told as a toast.
    expect(await screen.findByText('Saved')).toBeTruthy()
    const step = db.jobPlans.find((p) => p.name === 'push_conf')!.steps[0]!
    expect(step).toMatchObject({
      kind: 'file',
      fileIds: ['22222222-2222-4222-8222-222222222222'],
      targetPath: '/etc/nginx',
    })
  })

  it('names a picked library file beyond the picker’s first page by looking it up; marks one the library lost', async () => {
    setSignedIn('operator')
    const at = (i: number) => new Date(Date.now() - i * 60_000).toISOString()
    // 60 newer files fill the picker's first page (50); the plan's file is older than all of them.
    for (let i = 0; i < 60; i++)
      db.files.push({
        id: `aaaaaaaa-aaaa-4aaa-8aaa-${String(i).padStart(12, '0')}`,
        name: `filler-${i}.txt`,
        size: 10,
        sha256: 'a'.repeat(64),
        source: 'upload',
        createdBy: 'admin',
        createdAt: at(i),
      })
    const old = '44444444-4444-4444-8444-444444444444'
    const lost = '55555555-5555-4555-8555-555555555555'
    db.files.push({
      id: old,
      name: 'legacy.conf',
      size: 10,
      sha256: 'd'.repeat(64),
      source: 'upload',
      createdBy: 'admin',
      createdAt: at(500),
    })
    const plan = makeJobPlan({
      steps: [
        {
          kind: 'file',
          name: 'push',
          fileIds: [old, lost],
          targetPath: '/etc/app',
          owner: 'root',
          mode: '0644',
          hosts: {},
          timeout: 300,
          ignoreErrors: false,
        },
      ],
    })
    renderApp(`/job-plans/${plan.id}/edit`)
    const picker = (await screen.findByRole('combobox', { name: 'Library files' }, { timeout: 30_000 })).closest(
      '.ant-select',
    ) as HTMLElement
    expect(await within(picker).findByText('legacy.conf')).toBeTruthy()
    expect(await within(picker).findByText(`Not in the library (deleted?): ${lost}`)).toBeTruthy()
    expect(within(picker).queryByText(old)).toBeNull()
  })

  it('picks an approval step’s approvers and roles by searching the tenant’s users, not by typing names', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/job-plans')
    await user.click(await screen.findByRole('button', { name: /New plan/ }, { timeout: 30_000 }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'gated')
    await user.click(within(drawer).getByLabelText('Kind'))
    await user.click(await screen.findByTitle('Approval'))
    const approvers = await within(drawer).findByRole('combobox', { name: 'Approvers (users)' })
    await user.click(approvers)
    await user.type(approvers, 'revi')
    // Users of the tenant, searched by name and shown with their display name; others filtered out.
    const option = await screen.findByTitle('Reviewer Demo (reviewer)')
    await waitFor(() => expect(screen.queryByTitle('Viewer Demo (viewer)')).toBeNull())
    await user.click(option)
    const roles = within(drawer).getByRole('combobox', { name: 'Or roles' })
    await user.click(roles)
    await user.type(roles, 'tenant')
    await user.click(await screen.findByTitle('Tenant administrator'))
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.jobPlans.find((p) => p.name === 'gated')).toBeTruthy())
    expect(db.jobPlans.find((p) => p.name === 'gated')!.steps[0]).toMatchObject({
      kind: 'approval',
      approvers: { users: ['reviewer'], roles: ['admin'] },
    })
  })

  it('shows an existing confirmer by name and the server’s refusal of a user the tenant has not', async () => {
    setSignedIn('operator')
    const plan = makeJobPlan({
      steps: [
        {
          kind: 'confirm',
          name: 'check',
          message: 'look',
          confirmers: { users: ['reviewer', 'ghost'], roles: [] },
        },
      ],
    })
    const { user } = renderApp(`/job-plans/${plan.id}/edit`, { locale: 'zh-CN' })
    const drawer = await screen.findByRole('dialog', {}, { timeout: 30_000 })
    expect(await within(drawer).findByText('Reviewer Demo (reviewer)')).toBeTruthy()
    expect(within(drawer).getByText('确认人（用户）')).toBeTruthy()
    await user.click(within(drawer).getByRole('button', { name: /^保\s?存$/ }))
    expect(await within(drawer).findByText(/steps\[0\]\.confirmers\.users: no user ghost in this tenant/)).toBeTruthy()
    expect(db.jobPlans[0]!.version).toBe(plan.version)
  })

  it('refuses to save a file step without a library file', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/job-plans')
    await user.click(await screen.findByRole('button', { name: /New plan/ }, { timeout: 30_000 }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'no_files')
    await user.click(within(drawer).getByLabelText('Kind'))
    await user.click(await screen.findByTitle('File push'))
    await user.type(await within(drawer).findByLabelText('Target path'), '/tmp')
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    expect(await within(drawer).findByText('Pick at least one file of the library')).toBeTruthy()
    expect(db.jobPlans.some((p) => p.name === 'no_files')).toBe(false)
  })

  it('takes a script step timeout up to 86400 s and says the range beyond it', async () => {
    setSignedIn('operator')
    const host = db.cmdb.hosts[0]!
    const { user } = renderApp('/job-plans')
    await user.click(await screen.findByRole('button', { name: /New plan/ }, { timeout: 30_000 }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'long_step')
    await chooseHosts(user, within(drawer).getByRole('region', { name: 'Plan hosts' }), [host.name])
    await user.click(within(drawer).getByLabelText('Script'))
    await user.click(await screen.findByTitle('disk_usage (low risk)'))
    const timeout = within(drawer).getByLabelText('Timeout (s)')
    await user.clear(timeout)
    await user.type(timeout, '86401')
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    expect(
      await within(drawer).findByText('Timeout must be a whole number of seconds from 5 to 86400 (24 hours)'),
    ).toBeTruthy()
    expect(db.jobPlans.some((p) => p.name === 'long_step')).toBe(false)
    await user.clear(timeout)
    await user.type(timeout, '7200')
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.jobPlans.find((p) => p.name === 'long_step')).toBeTruthy())
    expect(db.jobPlans.find((p) => p.name === 'long_step')!.steps[0]).toMatchObject({ kind: 'script', timeout: 7200 })
  })

  it('picks hosts by search and by pasting IPs, shows them by name, removes one and saves their resource ids', async () => {
    setSignedIn('operator')
    const [h1, h2, h3] = db.cmdb.hosts
    const { user } = renderApp('/job-plans')
    await user.click(await screen.findByRole('button', { name: /New plan/ }, { timeout: 30_000 }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'picked_hosts')
    const planHosts = within(drawer).getByRole('region', { name: 'Plan hosts' })
    expect(within(planHosts).getByText('No hosts chosen')).toBeTruthy()
    await user.click(within(planHosts).getByRole('button', { name: 'Choose hosts' }))
    const dialog = await hostDialog()
    // The 200-host limit is explained in the dialog, in a plan's terms.
    expect(
      within(dialog).getByText(/A plan, or one of its steps, holds at most 200 hosts: each step runs as one ticket/),
    ).toBeTruthy()
    expect(within(dialog).queryByText(/create several tickets/)).toBeNull()
    // By search.
    await user.type(within(dialog).getByRole('searchbox', { name: 'Host name or IP' }), `${h2!.name}{Enter}`)
    await user.click(await within(dialog).findByRole('checkbox', { name: h2!.name }))
    // By pasting IPs (an offline host's IP is reported, not added).
    await user.click(within(dialog).getByText('Paste a list'))
    await user.type(await within(dialog).findByLabelText('Paste IPs or host names'), `${h1!.innerIp}, ${h3!.innerIp}`)
    await user.click(within(dialog).getByRole('button', { name: 'Find hosts' }))
    await user.click(await within(dialog).findByRole('button', { name: 'Add the 1 online hosts' }))
    expect(within(dialog).getByRole('status').textContent).toBe('2 hosts selected (max 200)')
    await user.click(within(dialog).getByRole('button', { name: 'Use the chosen hosts (2)' }))
    await hostDialogClosed()
    // Names with IP, not resource ids.
    expect(await within(planHosts).findByText(label(h1!))).toBeTruthy()
    expect(within(planHosts).getByText(label(h2!))).toBeTruthy()
    expect(within(drawer).queryByText(h1!.resourceId)).toBeNull()
    expect(within(planHosts).getByText('2 hosts (at most 200)')).toBeTruthy()
    // Remove one.
    await user.click(within(planHosts).getByRole('button', { name: `Remove ${label(h2!)}` }))
    await waitFor(() => expect(within(planHosts).queryByText(label(h2!))).toBeNull())
    // The step's own hosts, picked the same way.
    const stepHosts = within(drawer).getByRole('region', { name: 'Step hosts' })
    expect(within(stepHosts).getByText(/None: the plan’s hosts are used/)).toBeTruthy()
    await chooseHosts(user, stepHosts, [h2!.name])
    expect(await within(stepHosts).findByText(label(h2!))).toBeTruthy()
    await user.click(within(drawer).getByLabelText('Script'))
    await user.click(await screen.findByTitle('disk_usage (low risk)'))
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.jobPlans.find((p) => p.name === 'picked_hosts')).toBeTruthy())
    const saved = db.jobPlans.find((p) => p.name === 'picked_hosts')!
    expect(saved.hosts).toEqual([h1!.resourceId])
    expect(saved.steps[0]).toMatchObject({ kind: 'script', hosts: { resourceIds: [h2!.resourceId] } })
  })

  it('shows an existing plan’s host ids as names; an id no host has is marked and refused until removed', async () => {
    setSignedIn('operator')
    const [h1, h2] = db.cmdb.hosts
    const gone = '00000000-0000-4000-9000-999999999999'
    const plan = makeJobPlan({
      hosts: [h1!.resourceId, gone],
      variables: [
        { name: 'targets', type: 'hosts', description: '', default: h2!.resourceId, required: false, allowed: [] },
      ],
    })
    const { user } = renderApp(`/job-plans/${plan.id}/edit`)
    const drawer = await screen.findByRole('dialog', {}, { timeout: 30_000 })
    const planHosts = await within(drawer).findByRole('region', { name: 'Plan hosts' })
    expect(await within(planHosts).findByText(label(h1!))).toBeTruthy()
    expect(within(planHosts).getByText('Unknown host')).toBeTruthy()
    // The host-list variable's default too.
    const variableDefault = within(drawer).getByRole('region', { name: 'Default' })
    expect(await within(variableDefault).findByText(label(h2!))).toBeTruthy()
    expect(within(drawer).queryByText(new RegExp(`${h1!.resourceId}|${h2!.resourceId}|${gone}`))).toBeNull()
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    expect(await within(drawer).findByText(new RegExp(`hosts: no host ${gone} in this tenant`))).toBeTruthy()
    expect(db.jobPlans[0]!.hosts).toEqual([h1!.resourceId, gone])
    await user.click(within(planHosts).getByRole('button', { name: 'Remove Unknown host' }))
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.jobPlans[0]!.hosts).toEqual([h1!.resourceId]))
    expect(db.jobPlans[0]!.variables[0]).toMatchObject({ name: 'targets', default: h2!.resourceId })
  })

  it('says when the chosen hosts cannot be loaded', async () => {
    setSignedIn('operator')
    const plan = makeJobPlan()
    server.use(
      http.post('/api/cmdb/hosts/resolve', () =>
        HttpResponse.json({ error: { code: 'INTERNAL', message: 'CMDB down' } }, { status: 500 }),
      ),
    )
    renderApp(`/job-plans/${plan.id}/edit`)
    const drawer = await screen.findByRole('dialog', {}, { timeout: 30_000 })
    const planHosts = await within(drawer).findByRole('region', { name: 'Plan hosts' })
    expect(await within(planHosts).findByText('Could not load the chosen hosts')).toBeTruthy()
  })

  it('speaks Chinese', async () => {
    setSignedIn('operator')
    makeJobPlan()
    renderApp('/job-plans', { locale: 'zh-CN' })
    expect(await screen.findByRole('heading', { name: '作业方案' })).toBeTruthy()
    expect(await screen.findByText('脚本 → 人工确认 → 脚本')).toBeTruthy()
  })

  it('labels the host fields in Chinese', async () => {
    setSignedIn('operator')
    const [h1] = db.cmdb.hosts
    const plan = makeJobPlan({ hosts: [h1!.resourceId, '00000000-0000-4000-9000-999999999999'] })
    renderApp(`/job-plans/${plan.id}/edit`, { locale: 'zh-CN' })
    const planHosts = await screen.findByRole('region', { name: '方案主机' }, { timeout: 30_000 })
    expect(await within(planHosts).findByText(label(h1!))).toBeTruthy()
    expect(within(planHosts).getByText('未知主机')).toBeTruthy()
    expect(within(planHosts).getByRole('button', { name: '修改主机' })).toBeTruthy()
    expect(within(planHosts).getByText('2 台主机（最多 200 台）')).toBeTruthy()
    expect(screen.getAllByText('未选择：使用方案主机（若指定了主机列表变量则用变量）').length).toBe(2)
  })

  it('says a server refusal in Chinese: the reason and the refusal phrase, no English sentence', async () => {
    setSignedIn('operator')
    makeJobPlan()
    const other = makeJobPlan({ name: 'rollback_app' })
    const { user } = renderApp(`/job-plans/${other.id}/edit`, { locale: 'zh-CN' })
    const name = await screen.findByLabelText('名称', {}, { timeout: 30_000 })
    await user.clear(name)
    await user.type(name, 'deploy_app')
    await user.click(screen.getByRole('button', { name: /^保 ?存$/ }))
    expect(await screen.findByText('与当前数据冲突，无法执行: 已有名为 deploy_app 的方案')).toBeTruthy()
    expect(screen.queryByText(/A plan named deploy_app exists/)).toBeNull()
    expect(db.jobPlans.find((p) => p.id === other.id)!.name).toBe('rollback_app')
  })

  it('shows a run, its ticket statuses and an approval in Chinese words, no status codes', async () => {
    setSignedIn('operator')
    makeJobPlan({
      steps: [
        ...makeJobPlan().steps.slice(0, 1),
        {
          kind: 'approval',
          name: 'change approval',
          message: 'Restart the payment service',
          approvers: { users: [], roles: ['platform_admin'] },
          mode: 'any',
          timeoutMin: 60,
          rollback: '',
        },
      ],
    })
    db.jobPlans.splice(1)
    const { user, router } = renderApp('/job-plans', { locale: 'zh-CN' })
    const row = (await screen.findByText('deploy_app')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: '执 行' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '开 始' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/plan-runs\//))
    expect(await screen.findByText('工单已完成')).toBeTruthy()
    expect(screen.queryByText('FINISHED')).toBeNull()
    await user.click(await screen.findByRole('link', { name: '打开审批' }))
    expect(await screen.findByText('中风险')).toBeTruthy()
    expect(screen.getByText(/平台管理员/)).toBeTruthy()
    expect(screen.queryByText(/MEDIUM|platform_admin/)).toBeNull()
  })

  it("says how a step ended in the reader's language", async () => {
    setSignedIn('operator')
    makeJobPlan()
    const { user, router } = renderApp('/job-plans', { locale: 'zh-CN' })
    const row = (await screen.findByText('deploy_app')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: '执 行' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: '开 始' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/plan-runs\//))
    await user.type(await screen.findByLabelText('备注'), '看过了')
    await user.click(screen.getByRole('button', { name: '继 续' }))
    expect(await screen.findByText('operator 确认继续：看过了')).toBeTruthy()
    // The stored text stays English (channels, API); the page shows the phrase.
    expect(db.planRuns[0]!.steps[1]!.message).toBe('continued by operator: 看过了')
  })

  it("gives a missed fire its reason in the reader's language", async () => {
    setSignedIn('operator')
    makeJobPlan()
    const first = renderApp('/schedules')
    await first.user.click(await screen.findByRole('button', { name: 'New schedule' }))
    await first.user.type(screen.getByLabelText('Name'), 'nightly')
    await first.user.click(screen.getByLabelText('Plan'))
    await first.user.click(await screen.findByTitle('deploy_app'))
    await first.user.click(screen.getByRole('button', { name: 'Show next runs' }))
    await first.user.click(await screen.findByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.planSchedules).toHaveLength(1))
    first.unmount()
    const id = db.planSchedules[0]!.id
    db.scheduleFires[id] = [
      {
        slotAt: '2026-03-01T00:00:00.000Z',
        firedAt: '2026-03-01T00:05:00.000Z',
        status: 'missed',
        runId: null,
        message: 'the console was not running at this time',
      },
    ]
    const { user } = renderApp('/schedules', { locale: 'zh-CN' })
    await user.click(await screen.findByRole('button', { name: '执行历史' }))
    expect(await screen.findByText('该时间点控制台未在运行')).toBeTruthy()
    expect(screen.queryByText(/not running/)).toBeNull()
  })
})
