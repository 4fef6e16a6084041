import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { buildScript } from '../../../mocks/factories/scripts'
import { makeExecutionStartFail, setCmdbFleet, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const next = () => screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement

function addScript(name: string, risk: 'LOW' | 'HIGH') {
  const s = buildScript({
    name,
    content: 'tar czf $1 /var/lib/db',
    script_params: [
      {
        param_name: 'target',
        param_value: '/var/backups',
        param_description: 'Where to write',
        param_order: 1,
        sensitive: false,
      },
      { param_name: 'password', param_value: '******', param_description: '', param_order: 2, sensitive: true },
    ],
    properties: { risk_level: risk, version: '1.0.0', reviewers: [], protocol: 'DEFAULT' },
  })
  s.secrets = { password: 's3cret' }
  db.scripts.push(s)
  return s
}

async function pickHosts(user: ReturnType<typeof renderApp>['user'], names: string[]) {
  for (const name of names) await user.click(await screen.findByRole('checkbox', { name }))
}

describe('execution wizard', () => {
  it('runs a script: pick → params → hosts → batches → options → review → the ticket', async () => {
    setSignedIn('operator')
    setCmdbFleet(12)
    const s = addScript('backup_db', 'LOW')
    const { user, router } = renderApp('/executions/new')

    // 1 script: only approved ones are offered (wipe_root is pending review).
    await user.click(await screen.findByRole('button', { name: 'Pick backup_db' }))
    expect(screen.queryByText('wipe_root')).toBeNull()
    await user.click(next())

    // 2 params: defaults, a sensitive one masked; a bad value blocks the step.
    const target = await screen.findByLabelText('target')
    expect((target as HTMLInputElement).value).toBe('/var/backups')
    expect((screen.getByLabelText('password') as HTMLInputElement).type).toBe('password')
    expect((screen.getByLabelText('password') as HTMLInputElement).value).toBe('******')
    await user.clear(target)
    await user.type(target, '../etc')
    expect(await screen.findByText('must not contain ".."')).toBeTruthy()
    expect(next().disabled).toBe(true)
    await user.clear(target)
    await user.type(target, '/srv/backups')
    await waitFor(() => expect(next().disabled).toBe(false))
    await user.click(next())

    // 3 targets: offline agents cannot be picked.
    expect(((await screen.findByRole('checkbox', { name: 'demo-host-05' })) as HTMLInputElement).disabled).toBe(true)
    await pickHosts(user, ['demo-host-01', 'demo-host-02', 'demo-host-03', 'demo-host-04'])
    expect(screen.getByRole('status').textContent).toBe('4 hosts selected (max 200)')
    await user.click(next())

    // 4 batches: by 2, then move a host and make batch 1 pause.
    const size = await screen.findByLabelText('Hosts per batch')
    await user.tripleClick(size)
    await user.keyboard('2')
    await waitFor(() => expect(screen.getByText(/4 hosts in 2 batches/)).toBeTruthy())
    await user.selectOptions(screen.getByRole('combobox', { name: 'Move demo-host-01 to' }), '2')
    const b1 = screen.getByRole('group', { name: 'Batch 1' })
    await waitFor(() => expect(within(b1).queryByText('demo-host-01')).toBeNull())
    await user.click(within(b1).getByRole('combobox', { name: 'After this batch 1' }))
    await user.click(await screen.findByTitle('Pause after'))
    await user.click(next())

    // 5 options: defaults are valid.
    expect(((await screen.findByLabelText('Timeout (seconds)')) as HTMLInputElement).value).toBe('300')
    expect((screen.getByLabelText('Execute user') as HTMLInputElement).value).toBe('root')
    await user.click(next())

    // 6 review and run.
    expect(await screen.findByText('password = ******')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Run' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/tickets\/SCT\d{14}[0-9a-f]{9}$/))
    const e = db.executions[0]
    expect(router.state.location.pathname).toBe(`/tickets/${e.executeUuid}`)
    expect(e.script.uuid).toBe(s.detail.script_uuid)
    expect(e.batches.map((b) => b.rotation)).toEqual(['PAUSE', 'CONTINUE'])
    expect(e.instances.filter((i) => i.batchIndex === 1).map((i) => i.hostName)).toEqual(['demo-host-02'])
    expect(e.instances.filter((i) => i.batchIndex === 2).map((i) => i.hostName)).toEqual([
      'demo-host-03',
      'demo-host-04',
      'demo-host-01',
    ])
    expect(e.params).toEqual([
      { name: 'target', value: '/srv/backups', sensitive: false },
      { name: 'password', value: '******', sensitive: true },
    ])
    expect(await screen.findByRole('heading', { name: e.executeUuid })).toBeTruthy()
  }, 60_000) // seven wizard steps: 12 s on a quiet machine, over 20 s on a loaded one

  /** Opens the wizard on a HIGH-risk script with one host picked, at the review step. */
  async function highRiskReview(role: 'operator' | 'platform_admin') {
    setSignedIn(role)
    setCmdbFleet(3)
    const s = addScript('reboot_all', 'HIGH')
    const r = renderApp(`/executions/new?script=${s.detail.script_uuid}`)
    expect(await screen.findByLabelText('target')).toBeTruthy()
    await r.user.click(next())
    await pickHosts(r.user, ['demo-host-01'])
    await r.user.click(next())
    await screen.findByText(/1 hosts in 1 batches/)
    await r.user.click(next())
    await screen.findByLabelText('Timeout (seconds)')
    await r.user.click(next())
    expect(await screen.findByText('This script is HIGH risk')).toBeTruthy()
    return r
  }

  it("an operator's HIGH-risk run needs the confirmation, shows server refusals, then waits for an approval with its rollback plan", async () => {
    const { user, router } = await highRiskReview('operator')
    const run = screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement
    expect(run.disabled).toBe(true)
    await user.click(screen.getByRole('checkbox', { name: /I understand the risk/ }))
    await waitFor(() => expect(run.disabled).toBe(false))
    // The rollback plan goes to the approvers with the request.
    await user.type(screen.getByLabelText('Rollback plan (optional)'), 'power-cycle from the BMC')

    makeExecutionStartFail(409, 'The agent pool is busy, try again')
    await user.click(run)
    expect(await screen.findByText('The execution was not started')).toBeTruthy()
    expect(screen.getByText('The agent pool is busy, try again')).toBeTruthy()
    expect(router.state.location.pathname).toBe('/executions/new')

    await user.click(run)
    expect(await screen.findByText('Waiting for approval')).toBeTruthy()
    expect(router.state.location.pathname).toBe('/executions/new')
    expect(db.executions.filter((e) => e.script.name === 'reboot_all')).toEqual([])
    const a = db.approvals[0]!
    expect(a).toMatchObject({
      risk: 'HIGH',
      status: 'pending',
      requester: 'operator',
      rollback: 'power-cycle from the BMC',
    })
    expect(a.targets).toEqual([expect.stringContaining('demo-host-01')])
    const link = screen.getByRole('link', { name: 'Open the approval' })
    expect(link.getAttribute('href')).toBe(`/approvals/${a.id}`)
    await user.click(link)
    await waitFor(() => expect(router.state.location.pathname).toBe(`/approvals/${a.id}`))
    expect(await screen.findByText('power-cycle from the BMC')).toBeTruthy()
    // The approvals page lists it (under All: the requester is not one of its approvers).
    await router.navigate('/approvals')
    await user.click(await screen.findByText('All'))
    expect(await screen.findByRole('link', { name: 'Run reboot_all 1.0.0 on 1 host(s)' })).toBeTruthy()
  }, 60_000)

  it('the requester withdraws the waiting run from the wizard after confirming: nothing runs, no approve left', async () => {
    const { user } = await highRiskReview('operator')
    await user.click(screen.getByRole('checkbox', { name: /I understand the risk/ }))
    const run = screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement
    await waitFor(() => expect(run.disabled).toBe(false))
    await user.click(run)
    expect(await screen.findByText('Waiting for approval')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Withdraw' }))
    expect(await screen.findByText(/Withdraw this run\?/)).toBeTruthy()
    expect(db.approvals[0]!.status).toBe('pending')
    await user.click(screen.getAllByRole('button', { name: 'Withdraw' }).at(-1)!)
    expect(await screen.findByText('Withdrawn: nothing ran, and the approvers can no longer approve it.')).toBeTruthy()
    expect(db.approvals[0]).toMatchObject({ status: 'withdrawn' })
    expect(db.approvals[0]!.timeline.at(-1)).toMatchObject({ action: 'withdraw', actor: 'operator' })
    expect(db.executions.filter((e) => e.script.name === 'reboot_all')).toEqual([])
  }, 60_000)

  it("an admin's HIGH-risk run starts at once and opens its ticket", async () => {
    const { user, router } = await highRiskReview('platform_admin')
    await user.click(screen.getByRole('checkbox', { name: /I understand the risk/ }))
    const run = screen.getByRole('button', { name: 'Run' }) as HTMLButtonElement
    await waitFor(() => expect(run.disabled).toBe(false))
    await user.click(run)
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${db.executions[0]?.executeUuid}`))
    expect(db.executions[0]!.script.name).toBe('reboot_all')
    expect(db.approvals.filter((a) => a.title.includes('reboot_all'))).toEqual([])
  }, 60_000)
})

describe('script library → wizard', () => {
  it('an approved script has a Run link that preselects it in the wizard', async () => {
    setSignedIn('operator')
    const s = db.scripts.find((x) => x.detail.status === 'APPROVED')!
    const { user, router } = renderApp(`/scripts/${s.detail.script_uuid}`)
    await user.click(await screen.findByRole('button', { name: /Run/ }))
    await waitFor(() => expect(router.state.location.search).toBe(`?script=${s.detail.script_uuid}`))
    expect(await screen.findByText('This script has no parameters.')).toBeTruthy()
  })
})
