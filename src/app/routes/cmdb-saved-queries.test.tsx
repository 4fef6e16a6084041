import { screen, waitFor, within } from '@testing-library/react'
import { HttpResponse, http } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { db } from '../../../mocks/db'
import { buildScript } from '../../../mocks/factories/scripts'
import { server } from '../../../mocks/node'
import { setCmdbFleet, setSignedIn } from '../../../mocks/scenarios'
import { customQueryRoutes } from '../../contract/custom-queries'
import { renderApp } from '../../testing/render'

// antd tables, modals and selects in jsdom on a shared 2-core machine: generous limits.
vi.setConfig({ testTimeout: 60_000 })

/** A saved query of the default business selecting the hosts named demo-host-1… (10, 11, 12). */
function savedTeens() {
  const now = new Date().toISOString()
  db.customQueries.push({
    id: '7',
    bizId: 1,
    name: 'teens',
    info: {
      condition: [
        {
          bk_obj_id: 'host',
          condition: [{ field: 'bk_host_name', operator: '$regex', value: 'demo-host-1' }],
          fields: [],
        },
      ],
    },
    createdBy: 'operator',
    updatedBy: 'operator',
    createdAt: now,
    updatedAt: now,
  })
}

describe('saved host queries in CMDB', () => {
  it('saves the host filter as a query, lists it with its hosts, renames and deletes it', async () => {
    setSignedIn('operator')
    setCmdbFleet(12)
    const { user } = renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'demo-host-01' }, { timeout: 30_000 })
    await user.type(screen.getByRole('searchbox', { name: 'Name or IP' }), 'Demo-Host-1{enter}')
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'demo-host-01' })).toBeNull())

    await user.click(screen.getByRole('button', { name: 'Save filter as query' }))
    const dialog = await screen.findByRole('dialog')
    // What the query will select, in words (the list searches names and IPs, a query one field).
    const lines = within(dialog).getByRole('list', { name: 'Conditions' })
    expect(within(lines).getByText('Host name contains “Demo-Host-1”')).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(await within(dialog).findByText('Give the query a name (1–64 characters)')).toBeTruthy()
    expect(within(dialog).getByText('Pick the business the query belongs to')).toBeTruthy()
    await user.type(within(dialog).getByLabelText('Name'), 'teens')
    await user.click(within(dialog).getByLabelText('Business'))
    await user.click(await screen.findByTitle('Default business'))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.customQueries).toHaveLength(1))
    expect(db.customQueries[0]).toMatchObject({ name: 'teens', bizId: 1 })

    await user.click(screen.getByRole('tab', { name: 'Saved host queries' }))
    const row = (await screen.findByRole('cell', { name: 'teens' })).closest('tr')!
    expect(within(row).getByText('Default business')).toBeTruthy()
    expect(within(row).getByText('host.bk_host_name $regex [dD][eE][mM][oO]\\-[hH][oO][sS][tT]\\-1')).toBeTruthy()
    // The row opens to the hosts the query selects now (case-insensitive, like the list's search).
    await user.click(within(row).getByRole('button', { name: /expand row/i }))
    const hosts = await screen.findByRole('table', { name: 'Hosts now' })
    await waitFor(() => expect(within(hosts).getAllByRole('row')).toHaveLength(4))
    expect(within(hosts).getByText('demo-host-10')).toBeTruthy()
    expect(within(hosts).getByText('demo-host-12')).toBeTruthy()

    await user.click(within(row).getByRole('button', { name: 'Rename' }))
    const rename = (await screen.findByText('Rename teens')).closest<HTMLElement>('[role="dialog"]')!
    const name = within(rename).getByLabelText('Name')
    await user.clear(name)
    await user.type(name, 'tens and up')
    await user.click(within(rename).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.customQueries[0]!.name).toBe('tens and up'))
    expect(await screen.findByRole('cell', { name: 'tens and up' })).toBeTruthy()

    const renamed = screen.getByRole('cell', { name: 'tens and up' }).closest('tr')!
    await user.click(within(renamed).getByRole('button', { name: 'Delete' }))
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    await waitFor(() => expect(db.customQueries).toHaveLength(0))
    expect(await screen.findByText(/No saved host queries yet/)).toBeTruthy()
  })

  it('offers a saved query on the hosts step of a run ("Use in a run") and adds its online hosts', async () => {
    setSignedIn('operator')
    setCmdbFleet(12)
    savedTeens()
    db.scripts.push(buildScript({ name: 'uptime_check', script_params: [] }))
    const { user, router } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Saved host queries' }, { timeout: 30_000 }))
    await user.click(await screen.findByRole('link', { name: 'Use in a run' }))
    await waitFor(() => expect(router.state.location.search).toBe('?savedQuery=7'))
    await user.click(await screen.findByRole('button', { name: 'Pick uptime_check' }))
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(await screen.findByRole('button', { name: 'Next' }))
    // The saved-query section is open with the query picked: demo-host-10 is offline (every fifth host).
    expect(
      await screen.findByText('Selects 3 hosts now: 2 online, 1 offline or without an agent', {}, { timeout: 20_000 }),
    ).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Add the 2 online hosts' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 hosts selected (max 200)'))
  })

  it('shows an error when the queries cannot be loaded, and viewers only read', async () => {
    setSignedIn('viewer')
    setCmdbFleet(3)
    savedTeens()
    server.use(
      http.get(customQueryRoutes.list.path, () =>
        HttpResponse.json({ error: { code: 'INTERNAL', message: 'boom' } }, { status: 500 }),
      ),
    )
    const { user } = renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'demo-host-01' }, { timeout: 30_000 })
    expect(screen.queryByRole('button', { name: 'Save filter as query' })).toBeNull()
    await user.click(screen.getByRole('tab', { name: 'Saved host queries' }))
    expect(await screen.findByText('Could not load the saved queries')).toBeTruthy()
  })

  it('speaks Chinese, and says how to make the first query', async () => {
    setSignedIn('viewer')
    setCmdbFleet(3)
    const { user } = renderApp('/cmdb', { locale: 'zh-CN' })
    await user.click(await screen.findByRole('tab', { name: '已保存的主机查询' }, { timeout: 30_000 }))
    expect(await screen.findByText(/还没有保存的主机查询/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: '重命名' })).toBeNull()
  })
})
