import { describe, expect, it } from 'vitest'
import { loginAs, testApp } from '../../testing/test-app'

const ALARM = {
  alarmName: 'Disk almost full',
  alarmLevel: 'Major',
  time: 1709118444540,
  nameSpace: 'shanghai',
  applicationId: 'shop',
  alarmDesc: 'disk /var at 95%',
  alarmStatus: 'alarm',
  alarmSource: 'coc',
}

describe('incidents of one host (the CMDB host drawer link)', () => {
  it('lists only the incidents with an alarm on the given resource id', async () => {
    const app = await testApp()
    const admin = await loginAs(app)
    const key = (
      await app.inject({ method: 'POST', url: '/api/integration-keys', headers: admin, payload: { name: 'mon' } })
    ).json().key as string
    const post = async (alarmId: string, resourceId: string) => {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/event/huawei/custom/${key}`,
        payload: { ...ALARM, alarmId, resourceId, resourceName: resourceId },
      })
      await app.services.integrations.drained()
      return res
    }
    expect((await post('a-1', 'host-res-1')).statusCode).toBe(200)
    expect((await post('a-2', 'host-res-2')).statusCode).toBe(200)
    const board = (url: string) => app.inject({ method: 'GET', url, headers: admin }).then((r) => r.json())
    expect(await board('/api/incidents')).toHaveLength(2)
    const one = await board('/api/incidents?resource_id=host-res-1')
    expect(one).toHaveLength(1)
    expect(one[0].alarm_count).toBe(1)
    expect(await board('/api/incidents?resource_id=nobody')).toEqual([])
  })
})
