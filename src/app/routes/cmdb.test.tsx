import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setCmdbFleet, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('CMDB topology page', () => {
  it('shows the fleet counts, the topology tree and the hosts with their agent status', async () => {
    setSignedIn('viewer')
    setCmdbFleet(12)
    renderApp('/cmdb')
    expect(await screen.findByRole('tab', { name: 'Business topology' })).toBeTruthy()
    expect(await screen.findByRole('img', { name: 'Business topology tree' })).toBeTruthy()
    const row = (await screen.findByRole('cell', { name: 'demo-host-01' })).closest('tr')!
    expect(within(row).getByText('Online')).toBeTruthy()
    const offline = screen.getByRole('cell', { name: 'demo-host-05' }).closest('tr')!
    expect(within(offline).getByText('Offline')).toBeTruthy()
    expect(screen.getAllByText('12').length).toBeGreaterThan(0)
  })

  it('stays light with 5,000 hosts: aggregate counts in the tree and 50 table rows per page', async () => {
    setSignedIn('viewer')
    setCmdbFleet(5000)
    const started = performance.now()
    renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'demo-host-01' })
    expect(screen.getAllByRole('row')).toHaveLength(51)
    expect(screen.getByRole('img', { name: 'Business topology tree' }).textContent).toContain('Idle pool  4000/5000')
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('searches hosts by name and opens a host in the drawer route, closing back to the page', async () => {
    setSignedIn('viewer')
    setCmdbFleet(12)
    const { user, router } = renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'demo-host-01' })
    await user.type(screen.getByRole('searchbox', { name: 'Name or IP' }), 'demo-host-11{enter}')
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'demo-host-01' })).toBeNull())
    await user.click(screen.getByRole('cell', { name: 'demo-host-11' }))
    const drawer = await screen.findByRole('dialog')
    expect(await within(drawer).findByText('Host demo-host-11')).toBeTruthy()
    expect(within(drawer).getByText('Online')).toBeTruthy()
    expect(within(drawer).getByText(db.cmdb.hosts[10].agentSn!)).toBeTruthy()
    expect(router.state.location.pathname).toBe(`/cmdb/hosts/${db.cmdb.hosts[10].id}`)
    // Viewers may not move hosts.
    expect(within(drawer).queryByRole('combobox', { name: 'Move to module' })).toBeNull()
    await user.click(within(drawer).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/cmdb'))
  })

  it('lets an operator move a host to another module from the drawer', async () => {
    setSignedIn('operator')
    setCmdbFleet(3)
    const host = db.cmdb.hosts[0]
    const { user } = renderApp(`/cmdb/hosts/${host.id}`)
    const drawer = await screen.findByRole('dialog')
    await within(drawer).findByText(`Host ${host.name}`)
    await user.click(within(drawer).getByRole('combobox', { name: 'Move to module' }))
    await user.click(await screen.findByText('Mall / frontend / nginx'))
    await user.click(within(drawer).getByRole('button', { name: 'Move to module' }))
    await waitFor(() => expect(db.cmdb.hosts[0].moduleName).toBe('nginx'))
    expect(await within(drawer).findByText('Mall / frontend / nginx')).toBeTruthy()
  })

  it('lets an admin revoke one agent from the host drawer', async () => {
    setSignedIn('platform_admin')
    setCmdbFleet(3)
    const host = db.cmdb.hosts[1]
    const { user } = renderApp(`/cmdb/hosts/${host.id}`)
    const drawer = await screen.findByRole('dialog')
    expect(await within(drawer).findByText('Agent credential')).toBeTruthy()
    expect(await within(drawer).findByText('Active')).toBeTruthy()
    await user.click(within(drawer).getByRole('button', { name: 'Revoke agent' }))
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    expect(await within(drawer).findByText(/Revoked by admin/)).toBeTruthy()
    expect(db.revokedAgents[host.agentSn!]).toBeTruthy()
  })

  it('draws the application dependency graph', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Application dependencies' }))
    expect(await screen.findByRole('img', { name: 'Application dependency graph' })).toBeTruthy()
  })
})

describe('agent enrollment tab', () => {
  it('lets an admin create a token, shown once with the agent command, and revoke it', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Agent enrollment' }))
    await user.type(await screen.findByRole('textbox', { name: 'Token description' }), 'rack 7')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByText(/npm run agent -- --server .* --token oca_mock-token-shown-once/)).toBeTruthy()
    const row = (await screen.findByRole('cell', { name: 'rack 7' })).closest('tr')!
    await user.click(within(row).getByRole('button', { name: 'Revoke' }))
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    await waitFor(() => expect(db.agentTokens[0].revokedAt).not.toBeNull())
  })

  it('is not offered to operators', async () => {
    setSignedIn('operator')
    renderApp('/cmdb')
    await screen.findByRole('tab', { name: 'Business topology' })
    expect(screen.queryByRole('tab', { name: 'Agent enrollment' })).toBeNull()
  })
})

describe('editing the mainline', () => {
  it('scopes hosts with the picker; an operator adds a module; built-in ones offer no rename or delete', async () => {
    setSignedIn('operator')
    setCmdbFleet(3)
    const { user } = renderApp('/cmdb')
    await screen.findByRole('cell', { name: 'demo-host-01' })
    await user.click(screen.getByRole('combobox', { name: 'Business, set or module' }))
    await user.click(await screen.findByTitle('frontend (0/0)'))
    expect(await screen.findByText('Showing hosts of frontend')).toBeTruthy()
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'demo-host-01' })).toBeNull())

    await user.click(screen.getByRole('button', { name: 'New module' }))
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'cart')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.cmdb.modules.some((m) => m.name === 'cart' && m.setId === 3)).toBe(true))

    await user.click(screen.getByRole('combobox', { name: 'Business, set or module' }))
    await user.click(await screen.findByTitle('Idle pool (3/3)'))
    expect(await screen.findByText('Showing hosts of Idle pool')).toBeTruthy()
    // Built-in modules cannot be renamed or deleted: no buttons are offered.
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull()
  })

  it('creates a business at the top level and shows the server refusal when deleting a module with hosts', async () => {
    setSignedIn('operator')
    setCmdbFleet(2)
    db.cmdb.hosts[0].moduleId = 5
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('button', { name: 'New business' }))
    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Billing')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(db.cmdb.businesses.map((b) => b.name)).toContain('Billing'))

    await user.click(screen.getByRole('combobox', { name: 'Business, set or module' }))
    await user.click(await screen.findByTitle(/^nginx/))
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    // The translated reason, then the server's own sentence, naming the module.
    expect(await screen.findByText(/Module nginx\S* still has hosts; move them out first/)).toBeTruthy()
    expect(db.cmdb.modules.some((m) => m.id === 5)).toBe(true)
  })
})

describe('editing applications', () => {
  it('creates an application and adds then removes a dependency of the centre application', async () => {
    setSignedIn('operator')
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Application dependencies' }))
    await user.type(await screen.findByRole('textbox', { name: 'New application name' }), 'billing')
    await user.click(screen.getByRole('button', { name: 'Create application' }))
    await waitFor(() => expect(db.cmdb.apps.map((a) => a.name)).toContain('billing'))

    await user.click(screen.getByRole('combobox', { name: 'Centre application' }))
    await user.click(await screen.findByTitle('mall.mall-web'))
    expect(await screen.findByText('mall.mall-web requires:')).toBeTruthy()
    await user.click(screen.getByRole('combobox', { name: 'Add a required application' }))
    await user.click((await screen.findAllByTitle('billing')).at(-1)!)
    await user.click(screen.getByRole('button', { name: 'Add' }))
    const billingId = db.cmdb.apps.find((a) => a.name === 'billing')!.id
    await waitFor(() => expect(db.cmdb.deps).toContainEqual({ appId: 2, requiredAppId: billingId }))
    await user.click(await screen.findByLabelText('Remove billing'))
    await waitFor(() => expect(db.cmdb.deps).not.toContainEqual({ appId: 2, requiredAppId: billingId }))
  })

  it('is read-only for viewers', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Application dependencies' }))
    await screen.findByRole('img', { name: 'Application dependency graph' })
    expect(screen.queryByRole('textbox', { name: 'New application name' })).toBeNull()
  })
})
