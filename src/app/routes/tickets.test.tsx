import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const ticket = (status: string) => db.executions.find((e) => e.status === status)!

describe('ticket list', () => {
  it('lists tickets with status and progress, filters by status and links to the ticket', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/tickets')
    const running = ticket('PROCESSING')
    const finished = ticket('FINISHED')
    // The first render imports the page's chunk cold: allow for a busy machine.
    const table = await screen.findByRole('table', {}, { timeout: 20_000 })
    expect(await within(table).findByRole('link', { name: running.executeUuid })).toBeTruthy()
    expect(within(table).getAllByRole('row')).toHaveLength(db.executions.length + 1)
    expect(within(table).getByText('Running')).toBeTruthy()
    expect(within(table).getByText('3/8')).toBeTruthy()
    expect(screen.getByText('Refreshing every 5 s while tickets run')).toBeTruthy()

    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByTitle('Finished'))
    await waitFor(() => expect(within(table).queryByRole('link', { name: running.executeUuid })).toBeNull())
    await user.click(within(table).getByRole('link', { name: finished.executeUuid }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${finished.executeUuid}`), {
      timeout: 20_000,
    })
    expect(await screen.findByRole('heading', { name: finished.executeUuid }, { timeout: 20_000 })).toBeTruthy()
  }, 60_000)

  it('searches by script name and links to the wizard', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/tickets')
    await user.type(await screen.findByRole('searchbox', { name: 'Script or execute UUID' }), 'rotate{enter}')
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2))
    await user.click(screen.getByRole('button', { name: /New execution/ }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/executions/new'))
  })
})

describe('ticket detail', () => {
  it('shows batches and hosts, masks sensitive params, and enables only the allowed operations', async () => {
    setSignedIn('operator')
    const t = ticket('PROCESSING')
    renderApp(`/tickets/${t.executeUuid}`)
    expect(await screen.findByRole('heading', { name: t.executeUuid }, { timeout: 20_000 })).toBeTruthy()
    expect(screen.getByText(/token = \*{6}/)).toBeTruthy()
    const batches = screen.getByRole('table', { name: 'Batches' })
    expect(within(batches).getAllByRole('row')).toHaveLength(4)
    // Batch 3 has not started: it can be skipped; batch 1 is done.
    expect(within(batches).getByRole('button', { name: 'Skip Batch 3' })).toBeTruthy()
    expect(within(batches).queryByRole('button', { name: 'Skip Batch 1' })).toBeNull()
    const hosts = screen.getByRole('table', { name: 'Hosts' })
    expect(await within(hosts).findByText('web-01')).toBeTruthy()
    expect(within(hosts).getAllByRole('row')).toHaveLength(t.instances.length + 1)
    expect(within(hosts).getByRole('button', { name: 'Cancel web-04' })).toBeTruthy()
    expect(within(hosts).queryByRole('button', { name: /Retry/ })).toBeNull()
    expect((screen.getByRole('button', { name: 'Pause' }) as HTMLButtonElement).disabled).toBe(false)
    expect((screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(true)
    expect((screen.getByRole('button', { name: 'Retry failed hosts' }) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByRole('img', { name: 'Hosts by status' })).toBeTruthy()
  })

  it('exports every host with its outcome as CSV', async () => {
    setSignedIn('operator')
    const t = ticket('PROCESSING')
    const blobs: Blob[] = []
    // jsdom has no object URLs: capture the blob instead of downloading it.
    Object.assign(URL, {
      createObjectURL: vi.fn((b: Blob) => {
        blobs.push(b)
        return 'blob:x'
      }),
      revokeObjectURL: vi.fn(),
    })
    const { user } = renderApp(`/tickets/${t.executeUuid}`)
    await screen.findByRole('heading', { name: t.executeUuid })
    await user.click(await screen.findByRole('button', { name: /Export CSV/ }))
    await waitFor(() => expect(blobs).toHaveLength(1))
    const csv = await blobs[0]!.text()
    expect(csv.split('\r\n')[0]).toBe('Host,IP,agent_sn,Batch,Status,Exit code,Result,Attempt,started_at,finished_at')
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(t.instances.length + 1)
    expect(csv).toContain('web-01')
  })

  it('runs a ticket again after confirmation and opens the new ticket', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await screen.findByRole('heading', { name: t.executeUuid })
    await user.click(screen.getByRole('button', { name: 'Run again' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(await within(dialog).findByRole('button', { name: 'Run again' }))
    await waitFor(() => expect(router.state.location.pathname).not.toBe(`/tickets/${t.executeUuid}`))
    const copy = db.executions[0]!
    expect(router.state.location.pathname).toBe(`/tickets/${copy.executeUuid}`)
    expect(copy.instances.map((i) => [i.batchIndex, i.hostName])).toEqual(
      t.instances.map((i) => [i.batchIndex, i.hostName]),
    )
    expect(copy.params).toEqual(t.params)
  })

  it("an operator's Run again of a HIGH-risk ticket waits for an approval (with its rollback plan) and opens it", async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    t.script = { ...t.script, risk: 'HIGH' }
    const before = db.executions.length
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Run again' }))
    const dialog = await screen.findByRole('dialog')
    const ok = (await within(dialog).findByRole('button', { name: 'Run again' })) as HTMLButtonElement
    expect(ok.disabled).toBe(true)
    await user.click(within(dialog).getByRole('checkbox', { name: /I confirm running it again/ }))
    await user.type(within(dialog).getByLabelText('Rollback plan (optional)'), 'revert the config')
    await user.click(ok)
    const a = await waitFor(() => {
      const found = db.approvals.find((x) => x.rollback === 'revert the config')
      expect(found).toBeTruthy()
      return found!
    })
    await waitFor(() => expect(router.state.location.pathname).toBe(`/approvals/${a.id}`))
    expect(a).toMatchObject({ risk: 'HIGH', status: 'pending', requester: 'operator' })
    expect(db.executions.length).toBe(before)
  })

  it('runs again with an edited parameter, keeping the secret the user did not retype', async () => {
    setSignedIn('operator')
    const t = ticket('PROCESSING')
    const { user } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Run again' }))
    const dialog = await screen.findByRole('dialog')
    const path = await within(dialog).findByRole('textbox', { name: 'path' })
    expect((path as HTMLInputElement).value).toBe('/var/log')
    // The secret is never shown: its field starts empty and says it stays unchanged.
    expect((within(dialog).getByLabelText('token') as HTMLInputElement).value).toBe('')
    expect(within(dialog).getByPlaceholderText('Unchanged (type to replace)')).toBeTruthy()
    await user.clear(path)
    await user.type(path, '/tmp')
    const before = db.executions.length
    await user.click(within(dialog).getByRole('button', { name: 'Run again' }))
    await waitFor(() => expect(db.executions.length).toBe(before + 1))
    const copy = db.executions[0]!
    expect(copy.params).toEqual([
      { name: 'path', value: '/tmp', sensitive: false },
      t.params.find((p) => p.name === 'token'),
    ])
    expect(copy.instances).toHaveLength(t.instances.length)
  })

  it('retries only the failed hosts with edited options, as a new ticket', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    const failed = t.instances.filter((i) => i.status === 'ABNORMAL')
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Retry with edits' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByText('Retry the failed hosts with edits')).toBeTruthy()
    expect(await within(dialog).findByText(`The ${failed.length} hosts that failed`)).toBeTruthy()
    const timeout = within(dialog).getByRole('spinbutton', { name: 'Timeout (seconds)' })
    await user.clear(timeout)
    await user.type(timeout, '60')
    await user.click(within(dialog).getByRole('button', { name: 'Retry with edits' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${db.executions[0]!.executeUuid}`))
    const copy = db.executions[0]!
    expect(copy.instances.map((i) => i.hostName)).toEqual(failed.map((i) => i.hostName))
    expect(copy.timeout).toBe(60)
  })

  it('keeps a plan step ticket’s timeout above 1800 s when retrying with edits, and allows up to it', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    t.timeout = 7200 // a plan step's ticket: plan steps may run up to 86400 s
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Retry with edits' }))
    const dialog = await screen.findByRole('dialog')
    const timeout = (await within(dialog).findByRole('spinbutton', { name: 'Timeout (seconds)' })) as HTMLInputElement
    expect(timeout.value).toBe('7200')
    expect(timeout.getAttribute('aria-valuemax')).toBe('7200')
    expect(within(dialog).getByText('5–7200 s for this ticket')).toBeTruthy()
    // Leaving the field is where an out-of-range value would be clamped: it stays the ticket's.
    await user.click(timeout)
    await user.tab()
    expect(timeout.value).toBe('7200')
    await user.click(within(dialog).getByRole('button', { name: 'Retry with edits' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${db.executions[0]!.executeUuid}`))
    expect(db.executions[0]!.timeout).toBe(7200)
  })

  it('runs a long plan step ticket again with a timeout edited up to that ticket’s own maximum', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    t.timeout = 7200
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Run again' }))
    const dialog = await screen.findByRole('dialog')
    const timeout = await within(dialog).findByRole('spinbutton', { name: 'Timeout (seconds)' })
    await user.clear(timeout)
    await user.type(timeout, '3600')
    await user.tab()
    expect((timeout as HTMLInputElement).value).toBe('3600')
    await user.click(within(dialog).getByRole('button', { name: 'Run again' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/tickets/${db.executions[0]!.executeUuid}`))
    expect(db.executions[0]!.timeout).toBe(3600)
  })

  it('pauses and continues a running ticket through the operations API', async () => {
    setSignedIn('operator')
    const t = ticket('PROCESSING')
    const { user } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Pause' }))
    await waitFor(() => expect(t.status).toBe('PAUSED'))
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement).disabled).toBe(false),
    )
    expect((screen.getByRole('button', { name: 'Pause' }) as HTMLButtonElement).disabled).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    await waitFor(() => expect(t.status).toBe('PROCESSING'))
  })

  it('cancels the ticket after confirmation, and retries failed hosts of an abnormal one', async () => {
    setSignedIn('operator')
    const t = ticket('PROCESSING')
    const { user } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Cancel ticket' }))
    await screen.findByText(/Cancel this ticket\?/)
    await user.click(screen.getByRole('button', { name: 'Yes' }))
    await waitFor(() => expect(t.status).toBe('CANCELED'))
    expect(t.instances.filter((i) => i.batchIndex === 3).every((i) => i.status === 'CANCELED')).toBe(true)
  })

  it('retries the failed hosts of an abnormal ticket with the r key', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    const { user } = renderApp(`/tickets/${t.executeUuid}`)
    expect(await screen.findByText(/below the required 100%/)).toBeTruthy()
    await waitFor(() =>
      expect((screen.getByRole('button', { name: 'Retry failed hosts' }) as HTMLButtonElement).disabled).toBe(false),
    )
    expect(await screen.findByRole('button', { name: 'Retry web-21' })).toBeTruthy()
    await user.keyboard('r')
    await waitFor(() => expect(t.status).toBe('PROCESSING'))
    expect(t.instances.find((i) => i.hostName === 'web-21')!.status).toBe('READY')
  })

  it('opens a host log with search and follow; the text is escaped', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    t.instances[1].log += '<img src=x onerror=alert(1)>\n'
    const { user, router } = renderApp(`/tickets/${t.executeUuid}`)
    await user.click(await screen.findByRole('button', { name: 'Log web-21' }))
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/tickets/${t.executeUuid}/hosts/${t.instances[1].id}`),
    )
    const log = await screen.findByRole('log', { name: 'Log of web-21' })
    expect(within(log).getByText(/Stale file handle/)).toBeTruthy()
    expect(within(log).getByText('<img src=x onerror=alert(1)>')).toBeTruthy()
    expect(log.querySelector('img')).toBeNull()
    expect((screen.getByRole('switch', { name: 'Follow' }) as HTMLButtonElement).getAttribute('aria-checked')).toBe(
      'true',
    )
    await user.type(screen.getByRole('searchbox', { name: 'Search the log' }), 'exit')
    expect(await screen.findByText('1 matching lines')).toBeTruthy()
    expect(log.querySelector('mark')?.textContent).toBe('exit')
  })

  it('marks the lines written to stderr and shows the time of each line, which can be hidden', async () => {
    setSignedIn('operator')
    const t = ticket('ABNORMAL')
    const { user } = renderApp(`/tickets/${t.executeUuid}/hosts/${t.instances[1].id}`)
    const log = await screen.findByRole('log', {}, { timeout: 20_000 })
    await within(log).findByText(/Stale file handle/)
    const err = within(log)
      .getByText(/Stale file handle/)
      .closest('[data-line]')!
    expect(err.getAttribute('data-stream')).toBe('stderr')
    expect(err.textContent).toContain('error output: ')
    const ok = within(log)
      .getByText(/Filesystem/)
      .closest('[data-line]')!
    expect(ok.getAttribute('data-stream')).toBe('stdout')
    expect(screen.getByText('Lines marked red were written to the error output (stderr)')).toBeTruthy()
    // Each line has its time (the mock writes one line a second from the start).
    const first = log.querySelector('[data-line="1"] time')!
    expect(first.getAttribute('dateTime')).toBe(t.instances[1].startedAt)
    expect(first.textContent).toMatch(/^\d\d:\d\d:\d\d$/)
    await user.click(screen.getByRole('switch', { name: 'Times' }))
    await waitFor(() => expect(log.querySelector('time')).toBeNull())
  })

  it('renders a 1 MB log without a node per line', async () => {
    setSignedIn('operator')
    const t = ticket('FINISHED')
    t.instances[0].log = Array.from({ length: 20_000 }, (_, k) => `line ${k + 1} ${'x'.repeat(40)}`).join('\n')
    renderApp(`/tickets/${t.executeUuid}/hosts/${t.instances[0].id}`)
    const log = await screen.findByRole('log')
    // Following: the end is in view, and only a window of lines is in the DOM.
    await waitFor(() => expect(log.querySelector('[data-line="20000"]')).not.toBeNull())
    expect(log.querySelectorAll('[data-line]').length).toBeLessThan(200)
  })
})
