import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { db } from '../../../mocks/db'
import { setLargeFleet, setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

const tree = () => screen.getByRole('img', { name: 'Business topology tree' })

describe('CMDB topology at scale', () => {
  it('searches the tree (highlighting and opening matches), zooms and fits', async () => {
    setSignedIn('viewer')
    setLargeFleet(5000)
    const { user } = renderApp('/cmdb')
    await screen.findByRole('img', { name: 'Business topology tree' }, { timeout: 20_000 })
    await waitFor(() => expect(tree().textContent).toContain('nginx  833/2500'))
    expect(tree().textContent).not.toContain('host-4321')

    // A host name: the server finds it, the tree opens its module on it and drops the branches without a match.
    await user.type(screen.getByRole('searchbox', { name: 'Find in the tree (name or IP)' }), 'host-4321{Enter}')
    await waitFor(() => expect(tree().textContent).toContain('host-4321'))
    expect(screen.getByText('1 matches highlighted')).toBeTruthy()
    // (the old nodes fade out first)
    await waitFor(() => expect(tree().textContent).not.toContain('web  '))
    expect(tree().textContent).not.toContain('Default business')

    await user.clear(screen.getByRole('searchbox', { name: 'Find in the tree (name or IP)' }))
    await user.type(screen.getByRole('searchbox', { name: 'Find in the tree (name or IP)' }), 'no-such{Enter}')
    expect(await screen.findByText('Nothing in the tree matches')).toBeTruthy()

    expect(screen.getByText('100%')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Zoom in' }))
    expect(screen.getByText('125%')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Zoom out' }))
    await user.click(screen.getByRole('button', { name: 'Zoom out' }))
    expect(screen.getByText('75%')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: /Fit/ }))
    expect(screen.getByText('100%')).toBeTruthy()
  }, 60_000)

  it("links the host drawer to that host's tickets, incidents and compliance report", async () => {
    setSignedIn('viewer')
    setLargeFleet(10)
    const host = db.cmdb.hosts[2]
    renderApp(`/cmdb/hosts/${host.id}`)
    const drawer = await screen.findByRole('dialog', {}, { timeout: 20_000 })
    await within(drawer).findByText(`Host ${host.name}`)
    expect(within(drawer).getByRole('link', { name: 'Tickets that ran on this host' }).getAttribute('href')).toBe(
      `/tickets?hostId=${host.id}`,
    )
    const incidents = new URL(
      within(drawer).getByRole('link', { name: 'Incidents with alarms on this host' }).getAttribute('href')!,
      'http://x',
    )
    expect(incidents.pathname).toBe('/incidents')
    expect(incidents.searchParams.get('resource_id')).toBe(host.resourceId)
    const compliance = new URL(
      within(drawer).getByRole('link', { name: 'Compliance report of this host' }).getAttribute('href')!,
      'http://x',
    )
    expect(compliance.searchParams.get('node')).toBe(host.resourceId)
  }, 60_000)

  it('opens the incidents of one host from its link, with the filter shown and removable', async () => {
    setSignedIn('viewer')
    const [mine, other] = db.incidents
    db.incidentResources = { [mine.incident_num]: ['res-1'] }
    const { user } = renderApp('/incidents?resource_id=res-1&host=web-01')
    expect(await screen.findByText('Alarms on host web-01', {}, { timeout: 20_000 })).toBeTruthy()
    expect(await screen.findByText(mine.title)).toBeTruthy()
    expect(screen.queryByText(other.title)).toBeNull()
    const tag = screen.getByText('Alarms on host web-01').closest('.ant-tag')!
    await user.click(tag.querySelector('.ant-tag-close-icon')!)
    expect(await screen.findByText(other.title)).toBeTruthy()
  }, 60_000)

  it('draws the dependency graph with a legend for its node shapes and line styles', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/cmdb')
    await user.click(await screen.findByRole('tab', { name: 'Application dependencies' }, { timeout: 20_000 }))
    expect(await screen.findByText('requires (arrow to the required application)')).toBeTruthy()
    expect(screen.getByText('contains (parent → child application)')).toBeTruthy()
    const graph = screen.getByRole('img', { name: 'Application dependency graph' })
    await waitFor(() => expect(graph.textContent).toContain('Application'))
    expect(graph.textContent).not.toContain('Centre application') // no centre picked: not in the legend
    await user.click(screen.getByRole('combobox', { name: 'Centre application' }))
    await user.click(await screen.findByTitle('mall.mall-web'))
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Application dependency graph' }).textContent).toContain(
        'Centre application',
      ),
    )
    await user.click(screen.getByRole('button', { name: /Fit/ }))
    expect(screen.getByRole('img', { name: 'Application dependency graph' })).toBeTruthy()
  }, 60_000)

  it('labels the graph with short names on a phone, full names on a desktop', async () => {
    setSignedIn('viewer')
    const desktop = renderApp('/cmdb')
    await desktop.user.click(await screen.findByRole('tab', { name: 'Application dependencies' }, { timeout: 20_000 }))
    const wide = await screen.findByRole('img', { name: 'Application dependency graph' })
    await waitFor(() => expect(wide.textContent).toContain('mall.mall-web'))
    desktop.unmount()

    // A 390 px phone: antd's breakpoints read these media queries.
    const media = vi.spyOn(window, 'matchMedia').mockImplementation(
      (q: string) =>
        ({
          matches: Number(/min-width:\s*(\d+)px/.exec(q)?.[1] ?? Number.POSITIVE_INFINITY) <= 390,
          media: q,
          onchange: null,
          addListener() {},
          removeListener() {},
          addEventListener() {},
          removeEventListener() {},
          dispatchEvent: () => false,
        }) as unknown as MediaQueryList,
    )
    try {
      const phone = renderApp('/cmdb')
      await phone.user.click(await screen.findByRole('tab', { name: 'Application dependencies' }, { timeout: 20_000 }))
      const narrow = await screen.findByRole('img', { name: 'Application dependency graph' })
      await waitFor(() => expect(narrow.textContent).toContain('mall-web'))
      expect(narrow.textContent).not.toContain('mall.mall-web')
    } finally {
      media.mockRestore()
    }
  }, 60_000)
})
