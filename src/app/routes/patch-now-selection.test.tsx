import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { buildInstanceCompliant } from '../../../mocks/factories/patches'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('Patch now host choice at scale', () => {
  it('selects all non-compliant hosts of the view on the server, and refuses more than one ticket takes', async () => {
    setSignedIn('operator')
    // 300 non-compliant hosts: 150 in group "web", 150 in "db" (plus the default reports).
    db.patchReports.push(
      ...Array.from({ length: 300 }, (_, i) =>
        buildInstanceCompliant({ name: `bulk-${i}`, status: 'non_compliant', group: i % 2 ? 'web' : 'db' }),
      ),
    )
    const bad = db.patchReports.filter((r) => r.status === 'non_compliant').length
    const { user } = renderApp('/patches')
    const all = await screen.findByRole(
      'button',
      { name: `Select all ${bad} non-compliant hosts of this view` },
      {
        timeout: 20_000,
      },
    )
    await user.click(all)
    expect(await screen.findByText(new RegExp(`Not selected: ${bad} non-compliant hosts match`))).toBeTruthy()
    expect(screen.getByRole('button', { name: /Patch now \(0\)/ })).toBeTruthy()

    // Narrowed by name to bulk-1, bulk-1x and bulk-1xx: 111 hosts over pages of 10, all chosen at once.
    await user.type(screen.getByPlaceholderText('Search node name'), 'bulk-1{Enter}')
    const fits = await screen.findByRole('button', { name: /^Select all 1\d\d non-compliant hosts of this view$/ })
    expect(fits.textContent).toBe('Select all 111 non-compliant hosts of this view')
    await user.click(fits)
    await waitFor(() => expect(screen.getByRole('button', { name: /Patch now \(111\)/ })).toBeTruthy())
  }, 90_000)
})
