import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { composed, phrase } from '../../contract/inbox-text'
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
      // A message from before the phrase table: its stored text is what everyone sees.
      phrases: null,
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

  it("shows messages in the reader's language, the stored text for old ones", async () => {
    setSignedIn('reviewer')
    const base = { recipient: 'reviewer', read: false, createdAt: new Date().toISOString() }
    db.inbox.unshift(
      {
        ...base,
        id: crypto.randomUUID(),
        kind: 'script.review-requested',
        ...composed({
          title: phrase('review.requested', { script: 'wipe_root', revision: 3, risk: 'HIGH' }),
          body: phrase('review.requested.body', {
            actor: 'operator',
            script: 'wipe_root',
            expiresAt: '2026-03-01T08:00:00.000Z',
          }),
        }),
        link: `/review/${makeReviewLink().token}`,
      },
      {
        ...base,
        id: crypto.randomUUID(),
        kind: 'ticket.abnormal',
        ...composed(
          { title: phrase('ticket.status', { ticket: 'T-1', script: 'disk', ticketStatus: 'ABNORMAL' }) },
          'exit 3',
        ),
        link: '/tickets/T-1',
      },
      {
        ...base,
        id: crypto.randomUUID(),
        kind: 'test',
        title: 'Old English title',
        body: '',
        phrases: null,
        link: null,
      },
    )
    renderApp('/inbox', { locale: 'zh-CN' })
    expect(await screen.findByText('请评审脚本 wipe_root（修订 3，风险高）')).toBeTruthy()
    expect(
      screen.getByText(/^operator 请你评审脚本 wipe_root。该链接仅限你本人使用一次，有效期至 2026-03-01 \d\d:00:00。$/),
    ).toBeTruthy()
    expect(screen.getByText('执行工单 T-1（disk）异常终止')).toBeTruthy()
    // A body a person or the engine wrote is shown as written.
    expect(screen.getByText('exit 3')).toBeTruthy()
    expect(screen.getByText('Old English title')).toBeTruthy()
    expect(screen.queryByText(/Review script|Ticket T-1/)).toBeNull()
  })

  it('composes the stored English text from the same phrases', () => {
    const m = composed({ title: phrase('ticket.status', { ticket: 'T-1', script: 'disk', ticketStatus: 'PAUSED' }) })
    expect(m.title).toBe('Ticket T-1 (disk) paused and waits for you to continue')
    expect(m.body).toBe('')
  })
})
