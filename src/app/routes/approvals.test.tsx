import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

/** A HIGH-risk console run of `requester` waiting for its approval, as the wizard's submit leaves it. */
function waitingRun(requester: string) {
  const at = new Date().toISOString()
  const id = crypto.randomUUID()
  db.approvals.unshift({
    id,
    title: 'Run reboot_all 1.0.0 on 1 host(s)',
    request: `${requester} runs HIGH-risk script reboot_all`,
    risk: 'HIGH',
    targets: ['demo-host-01 (10.0.0.1)'],
    contentDiff: '+ reboot',
    rollback: '',
    approvers: { users: [], roles: ['admin', 'reviewer'] },
    mode: 'any',
    status: 'pending',
    requester,
    runId: null,
    timeoutAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
    createdAt: at,
    decidedAt: null,
    timeline: [{ at, actor: requester, action: 'create', remark: '', target: null }],
    canDecide: false,
    canWithdraw: false,
    votes: [],
  })
  return id
}

describe('approval page: withdrawing a waiting run', () => {
  it('the requester withdraws after confirming; the page shows it withdrawn and by whom, with no way to act', async () => {
    const me = setSignedIn('operator')
    const id = waitingRun(me.username)
    const { user } = renderApp(`/approvals/${id}`)
    const withdraw = await screen.findByRole('button', { name: 'Withdraw' })
    await user.click(withdraw)
    // A confirmation first: keeping it waiting changes nothing.
    await user.click(await screen.findByRole('button', { name: 'Keep waiting' }))
    expect(db.approvals[0]!.status).toBe('pending')
    await user.click(screen.getAllByRole('button', { name: 'Withdraw' })[0]!)
    expect(await screen.findByText(/Withdraw this run\?/)).toBeTruthy()
    const confirm = screen.getAllByRole('button', { name: 'Withdraw' }).at(-1)!
    await user.click(confirm)
    expect(
      await screen.findByText(`Withdrawn by ${me.username}: nothing was run and it can no longer be approved.`),
    ).toBeTruthy()
    expect(db.approvals[0]).toMatchObject({ status: 'withdrawn' })
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Withdraw' })).toBeNull())
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull()
  }, 30_000)

  it('in Chinese, and only for the requester: an approver sees no withdraw button', async () => {
    const requester = db.users.find((u) => u.role === 'operator')!.username
    const id = waitingRun(requester)
    setSignedIn('reviewer')
    const first = renderApp(`/approvals/${id}`, { locale: 'zh-CN' })
    // antd spaces out two-character Chinese button labels.
    expect(await screen.findByRole('button', { name: /^通\s?过$/ })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /^撤\s?回$/ })).toBeNull()
    first.unmount()

    setSignedIn('operator')
    const { user } = renderApp(`/approvals/${id}`, { locale: 'zh-CN' })
    await user.click(await screen.findByRole('button', { name: /^撤\s?回$/ }))
    expect(await screen.findByText(/确定撤回此次执行/)).toBeTruthy()
    await user.click(screen.getAllByRole('button', { name: /^撤\s?回$/ }).at(-1)!)
    expect(await screen.findByText(`${requester} 已撤回申请：未执行任何操作，且无法再审批。`)).toBeTruthy()
    expect(screen.getAllByText('已撤回').length).toBeGreaterThan(0)
  }, 30_000)
})
