import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

async function roleOptions() {
  const { user } = renderApp('/admin/users')
  // The route module loads lazily; on a busy machine that can take a few seconds.
  await user.click(await screen.findByRole('button', { name: /New user/ }, { timeout: 20_000 }))
  const dialog = await screen.findByRole('dialog')
  await user.click(within(dialog).getByLabelText('Role'))
  await screen.findAllByRole('option')
  // antd's accessible options carry the value; the visible items carry the translated labels.
  return [...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)
}

describe('users page roles', () => {
  it('offers the platform role, labelled, to a platform admin', async () => {
    setSignedIn('platform_admin')
    expect(await roleOptions()).toEqual(
      expect.arrayContaining(['Platform administrator', 'Tenant administrator', 'Operator']),
    )
  }, 60_000)

  it('never offers it to a tenant admin', async () => {
    setSignedIn('platform_admin').role = 'admin'
    const options = await roleOptions()
    expect(options).toContain('Tenant administrator')
    expect(options).not.toContain('Platform administrator')
  }, 60_000)
})
