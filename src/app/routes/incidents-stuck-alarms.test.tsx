import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { db } from '../../../mocks/db'
import { setSignedIn, setStuckAlarms } from '../../../mocks/scenarios'
import { stuckAlarmQueries } from '../../features/incidents/api/stuck-alarms-api'
import { renderApp } from '../../testing/render'

const rowOf = (section: HTMLElement, text: string) => within(section).getByText(text).closest('li') as HTMLElement

describe('stuck alarms (accepted by the webhook, never turned into incidents)', () => {
  it('warns admins on the board and in the integrations drawer, and retries and discards from the list', async () => {
    setSignedIn('platform_admin')
    const [first, second, third] = setStuckAlarms(3)
    second.last_error = 'duplicate key value violates unique constraint'
    const { user } = renderApp('/incidents')
    // The header says so without opening the drawer.
    expect(await screen.findByTitle('Alarms not turned into incidents: 3', {}, { timeout: 20_000 })).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Alarm integrations' }))
    const drawer = await screen.findByRole('dialog')
    const section = await within(drawer).findByRole('region', { name: 'Stuck alarms' })
    expect(within(section).getByText('3 alarms were accepted but could not be turned into incidents')).toBeTruthy()
    const row = rowOf(section, second.alarm_name)
    for (const label of ['Received', 'Integration key', 'Attempts', 'Last error'])
      expect(within(row).getByText(`${label}:`, { exact: false })).toBeTruthy()
    expect(within(row).getByText(second.alarm_id)).toBeTruthy()
    expect(within(row).getByText('prometheus')).toBeTruthy()
    expect(within(row).getByText('5')).toBeTruthy()
    expect(within(row).getByText('duplicate key value violates unique constraint')).toBeTruthy()

    await user.click(within(rowOf(section, first.alarm_name)).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(db.stuckAlarms.map((a) => a.id)).toEqual([second.id, third.id]))
    expect(
      await within(section).findByText('2 alarms were accepted but could not be turned into incidents'),
    ).toBeTruthy()
    expect(db.incidents[0]).toMatchObject({ title: first.alarm_name, source: 'incident_source_alarm' })

    await user.click(within(rowOf(section, second.alarm_name)).getByRole('button', { name: 'Discard' }))
    expect(await screen.findByText('Discard this alarm? It will never become an incident.')).toBeTruthy()
    expect(db.stuckAlarms).toHaveLength(2) // nothing discarded before the confirmation
    await user.click(await screen.findByRole('button', { name: 'OK' }))
    await waitFor(() => expect(db.stuckAlarms.map((a) => a.id)).toEqual([third.id]))
    expect(
      await within(section).findByText('1 alarm was accepted but could not be turned into an incident'),
    ).toBeTruthy()
    expect(screen.getByTitle('Alarms not turned into incidents: 1')).toBeTruthy()
  }, 60_000)

  it('shows nothing when no alarm is stuck', async () => {
    setSignedIn('platform_admin')
    const { user, queryClient } = renderApp('/incidents')
    await user.click(await screen.findByRole('button', { name: 'Alarm integrations' }, { timeout: 20_000 }))
    const drawer = await screen.findByRole('dialog')
    expect(await within(drawer).findByText('No integration keys yet')).toBeTruthy()
    // Absent because the answer was empty, not because it has not arrived yet.
    await waitFor(() => expect(queryClient.getQueryState(stuckAlarmQueries.list().queryKey)?.status).toBe('success'))
    expect(within(drawer).queryByRole('region', { name: 'Stuck alarms' })).toBeNull()
    expect(screen.queryByText(/could not be turned into/)).toBeNull()
    expect(screen.queryByTitle(/not turned into incidents/)).toBeNull()
  })

  it('does not ask for them for a non-admin', async () => {
    setSignedIn('operator')
    setStuckAlarms(2)
    const { queryClient } = renderApp('/incidents')
    await screen.findByText(db.incidents[0].title, {}, { timeout: 20_000 })
    expect(screen.queryByRole('button', { name: 'Alarm integrations' })).toBeNull()
    expect(queryClient.getQueryState(stuckAlarmQueries.list().queryKey)).toBeUndefined()
    expect(screen.queryByTitle(/not turned into incidents/)).toBeNull()
  })

  it('says it in Chinese', async () => {
    setSignedIn('platform_admin')
    const [alarm] = setStuckAlarms(1)
    const { user } = renderApp('/incidents', { locale: 'zh-CN' })
    expect(await screen.findByTitle('未能转换为事件的告警：1 条', {}, { timeout: 20_000 })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: '告警接入' }))
    const drawer = await screen.findByRole('dialog')
    const section = await within(drawer).findByRole('region', { name: '未转换的告警' })
    expect(within(section).getByText('有 1 条告警已接收，但未能转换为事件')).toBeTruthy()
    const row = rowOf(section, alarm.alarm_name)
    for (const label of ['接收时间', '接入密钥', '尝试次数', '最近错误'])
      expect(within(row).getByText(`${label}:`, { exact: false })).toBeTruthy()
    // antd spaces out a two-character Chinese button label.
    expect(within(row).getByRole('button', { name: '重 试' })).toBeTruthy()
    await user.click(within(row).getByRole('button', { name: '丢 弃' }))
    expect(await screen.findByText('丢弃此告警？它将不会再转换为事件。')).toBeTruthy()
  })
})
