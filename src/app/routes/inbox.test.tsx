import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { makeReviewLink, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('inbox and review links', () => {
  it('takes a signed-out reviewer through login and back to the review link', async () => {
    const { token } = makeReviewLink()
    const { user, router } = renderApp(`/review/${token}`)
    await screen.findByRole('heading', { name: 'Sign in to the Ops Console' })
    await user.type(screen.getByLabelText('User name'), 'reviewer')
    await user.type(screen.getByLabelText('Password'), 'reviewer-demo-1')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('heading', { name: 'Review script wipe_root' })).toBeTruthy()
    expect(router.state.location.pathname).toBe(`/review/${token}`)
  })

  it('lists messages with the unread count and opens a review request', async () => {
    setSignedIn('reviewer')
    db.inbox.unshift({
      id: crypto.randomUUID(),
      recipient: 'reviewer',
      kind: 'script.review-requested',
      title: 'Review script wipe_root',
      body: 'operator asks you to review',
      link: `/review/${makeReviewLink().token}`,
      read: false,
      createdAt: new Date().toISOString(),
    })
    const { user, router } = renderApp('/inbox')
    expect(await screen.findByRole('link', { name: 'Inbox (1)' })).toBeTruthy()
    expect(await screen.findByText('Review script wipe_root')).toBeTruthy()
    await user.click(screen.getByRole('link', { name: 'Open' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/review\//))
    expect(await screen.findByRole('button', { name: 'Approve' })).toBeTruthy()
    expect(db.inbox[0].read).toBe(true)
  })
})
