import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { server } from '../../../mocks/node'
import { setSignedIn } from '../../../mocks/scenarios'
import { executionRoutes } from '../../contract/executions'
import { renderApp } from '../../testing/render'

describe('home status board', () => {
  it('shows an operator the tickets in progress, their own tickets and what to do next', async () => {
    const me = setSignedIn('operator')
    renderApp('/')
    expect(await screen.findByRole('heading', { name: `Welcome, ${me.displayName}` }, { timeout: 20_000 })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Run a script' })).toBeTruthy()
    const running = db.executions.find((e) => e.status === 'PROCESSING')!
    const list = await screen.findByRole('list', { name: 'Running' })
    expect(within(list).getByRole('link', { name: new RegExp(running.executeUuid) })).toBeTruthy()
    expect(screen.getByRole('list', { name: 'My recent tickets' })).toBeTruthy()
    // Segmented progress: the bar names what each part is.
    expect(within(list).getAllByRole('img')[0].getAttribute('aria-label')).toMatch(/^\d+\/\d+/)
  })

  it('puts a reviewer’s review requests first, with a link that opens the review', async () => {
    setSignedIn('reviewer')
    renderApp('/')
    const panels = await screen.findAllByText(
      /Waiting for me|Tickets in progress|Open P1\/P2 incidents/,
      {},
      { timeout: 20_000 },
    )
    expect(panels[0].textContent).toContain('Waiting for me')
    expect(screen.getByRole('link', { name: 'Open the inbox' })).toBeTruthy()
  })

  it('says when nothing runs, and a failing panel does not take the board down', async () => {
    setSignedIn('viewer')
    server.use(
      http.get(executionRoutes.list.path, () =>
        HttpResponse.json({ error: { code: 'INTERNAL', message: 'boom' } }, { status: 500 }),
      ),
    )
    renderApp('/')
    expect(await screen.findAllByText('Could not load this panel', {}, { timeout: 20_000 })).toHaveLength(1)
    expect(await screen.findByRole('heading', { name: /Welcome/ })).toBeTruthy()
    expect(await screen.findByText(/nodes compliant|No host has been scanned yet/)).toBeTruthy()
    expect(screen.queryByRole('link', { name: 'Run a script' })).toBeNull()
  })

  it('tells an admin whose hosts are online to run scripts, not to enroll agents first', async () => {
    setSignedIn('platform_admin')
    renderApp('/')
    const online = db.cmdb.hosts.filter((h) => h.agentStatus === 'online').length
    expect(online).toBeGreaterThan(0)
    expect(await screen.findByText(new RegExp(`^${online} hosts are online`), {}, { timeout: 20_000 })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Enroll more agents' })).toBeTruthy()
    expect(screen.queryByText(/^Enroll agents so hosts appear/)).toBeNull()
  })
})
