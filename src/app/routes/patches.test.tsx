import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('patch compliance page', () => {
  it('shows KPIs, charts and the node table, and drills into a node', async () => {
    setSignedIn('viewer')
    const { user } = renderApp('/patches')
    expect(await screen.findByText('Compliance ratio')).toBeTruthy()
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
  })

  it('filters the node table by status', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/patches')
    const compliant = db.patchReports.find((r) => r.status === 'compliant')!
    const bad = db.patchReports.find((r) => r.status === 'non_compliant')!
    expect(await screen.findByText(compliant.name)).toBeTruthy()
    await user.click(screen.getByRole('combobox', { name: 'Status' }))
    await user.click(await screen.findByTitle('Non-compliant'))
    await waitFor(() => expect(screen.queryByText(compliant.name)).toBeNull())
    expect(screen.getByText(bad.name)).toBeTruthy()
    expect(screen.getByRole('button', { name: /Scan all online hosts/ })).toBeTruthy()
  })

  it('offers no scan button to a viewer and shows the empty state without reports', async () => {
    setSignedIn('viewer')
    db.patchReports = []
    renderApp('/patches')
    expect(await screen.findByText(/No compliance reports yet/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Scan all online hosts/ })).toBeNull()
    expect(await screen.findByText('COC-DebianDefaultPatchBaseline')).toBeTruthy()
  })
})
