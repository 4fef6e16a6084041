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

describe('console replicas', () => {
  it('shows the platform admin every replica, the one that answered, and what each holds', async () => {
    setSignedIn('platform_admin')
    renderApp('/admin/users')
    const card = (await screen.findByText('Console replicas', {}, { timeout: 20_000 })).closest(
      '.ant-card',
    ) as HTMLElement
    await within(card).findByText('app1-1')
    const rows = within(card).getAllByRole('row')
    const first = rows.find((r) => r.textContent?.includes('app1-1'))!
    expect(first.textContent).toContain('answered this page')
    expect(first.textContent).toMatch(/\d+ s ago/)
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(expect.arrayContaining(['7', '1']))
    expect(rows.find((r) => r.textContent?.includes('app2-1'))?.textContent).toContain('5')
    // The database they share, and how long it has run (the mock's started three hours ago).
    expect(within(card).getByText(/PostgreSQL 18\.1, running for 3 h/)).toBeTruthy()
  }, 60_000)

  it('is not shown to a tenant admin', async () => {
    setSignedIn('platform_admin').role = 'admin'
    renderApp('/admin/users')
    await screen.findByRole('button', { name: /New user/ }, { timeout: 20_000 })
    expect(screen.queryByText('Console replicas')).toBeNull()
  }, 60_000)

  it('speaks Chinese', async () => {
    setSignedIn('platform_admin')
    renderApp('/admin/users', { locale: 'zh-CN' })
    const card = (await screen.findByText('控制台副本', {}, { timeout: 20_000 })).closest('.ant-card') as HTMLElement
    expect(await within(card).findByText('响应本页面')).toBeTruthy()
    expect(within(card).getAllByText('驱动中的工单').length).toBeGreaterThan(0)
  }, 60_000)
})
