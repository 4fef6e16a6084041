import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { buildScript } from '../../../mocks/factories/scripts'
import { largeFleetIp, setLargeFleet, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const FLEET = 5000

/** Opens the wizard on the hosts step with a parameterless approved script. */
async function openTargets() {
  setSignedIn('operator')
  setLargeFleet(FLEET)
  db.scripts.push(buildScript({ name: 'uptime_check', script_params: [] }))
  const r = renderApp('/executions/new')
  await r.user.click(await screen.findByRole('button', { name: 'Pick uptime_check' }))
  await r.user.click(screen.getByRole('button', { name: 'Next' }))
  await r.user.click(await screen.findByRole('button', { name: 'Next' }))
  await screen.findByRole('checkbox', { name: 'host-3' })
  return r
}

/** Pastes text into the textarea at once (typing 300 lines key by key would be slow). */
function paste(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: 'Paste IPs or host names' }), { target: { value: text } })
}

describe('host selection at scale (5,000 hosts in the mock)', () => {
  it('wizard: pages the table online first, explains the 200-host limit and refuses a select-all beyond it', async () => {
    const { user } = await openTargets()
    // Paged, not 5,000 rows: the first page holds 50 rows, all online (host-3, host-6, …).
    const rows = screen.getAllByRole('row').slice(1)
    expect(rows).toHaveLength(50)
    expect(within(rows[0]).getByText('host-3')).toBeTruthy()
    expect(screen.getByText(/One ticket reaches at most 200 hosts/)).toBeTruthy()
    expect(screen.getByText('5000 hosts match, 1666 of them online')).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Select all 1666 online matching' }))
    expect(await screen.findByText(/Not added: 1666 online hosts match/)).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('0 hosts selected (max 200)')

    // Narrowed by name to host-1xxx in module nginx: 167 online hosts fit in one ticket.
    await user.click(screen.getByRole('combobox', { name: 'Business' }))
    await user.click(await screen.findByTitle('Mall'))
    await user.click(screen.getByRole('combobox', { name: 'Set' }))
    await user.click(await screen.findByTitle('frontend'))
    await user.click(screen.getByRole('combobox', { name: 'Module' }))
    await user.click(await screen.findByTitle('frontend / nginx'))
    await user.type(screen.getByRole('searchbox', { name: 'Host name or IP' }), 'host-1{Enter}')
    const button = await screen.findByRole('button', { name: /^Select all \d+ online matching$/ })
    const n = Number(button.textContent!.match(/\d+/)![0])
    expect(n).toBeGreaterThan(50) // more than one page
    expect(n).toBeLessThanOrEqual(200)
    await user.click(button)
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${n} hosts selected (max 200)`))
    expect(screen.getByText(/offline or without an agent and were left out/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Next' }).hasAttribute('disabled')).toBe(false)
  }, 120_000)

  it('wizard: pasting 300 IPs resolves them, shows what did not match and what is offline, adds the online ones', async () => {
    const { user } = await openTargets()
    await user.click(screen.getByText('Paste a list'))
    const ips = Array.from({ length: 299 }, (_, i) => largeFleetIp(i + 1))
    paste([...ips, '192.168.9.9'].join('\n'))
    await user.click(screen.getByRole('button', { name: 'Find hosts' }))
    expect(
      await screen.findByText('299 of 300 entries found 299 hosts: 99 online, 200 offline or without an agent'),
    ).toBeTruthy()
    expect(screen.getByText('1 not found')).toBeTruthy()
    expect(screen.getByText('192.168.9.9')).toBeTruthy()
    expect(screen.getByText('… and 150 more')).toBeTruthy() // 200 offline, 50 shown
    await user.click(screen.getByRole('button', { name: 'Add the 99 online hosts' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('99 hosts selected (max 200)'))

    // A second list that would pass 200 is refused with the limit in words.
    paste(Array.from({ length: 400 }, (_, i) => largeFleetIp(1000 + i)).join(' '))
    await user.click(screen.getByRole('button', { name: 'Find hosts' }))
    expect(await screen.findByText(/These 133 online hosts and the 99 already picked would exceed 200/)).toBeTruthy()
  }, 120_000)

  it('CMDB: selects all 5,000 matching hosts across pages by id, a pasted list, and moves a selection', async () => {
    setSignedIn('operator')
    setLargeFleet(FLEET)
    const { user } = renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'host-3' }, { timeout: 20_000 })
    expect(screen.getAllByRole('row')).toHaveLength(51) // paged: 50 rows, online first
    await user.click(screen.getByRole('button', { name: 'Select all 5000 matching' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('5000 hosts selected'))
    expect((screen.getByRole('checkbox', { name: 'Select host-3' }) as HTMLInputElement).checked).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Clear selection' }))
    expect(screen.getByRole('status').textContent).toBe('0 hosts selected')

    // 300 pasted lines: 298 IPs, a name and one unknown address.
    await user.click(screen.getByText('Paste a list of IPs or names'))
    paste([...Array.from({ length: 298 }, (_, i) => largeFleetIp(i + 1)), 'host-4000', '10.99.0.1'].join(', '))
    await user.click(screen.getByRole('button', { name: 'Find hosts' }))
    expect(
      await screen.findByText('299 of 300 entries found 299 hosts: 99 online, 200 offline or without an agent'),
    ).toBeTruthy()
    expect(screen.getByText('10.99.0.1')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Select the 299 hosts found' }))
    expect(screen.getByRole('status').textContent).toBe('299 hosts selected')

    // Move them to the web module: every one of them lands there.
    await user.click(screen.getByRole('combobox', { name: 'Move the selected hosts to module' }))
    await user.click(await screen.findByTitle('Mall / frontend / web'))
    await user.click(screen.getByRole('button', { name: 'Move' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('0 hosts selected'))
    const web = db.cmdb.modules.find((m) => m.name === 'web')!.id
    expect(db.cmdb.hosts.filter((h) => h.moduleId === web)).toHaveLength(2500 + 149)
  }, 120_000)
})
