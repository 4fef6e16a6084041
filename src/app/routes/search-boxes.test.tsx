import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

// Each page's chunk loads lazily; on a shared 2-core machine that can take a while (the assertions stay strict).
vi.setConfig({ testTimeout: 60_000 })
const slow = { timeout: 30_000 }

/**
 * Search boxes are named for screen readers (not by their placeholder only): each is found by role and name,
 * in English and in Chinese, and searching through it filters.
 */
describe('search boxes have accessible names', () => {
  it('incidents: search by title', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/incidents')
    const triggered = db.incidents.find((i) => i.status === 'INCIDENT_STATUS_TRIGGERED')!
    expect(await screen.findByText(triggered.title, {}, slow)).toBeTruthy()
    await user.type(screen.getByRole('searchbox', { name: 'Search title' }), 'no-such-incident-title{enter}')
    await waitFor(() => expect(screen.queryByText(triggered.title)).toBeNull())
  })

  it('audit log: filter by action and by actor', async () => {
    setSignedIn('platform_admin')
    renderApp('/admin/audit')
    expect(await screen.findByRole('searchbox', { name: 'Filter by action' }, slow)).toBeTruthy()
    expect(screen.getByRole('searchbox', { name: 'Filter by actor' })).toBeTruthy()
  })

  it('war rooms: search by title', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/war-rooms')
    const box = await screen.findByRole('searchbox', { name: 'Search title' }, slow)
    const first = db.warRooms[0]!
    expect(await screen.findByRole('link', { name: first.title })).toBeTruthy()
    await user.type(box, 'no-such-war-room{enter}')
    await waitFor(() => expect(screen.queryByRole('link', { name: first.title })).toBeNull())
  })

  it('patch compliance: the node search and the patch search of a node', async () => {
    setSignedIn('viewer')
    const bad = db.patchReports.find((r) => r.status === 'non_compliant')!
    const { user } = renderApp(`/patches?node=${bad.instance_id}`)
    const drawer = await screen.findByRole('dialog', {}, slow)
    expect(screen.getByRole('searchbox', { name: 'Search node name' })).toBeTruthy()
    const items = within(drawer).getByRole('searchbox', { name: 'Search patch' })
    await within(drawer).findByText('openssl')
    await user.type(items, 'no-such-patch{enter}')
    await waitFor(() => expect(within(drawer).queryByText('openssl')).toBeNull())
  })

  it('names them in Chinese too', async () => {
    setSignedIn('platform_admin')
    renderApp('/admin/audit', { locale: 'zh-CN' })
    expect(await screen.findByRole('searchbox', { name: '按操作筛选' }, slow)).toBeTruthy()
    expect(screen.getByRole('searchbox', { name: '按操作人筛选' })).toBeTruthy()
  })
})
