import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('war room dashboard', () => {
  it('shows counts, charts and the list; a row opens the room', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/war-rooms')
    const running = db.warRooms.filter((w) => w.war_room_status.id === 'running').length
    expect(
      (await screen.findByText('Running', { selector: '.ant-statistic-title' })).closest('.ant-statistic')?.textContent,
    ).toContain(String(running))
    expect(
      screen.getAllByRole('img', { name: /War rooms per day|Restoration|By application|By incident level/ }),
    ).toHaveLength(4)
    const first = db.warRooms[0]
    await user.click(await screen.findByRole('link', { name: first.title }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/war-rooms/${first.id}`))
    expect(await screen.findByRole('heading', { name: first.title })).toBeTruthy()
  })

  it('posts a note to the stream of a running room', async () => {
    setSignedIn('operator')
    const room = db.warRooms.find((w) => w.war_room_status.id === 'running')!
    const { user } = renderApp(`/war-rooms/${room.id}`)
    await user.type(await screen.findByRole('textbox', { name: 'Add a note…' }), 'Rolled back release 42')
    await user.click(screen.getByRole('button', { name: 'Send note' }))
    expect(await screen.findByText('Rolled back release 42')).toBeTruthy()
  })

  it('filters by status', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/war-rooms')
    const closed = db.warRooms.find((w) => w.war_room_status.id === 'closed')!
    const running = db.warRooms.find((w) => w.war_room_status.id === 'running')!
    await screen.findByRole('link', { name: running.title })
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByTitle('Closed'))
    await waitFor(() => expect(screen.queryByRole('link', { name: running.title })).toBeNull())
    expect(within(screen.getByRole('table')).getByRole('link', { name: closed.title })).toBeTruthy()
  })
})
