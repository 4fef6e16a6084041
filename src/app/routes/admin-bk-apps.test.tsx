import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn } from '../../../mocks/scenarios'
import { renderApp } from '../../testing/render'

describe('BlueKing API apps page', () => {
  it('registers an app, shows its secret once, lists it and revokes it', async () => {
    setSignedIn('platform_admin')
    const { user } = renderApp('/admin/bk-apps')
    const code = await screen.findByRole('textbox', { name: 'App code (bk_app_code)' }, { timeout: 20_000 })
    const register = screen.getByRole('button', { name: 'Register app' })
    await user.type(code, '1bad')
    expect((register as HTMLButtonElement).disabled).toBe(true)
    await user.clear(code)
    await user.type(code, 'esb_deploy')
    await user.type(screen.getByRole('textbox', { name: 'Description' }), 'release pipeline')
    await user.click(register)
    expect(await screen.findByText(/bk_app_secret=bks_mock-secret-shown-once/)).toBeTruthy()
    const row = (await screen.findByText('esb_deploy')).closest('tr')!
    expect(within(row).getByText('release pipeline')).toBeTruthy()
    expect(within(row).getByText('Active')).toBeTruthy()
    // The secret is not part of the list: closing the notice loses it for good.
    expect(db.bkApps[0]).not.toHaveProperty('secret')
    await user.click(within(row).getByRole('button', { name: 'Revoke' }))
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    expect(await within(row).findByText('Revoked')).toBeTruthy()
  }, 60_000)

  it('speaks Chinese', async () => {
    setSignedIn('platform_admin')
    renderApp('/admin/bk-apps', { locale: 'zh-CN' })
    expect(await screen.findByRole('button', { name: '注册应用' }, { timeout: 20_000 })).toBeTruthy()
  }, 60_000)
})
