import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('my notification settings', () => {
  it('adds a channel and reports how its test went', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/settings/notifications')
    await user.type(await screen.findByRole('textbox', { name: 'Name' }, { timeout: 20_000 }), 'Team robot')
    await user.type(screen.getByRole('textbox', { name: 'E-mail address or webhook URL' }), 'ops@example.com')
    await user.click(screen.getByRole('button', { name: 'Add channel' }))
    await waitFor(() => expect(db.channels).toHaveLength(1))
    expect(await screen.findByText('o…@example.com')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Send test' }))
    expect((await screen.findByRole('status')).textContent).toContain('Test message sent')
  }, 60_000)

  it('shows a failing channel test with its reason', async () => {
    setSignedIn('operator')
    db.channels.push({
      id: '00000000-0000-4000-9000-0000000000ff',
      owner: 'operator',
      kind: 'generic',
      name: 'broken',
      target: 'https://hooks.example.com/fail',
      urgencies: ['high'],
      enabled: true,
      hasSecret: true,
      createdAt: new Date().toISOString(),
    })
    const { user } = renderApp('/settings/notifications')
    await user.click(await screen.findByRole('button', { name: 'Send test' }, { timeout: 20_000 }))
    expect((await screen.findByRole('status')).textContent).toContain('webhook answered HTTP 500')
  }, 60_000)
})
