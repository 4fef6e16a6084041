import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('on-call page', () => {
  it('shows who is on call now, the week ahead, and takes an override', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/oncall')
    const card = (await screen.findByText('Mall on-call', {}, { timeout: 20_000 })).closest('.ant-card') as HTMLElement
    expect(within(card).getByText('On call now').closest('tr')?.textContent).toContain('Operator Demo')
    const week = within(card).getByRole('region', { name: 'Next 7 days' })
    await waitFor(() => expect(within(week).getAllByText('Operator Demo').length).toBeGreaterThanOrEqual(7))
    // A one-member rotation: the same person all day, every day, not split at the hand-off (09:00 Asia/Shanghai).
    expect(week.textContent?.match(/Operator Demo \d\d:\d\d–\d\d:\d\d/g)).toEqual(
      Array(7).fill('Operator Demo 00:00–24:00'),
    )
    expect(week.textContent).toContain(`Times in your time zone (${Intl.DateTimeFormat().resolvedOptions().timeZone})`)

    await user.click(within(card).getByRole('button', { name: 'Add override' }))
    await user.click(within(card).getByRole('combobox', { name: 'Who' }))
    await user.click(await screen.findByTitle('Reviewer Demo'))
    await user.click(within(card).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.schedules[0].overrides).toHaveLength(1))
    expect(await within(card).findByText(/Reviewer Demo ·/)).toBeTruthy()
    expect(within(card).getByText('On call now').closest('tr')?.textContent).toContain('Reviewer Demo')
  }, 60_000)

  it('shows the escalation chain and edits a level timeout', async () => {
    setSignedIn()
    const { user } = renderApp('/oncall')
    await user.click(await screen.findByRole('tab', { name: 'Escalation policies' }, { timeout: 20_000 }))
    const card = (await screen.findByText('Mall incidents')).closest('.ant-card') as HTMLElement
    expect(card.textContent).toContain('Mall on-call')
    expect(card.textContent).toContain('after 5 min')
    await user.click(within(card).getByRole('button', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit policy' })
    const [first] = within(dialog).getAllByRole('spinbutton', { name: 'Escalate after (minutes)' })
    await user.clear(first)
    await user.type(first, '2')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.policies[0].steps[0].timeoutSec).toBe(120))
  }, 60_000)

  it('is labelled in Chinese', async () => {
    setSignedIn('viewer')
    renderApp('/oncall', { locale: 'zh-CN' })
    expect(await screen.findByRole('tab', { name: '值班表' }, { timeout: 20_000 })).toBeTruthy()
    expect(await screen.findByText('当前值班')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '新建值班表' })).toBeNull()
  }, 60_000)
})
