import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { makeReviewLink, setScriptListEmpty, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const table = () => screen.findByRole('table')

describe('script library page', () => {
  it('lists scripts with status, risk and the high-risk badge, and filters by status', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/scripts')
    expect(await screen.findByText('wipe_root')).toBeTruthy()
    expect(within(await table()).getAllByRole('row')).toHaveLength(3)
    expect(screen.getByLabelText('High-risk commands found')).toBeTruthy()
    expect(screen.getAllByText('Pending review').length).toBeGreaterThan(0)
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByTitle('Approved'))
    await waitFor(() => expect(screen.queryByText('wipe_root')).toBeNull())
    expect(screen.getByText('disk_usage')).toBeTruthy()
  })

  it('shows an empty library and hides write actions from a viewer', async () => {
    setSignedIn('viewer')
    setScriptListEmpty()
    renderApp('/scripts')
    expect(await screen.findByText('No scripts yet')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /New script/ })).toBeNull()
  })

  it('creates a script with a sensitive parameter and a reviewer; it waits for review', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/scripts')
    await user.click(await screen.findByRole('button', { name: /New script/ }))
    const drawer = await screen.findByRole('dialog')
    await user.type(within(drawer).getByLabelText('Name'), 'rotate_logs')
    await user.type(within(drawer).getByLabelText('Description'), 'Rotates logs')
    await user.type(within(drawer).getByLabelText('Script content'), 'logrotate -f /etc/logrotate.conf')
    // The editor says how a script reads its parameters, for the script type chosen.
    expect(within(drawer).getByText(/Use a parameter by its name: \$\{name\}/)).toBeTruthy()
    await user.click(within(drawer).getByText('Python'))
    expect(within(drawer).getByText(/os\.environ\['name'\]/)).toBeTruthy()
    await user.click(within(drawer).getByText('Shell'))
    await user.click(within(drawer).getByRole('button', { name: /Add parameter/ }))
    await user.type(within(drawer).getByLabelText('Name 1'), 'token')
    await user.type(within(drawer).getByLabelText('Default value 1'), 'abc123')
    await user.click(within(drawer).getByRole('switch', { name: 'Sensitive 1' }))
    await user.click(await within(drawer).findByRole('checkbox', { name: /reviewer/ }))
    await user.click(within(drawer).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/scripts\/SC/))
    const created = db.scripts.find((s) => s.detail.name === 'rotate_logs')!
    expect(created.detail.status).toBe('PENDING_APPROVE')
    expect(created.detail.script_params[0]).toMatchObject({
      param_name: 'token',
      param_value: '******',
      sensitive: true,
    })
    expect(db.inbox.some((msg) => msg.recipient === 'reviewer' && msg.kind === 'script.review-requested')).toBe(true)
  })

  it('deletes a script after confirmation', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/scripts')
    const row = (await screen.findByText('disk_usage')).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Delete' }))
    // The confirmation's own Delete button is the last one rendered.
    await screen.findByText(/Delete script disk_usage\?/)
    await user.click(screen.getAllByRole('button', { name: 'Delete' }).at(-1)!)
    await waitFor(() => expect(screen.queryByText('disk_usage')).toBeNull())
    expect(db.scripts.some((s) => s.detail.name === 'disk_usage')).toBe(false)
  })

  it('edits a script and shows the diff between versions', async () => {
    setSignedIn('operator')
    const uuid = db.scripts[0].detail.script_uuid
    const { user, router } = renderApp(`/scripts/${uuid}/edit`)
    const content = await screen.findByLabelText('Script content')
    await user.clear(content)
    await user.type(content, 'df -h{enter}du -sh /var')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/scripts/${uuid}`))
    await user.click(await screen.findByRole('tab', { name: 'Versions' }))
    const diff = await screen.findByLabelText('diff')
    await waitFor(() => expect(diff.querySelector('[data-op="add"]')?.textContent).toContain('du -sh /var'))
  })
})

describe('review page', () => {
  it('shows findings and the diff, approves, and the script is APPROVED', async () => {
    setSignedIn('reviewer')
    const { token, script } = makeReviewLink()
    const { user } = renderApp(`/review/${token}`)
    expect(await screen.findByRole('heading', { name: 'Review script wipe_root' })).toBeTruthy()
    expect(screen.getAllByText('Deletes the root file system').length).toBeGreaterThan(0)
    expect(screen.getByText('Never approved before: everything is new.')).toBeTruthy()
    await user.type(screen.getByLabelText('Comment'), 'ok for the lab')
    await user.click(screen.getByRole('button', { name: 'Approve' }))
    expect(await screen.findByText('You approved this script. It is now Approved.')).toBeTruthy()
    expect(script.detail.status).toBe('APPROVED')
  })

  it("names the changed fields and their values in the reader's language, not by API path", async () => {
    setSignedIn('reviewer')
    const { token } = makeReviewLink()
    renderApp(`/review/${token}`, { locale: 'zh-CN' })
    const fields = (await screen.findByText('变更字段', {}, { timeout: 20_000 })).nextElementSibling as HTMLElement
    const risk = within(fields).getByText('风险等级').closest('tr')!
    expect(within(risk).getByText('高')).toBeTruthy()
    expect(within(fields).getByText('描述')).toBeTruthy()
    expect(fields.textContent).not.toMatch(/properties\.|risk_level|HIGH/)
  })

  it('refuses an altered link with a clear page and changes nothing', async () => {
    setSignedIn('reviewer')
    const { token, script } = makeReviewLink()
    renderApp(`/review/${token.replace(/^./, 'f')}x`)
    expect(await screen.findByText('This review link is not valid')).toBeTruthy()
    expect(screen.getByText('Nothing was changed.')).toBeTruthy()
    expect(script.detail.status).toBe('PENDING_APPROVE')
  })

  it('refuses a link meant for another reviewer', async () => {
    setSignedIn('platform_admin')
    const { token } = makeReviewLink('reviewer')
    renderApp(`/review/${token}`)
    expect(await screen.findByText('This review link is for another reviewer')).toBeTruthy()
  })
})
