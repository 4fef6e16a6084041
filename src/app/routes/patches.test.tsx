import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('patch compliance page', () => {
  it('shows KPIs, charts and the node table, and drills into a node', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/patches')
    expect(await screen.findByText('Compliance ratio', {}, { timeout: 20_000 })).toBeTruthy()
    const total = db.patchReports.length
    const bad = db.patchReports.filter((r) => r.status === 'non_compliant').length
    expect(screen.getByText('Nodes').closest('.ant-statistic')?.textContent).toContain(String(total))
    expect(
      screen.getByText('Non-compliant', { selector: '.ant-statistic-title' }).closest('.ant-statistic')?.textContent,
    ).toContain(String(bad))
    expect(screen.getAllByRole('img', { name: /nodes|patches|Trend|Nodes by/ }).length).toBe(4)
    // Legend texts come from the SVG renderer.
    await waitFor(() =>
      expect(screen.getByRole('img', { name: 'Compliant vs non-compliant nodes' }).textContent).toContain('Compliant'),
    )

    const nonCompliant = db.patchReports.find((r) => r.status === 'non_compliant')!
    const row = (await screen.findByText(nonCompliant.name)).closest('tr')!
    await user.click(within(row).getByText(nonCompliant.name))
    const drawer = await screen.findByRole('dialog')
    expect(await within(drawer).findByText('openssl')).toBeTruthy()
    expect(within(drawer).getAllByText('Missing').length).toBeGreaterThan(0)
    expect(within(drawer).getByText('Pending reboot')).toBeTruthy()
  }, 60_000)

  it('filters the node table by status', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/patches')
    const compliant = db.patchReports.find((r) => r.status === 'compliant')!
    const bad = db.patchReports.find((r) => r.status === 'non_compliant')!
    expect(await screen.findByText(compliant.name, {}, { timeout: 20_000 })).toBeTruthy()
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByTitle('Non-compliant'))
    await waitFor(() => expect(screen.queryByText(compliant.name)).toBeNull())
    expect(screen.getByText(bad.name)).toBeTruthy()
    expect(screen.getByRole('button', { name: /Scan all online hosts/ })).toBeTruthy()
  }, 60_000)

  it('offers no scan button to a viewer and shows the empty state without reports', async () => {
    setSignedIn('viewer')
    db.patchReports = []
    renderApp('/patches')
    expect(await screen.findByText(/No compliance reports yet/, {}, { timeout: 20_000 })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Scan all online hosts/ })).toBeNull()
    expect(await screen.findByText('COC-DebianDefaultPatchBaseline')).toBeTruthy()
  })

  it('opens a drill-down from its link (filters and node in the URL); missing patches show no installed date', async () => {
    setSignedIn('viewer')
    const bad = db.patchReports.find((r) => r.status === 'non_compliant')!
    const { user, router } = renderApp(
      `/patches?compliant_status=non_compliant&group=${encodeURIComponent(bad.group!)}&node=${bad.instance_id}`,
    )
    const drawer = await screen.findByRole('dialog', {}, { timeout: 20_000 })
    expect(await within(drawer).findByText(`Patches of ${bad.name}`)).toBeTruthy()
    const openssl = (await within(drawer).findByText('openssl')).closest('tr')!
    expect(within(openssl).getByText('Missing')).toBeTruthy()
    expect(openssl.lastElementChild?.textContent).toBe('—')
    const bash = within(drawer).getByText('bash').closest('tr')!
    expect(bash.lastElementChild?.textContent).toMatch(/^2026-10-/)
    // The filter is on screen as a chip, and closing the drawer keeps the filters in the URL.
    expect(screen.getByText(`Group: ${bad.group}`)).toBeTruthy()
    await user.click(within(drawer.closest('.ant-drawer')!).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(router.state.location.search).not.toContain('node='))
    expect(router.state.location.search).toContain('compliant_status=non_compliant')
  }, 60_000)

  it('gives each patch its installed and available version and CVE ids, words when none are listed', async () => {
    setSignedIn('viewer')
    const bad = db.patchReports.find((r) => r.status === 'non_compliant')!
    renderApp(`/patches?node=${bad.instance_id}`)
    const drawer = await screen.findByRole('dialog', {}, { timeout: 20_000 })
    const openssl = (await within(drawer).findByText('openssl')).closest('tr')!
    expect(within(openssl).getByText('1.0.1-1+deb12u1')).toBeTruthy()
    expect(within(openssl).getByText('1.0.0-1')).toBeTruthy()
    const cve = within(openssl).getByRole('link', { name: 'CVE-2024-5535' })
    expect(cve.getAttribute('href')).toBe('https://www.cve.org/CVERecord?id=CVE-2024-5535')
    expect(within(openssl).getByRole('link', { name: 'CVE-2024-6119' })).toBeTruthy()
    // A half-installed package has no version to show and no CVE list: words, not blanks.
    const broken = within(drawer).getByText('broken-pkg').closest('tr')!
    expect(within(broken).getByText('Not installed')).toBeTruthy()
    expect(within(broken).getByText('None listed')).toBeTruthy()
    expect(
      within(drawer)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(expect.arrayContaining(['Installed version', 'Available version', 'CVE']))
  }, 60_000)

  it('breaks nodes down by application and host group from the CMDB', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/patches')
    const select = await screen.findByRole('combobox', { name: 'Nodes by' }, { timeout: 20_000 })
    await user.click(select)
    await user.click(await screen.findByTitle('Application'))
    const chart = await screen.findByRole('img', { name: 'Nodes by Application' })
    await waitFor(() => expect(chart.textContent).toContain('mall.mall-web'))
    await user.click(screen.getByRole('combobox', { name: 'Nodes by' }))
    await user.click(await screen.findByTitle('Host group'))
    const groups = await screen.findByRole('img', { name: 'Nodes by Host group' })
    await waitFor(() => expect(groups.textContent).toContain('Mall/frontend'))
  }, 60_000)

  it('shows scan age with stale scans and switches the trend between 7, 30 and 90 days', async () => {
    setSignedIn('viewer')
    renderApp('/patches')
    const stale = await screen.findByText('Stale scans (older than 7 days)', {}, { timeout: 20_000 })
    const old = db.patchReports.filter((r) => Date.now() - r.execution_summary.report_time > 7 * 86_400_000)
    expect(old.length).toBeGreaterThan(0)
    expect(stale.closest('.ant-statistic')?.textContent).toContain(String(old.length))
    // The statistic and the table come from different queries: under a loaded CI the table's rows may render later.
    // The table shows one page: each stale node on it, and only those, carries the tag.
    await screen.findByText(db.patchReports[0]!.name, {}, { timeout: 20_000 })
    const rows = screen.getAllByRole('row')
    const staleOnPage = old.filter((r) => rows.some((row) => within(row).queryByText(r.name)))
    expect(screen.queryAllByText('Stale').length).toBe(staleOnPage.length)
    for (const r of staleOnPage) {
      const row = rows.find((x) => within(x).queryByText(r.name))!
      expect(within(row).getByText('Stale')).toBeTruthy()
    }
    expect(screen.getByRole('radio', { name: '30 days' })).toBeTruthy()
    expect(screen.getByRole('radio', { name: '90 days' })).toBeTruthy()
  }, 60_000)

  it('patches chosen non-compliant hosts now: only they can be chosen, and the ticket opens', async () => {
    setSignedIn('operator')
    const { user, router } = renderApp('/patches?compliant_status=non_compliant')
    const bad = db.patchReports.filter((r) => r.status === 'non_compliant')
    const row = (await screen.findByText(bad[0]!.name, {}, { timeout: 20_000 })).closest('tr')!
    const button = screen.getByRole('button', { name: /Patch now \(0\)/ })
    expect(button.hasAttribute('disabled')).toBe(true)
    await user.click(within(row).getByRole('checkbox'))
    await user.click(screen.getByRole('button', { name: /Patch now \(1\)/ }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByText(/Up to 200 hosts at a time/)).toBeTruthy()
    expect(within(dialog).getByText(new RegExp(bad[0]!.name))).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Install now' }))
    await waitFor(() => expect(router.state.location.pathname).toMatch(/^\/tickets\/SCT/), { timeout: 20_000 })
    expect(db.executions[0]!.script.name).toBe('patch_install')
    expect(db.executions[0]!.params[0]).toMatchObject({ name: 'packages', value: 'libc6 openssl' })
  }, 60_000)

  it('lets no compliant host be chosen for Patch now', async () => {
    setSignedIn('operator')
    renderApp('/patches?compliant_status=compliant')
    const good = db.patchReports.find((r) => r.status === 'compliant')!
    const row = (await screen.findByText(good.name, {}, { timeout: 20_000 })).closest('tr')!
    expect(within(row).getByRole('checkbox').hasAttribute('disabled')).toBe(true)
  }, 60_000)
})
