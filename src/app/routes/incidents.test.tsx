import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const column = (name: string) => screen.getByRole('region', { name })

describe('incident board', () => {
  it('shows columns per status with MTTA/MTTR, and accepts from the drawer', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/incidents')
    const triggered = db.incidents.find((i) => i.status === 'INCIDENT_STATUS_TRIGGERED')!
    expect(await screen.findByText(triggered.title, {}, { timeout: 20_000 })).toBeTruthy()
    expect(within(column('Not accepted')).getByText(triggered.title)).toBeTruthy()
    expect(await screen.findByText('12.5 min')).toBeTruthy() // the metrics arrive after the board
    await user.click(screen.getByText(triggered.title))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/incidents/${triggered.incident_num}`))
    const drawer = await screen.findByRole('dialog')
    await user.click(await within(drawer).findByRole('button', { name: 'Accept' }))
    await waitFor(() => expect(within(column('Accepted')).getByText(triggered.title)).toBeTruthy())
  }, 60_000)

  it('saves a new incident as a draft, shown in the Draft column', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/incidents')
    await user.click(await screen.findByRole('button', { name: /New incident/ }, { timeout: 20_000 }))
    const modal = await screen.findByRole('dialog')
    await user.type(within(modal).getByLabelText('Title'), 'Disk filling on db-3')
    await user.type(within(modal).getByLabelText('Description'), 'grows 5 % an hour')
    await user.type(within(modal).getByLabelText('Application id'), 'app-db')
    await user.click(within(modal).getByRole('button', { name: 'Save as draft' }))
    expect(
      await within(await screen.findByRole('region', { name: 'Draft' })).findByText('Disk filling on db-3'),
    ).toBeTruthy()
  }, 60_000)

  it('lets an admin create an alarm integration key and shows its webhook once', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/incidents')
    await user.click(await screen.findByRole('button', { name: 'Alarm integrations' }))
    const drawer = await screen.findByRole('dialog')
    expect(within(drawer).getByText('Alarm integration keys')).toBeTruthy()
    await user.type(within(drawer).getByLabelText('Name'), 'prometheus')
    await user.click(within(drawer).getByRole('button', { name: 'Create key' }))
    expect(await within(drawer).findByText(/\/v1\/event\/huawei\/custom\/ik_mock_key$/)).toBeTruthy()
    expect(await within(drawer).findByRole('cell', { name: 'prometheus' })).toBeTruthy()
  })

  it('submits a solution through the drawer form and verifies', async () => {
    setSignedIn('operator')
    const acked = db.incidents.find((i) => i.status === 'INCIDENT_STATUS_ACKNOWLEDGED')!
    const { user } = renderApp(`/incidents/${acked.incident_num}`)
    const drawer = await screen.findByRole('dialog')
    await user.type(await within(drawer).findByLabelText('Cause'), 'connection pool exhausted')
    await user.type(within(drawer).getByLabelText('Solution'), 'raised the pool size')
    await user.click(within(drawer).getByRole('button', { name: 'Submit solution' }))
    await waitFor(() => expect(within(column('Resolved, to verify')).getByText(acked.title)).toBeTruthy())
  })

  it('moves with keyboard j/a and refuses a drop the state machine forbids', async () => {
    setSignedIn('operator')
    renderApp('/incidents')
    const first = db.incidents.find((i) => i.status === 'INCIDENT_STATUS_TRIGGERED')!
    await screen.findByText(first.title)
    fireEvent.keyDown(window, { key: 'j' })
    fireEvent.keyDown(window, { key: 'a' })
    await waitFor(() => expect(within(column('Accepted')).getByText(first.title)).toBeTruthy())
    const done = db.incidents.find((i) => i.status === 'INCIDENT_STATUS_COMPLETED')!
    const card = screen.getByText(done.title).closest('[data-incident]')!
    fireEvent.dragStart(card, { dataTransfer: { setData: () => {} } })
    fireEvent.dragOver(column('Not accepted'))
    fireEvent.drop(column('Not accepted'))
    expect(within(column('Completed')).getByText(done.title)).toBeTruthy()
  })

  it('hides write actions from a viewer', async () => {
    // (and the integration keys, which are admin-only)
    setSignedIn('viewer')
    renderApp('/incidents')
    await screen.findByText(db.incidents[0].title)
    expect(screen.queryByRole('button', { name: /New incident/ })).toBeNull()
  })
})
