import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { buildExecution, buildTarget } from '../../../mocks/factories/executions'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('file distribution page', () => {
  it('uploads a file into the library with its size and sha256', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/files')
    await screen.findByRole('button', { name: /Upload file/ }, { timeout: 20_000 })
    const file = new File(['hello\n'], 'hello.txt', { type: 'text/plain' })
    await user.upload(screen.getByTestId('file-input'), file)
    const row = (await screen.findByText('hello.txt')).closest('tr')!
    expect(within(row).getByText('6 B')).toBeTruthy()
    // sha256("hello\n")
    expect(db.files[0]!.sha256).toBe('5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03')
    expect(within(row).getByText('5891b5b522d5…')).toBeTruthy()
    // The id the API names the file by is copyable beside the name, never shown; the full hash on hover.
    expect(within(row).queryByText(db.files[0]!.id)).toBeNull()
    expect(within(row).getByRole('button', { name: 'Copy the file id' })).toBeTruthy()
    expect(within(row).getByTitle(db.files[0]!.sha256)).toBeTruthy()
  }, 60_000)

  it('pushes picked files to picked hosts with a target directory and mode, then opens the ticket', async () => {
    setSignedIn('platform_admin')
    db.files.push({
      id: '11111111-1111-4111-8111-111111111111',
      name: 'app.conf',
      size: 12,
      sha256: 'a'.repeat(64),
      source: 'upload',
      createdBy: 'admin',
      createdAt: new Date().toISOString(),
    })
    const { user, router } = renderApp('/files')
    await user.click(await screen.findByRole('tab', { name: 'Push to hosts' }, { timeout: 20_000 }))
    const next = () => screen.getByRole('button', { name: 'Next' })
    expect((next() as HTMLButtonElement).disabled).toBe(true)
    await user.click(await screen.findByRole('checkbox', { name: 'app.conf' }))
    await user.click(next())
    const dir = screen.getByRole('textbox', { name: 'Target directory' })
    await user.clear(dir)
    await user.type(dir, 'relative/path')
    expect((next() as HTMLButtonElement).disabled).toBe(true)
    await user.clear(dir)
    await user.type(dir, '/opt/app/conf')
    const mode = screen.getByRole('textbox', { name: 'Mode' })
    await user.clear(mode)
    await user.type(mode, '640')
    await user.click(next())
    const online = db.cmdb.hosts.find((h) => h.agentStatus === 'online' && h.agentSn)!
    await user.click(await screen.findByRole('checkbox', { name: online.name }))
    // The host limit is told in a push's terms, not the script wizard's.
    expect(screen.getByText(/One file push reaches at most 200 hosts/)).toBeTruthy()
    await user.click(next())
    expect(screen.getByText('/opt/app/conf')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Push' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/tickets\/SCT\d+push0$/))
    // The ticket says it is a file push, not a script run.
    expect(await screen.findByText('Push app.conf', {}, { timeout: 20_000 })).toBeTruthy()
    expect(screen.getAllByText('File push').length).toBeGreaterThan(0)
    expect(screen.queryByRole('link', { name: 'Push app.conf' })).toBeNull()
  }, 60_000)

  it('labels push tickets as file pushes in the ticket list, in English and Chinese', async () => {
    setSignedIn('platform_admin')
    db.executions.unshift(
      buildExecution([{ targets: [buildTarget(1)] }], {
        kind: 'push_file',
        script: { uuid: '', name: 'Push app.conf', type: 'SHELL', risk: 'LOW', version: '', revision: 0, content: '' },
      }),
    )
    const first = renderApp('/tickets')
    const row = (await screen.findByText('Push app.conf', {}, { timeout: 20_000 })).closest('tr')!
    expect(within(row).getByText('File push')).toBeTruthy()
    // Script tickets keep their risk tag and no push label.
    const script = screen.getAllByText('disk_usage')[0]!.closest('tr')!
    expect(within(script).queryByText('File push')).toBeNull()
    first.unmount()
    renderApp('/tickets', { locale: 'zh-CN' })
    const zhRow = (await screen.findByText('Push app.conf', {}, { timeout: 20_000 })).closest('tr')!
    expect(within(zhRow).getByText('文件分发')).toBeTruthy()
  }, 60_000)
})
