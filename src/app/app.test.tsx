import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { server } from '../../mocks/node'
import { setAuditEntries, setSignedIn } from '../../mocks/scenarios'
import { renderApp } from '../testing/render'

describe('console shell', () => {
  it('sends a signed-out visitor to login and back to the page asked for', async () => {
    const { user, router } = renderApp('/tickets')
    await screen.findByRole('heading', { name: 'Sign in to the Ops Console' })
    expect(router.state.location.search).toBe('?next=%2Ftickets')
    await user.type(screen.getByLabelText('User name'), 'operator')
    await user.type(screen.getByLabelText('Password'), 'operator-demo-1')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets'))
    expect(await screen.findByRole('navigation', { name: 'main' })).toBeTruthy()
  })

  it('says why login failed in words, and asks for missing fields before calling the server', async () => {
    const { user } = renderApp('/login')
    await user.click(await screen.findByRole('button', { name: 'Sign in' }))
    expect(screen.getAllByText('Required')).toHaveLength(2)
    expect(screen.getByLabelText('User name').getAttribute('aria-invalid')).toBe('true')
    await user.type(screen.getByLabelText('User name'), 'operator')
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Wrong user name or password')
    expect(alert.textContent).not.toMatch(/UNAUTHENTICATED|IAM\.|401/)
  })

  it('lists all seven pages in the menu and each one opens', async () => {
    setSignedIn('platform_admin')
    const { user, router } = renderApp('/')
    const nav = await screen.findByRole('navigation', { name: 'main' })
    const pages = [
      ['Script library', '/scripts'],
      ['Batch execution', '/executions/new'],
      ['Execution tickets', '/tickets'],
      ['Incidents', '/incidents'],
      ['WarRoom', '/war-rooms'],
      ['Patch compliance', '/patches'],
      ['CMDB topology', '/cmdb'],
    ] as const
    for (const [name, path] of pages) {
      await user.click(within(nav).getByRole('link', { name }))
      await waitFor(() => expect(router.state.location.pathname).toBe(path))
      await waitFor(() => expect(document.querySelector('.ant-layout-content')?.textContent).not.toBe(''))
      expect(screen.queryByText(/Something went wrong/)).toBeNull()
    }
    await user.click(within(nav).getByRole('link', { name: 'CMDB topology' }))
    await screen.findByRole('tab', { name: 'Business topology' })
    // Seven page loads: 20 s is tight on a loaded 2-core machine.
  }, 60_000)

  it('serves the execution pages that used to be placeholders', async () => {
    setSignedIn('platform_admin')
    renderApp('/tickets')
    expect(await screen.findByRole('heading', { name: 'Execution tickets' })).toBeTruthy()
    expect(screen.queryByText(/is not built yet/)).toBeNull()
  })

  it('hides admin entries from a viewer and refuses their routes', async () => {
    setSignedIn('viewer')
    renderApp('/admin/audit')
    const nav = await screen.findByRole('navigation', { name: 'main' })
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).toBeNull()
    expect(within(nav).queryByRole('link', { name: 'Batch execution' })).toBeNull()
    expect(await screen.findByText(/You do not have access to this page/)).toBeTruthy()
  })

  it('switches the language to Chinese', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/')
    await user.click(await screen.findByRole('button', { name: 'Language' }))
    const nav = await screen.findByRole('navigation', { name: 'main' })
    expect(within(nav).getByRole('link', { name: '脚本库' })).toBeTruthy()
  })

  it('shows the audit log to an admin, actions in words with the recorded key on hover', async () => {
    setSignedIn('platform_admin')
    setAuditEntries(3)
    renderApp('/admin/audit')
    const created = await screen.findAllByText('User · created')
    expect(created).toHaveLength(1)
    expect(created[0].getAttribute('title')).toBe('user.create')
    await waitFor(() => expect(screen.getAllByText('Session · signed in')).toHaveLength(2))
    expect(screen.queryByText('user.create')).toBeNull()
  })

  it('shows who is signed in and logs out', async () => {
    setSignedIn('platform_admin')
    const { user, router } = renderApp('/')
    expect(await screen.findByText('Platform administrator · default')).toBeTruthy()
    await user.click(await screen.findByRole('button', { name: /Sign out/ }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'))
  })

  it('toasts the reason in words with the server message when a mutation fails', async () => {
    setSignedIn('platform_admin')
    server.use(
      http.post('/api/access-keys', () =>
        HttpResponse.json({ error: { code: 'CONFLICT', message: 'Key store is read-only' } }, { status: 409 }),
      ),
    )
    const { user } = renderApp('/admin/users')
    await user.click(await screen.findByRole('button', { name: 'Create access key' }))
    expect(await screen.findByText('Not possible with the data as it stands: Key store is read-only')).toBeTruthy()
  })

  it('renders a 404 page for unknown paths', async () => {
    setSignedIn('viewer')
    renderApp('/nowhere')
    expect(await screen.findByText('Page not found')).toBeTruthy()
  })
})
