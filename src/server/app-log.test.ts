import { SILENT_LOG } from './lib/log'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { ExecutionEvents } from './modules/executions/execution-events'
import { iamToken, testApp } from './testing/test-app'

const INCIDENT = {
  region: ['cn-southwest-252'],
  enterprise_project: ['ab080d9f-6b97-4e73-8679-b6d76057f274'],
  current_cloud_service: ['65659ae2f42bf80e5f3f0635'],
  incident_level: 'level_50',
  is_service_interrupt: 'false',
  incident_type: 'inc_type_p_security_issues',
  incident_title: 'log line check',
  incident_description: 'log line check',
  incident_source: 'incident_source_manual',
  incident_assignee: ['admin'],
  creator: 'admin',
}

describe('service logs', { timeout: 120_000 }, () => {
  it('reach the app log: an incident transition is one structured line with its ids', async () => {
    const lines: Record<string, unknown>[] = []
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l))
        done()
      },
    })
    const app = await testApp({ logger: { level: 'info', stream } })
    const res = await app.inject({
      method: 'POST',
      url: '/v1/external/incident/create',
      headers: { 'x-auth-token': await iamToken(app) },
      payload: INCIDENT,
    })
    const num = (res.json().data as { incident_num: string }).incident_num
    const line = lines.find((l) => l.msg === 'incident transition')
    expect(line).toMatchObject({ module: 'incidents', incidentNum: num, action: 'create', from: null })
    expect(line?.incidentId).toEqual(expect.any(Number))
    expect(line?.tenantId).toEqual(expect.any(String))
  })

  it('log each ticket transition once, however many progress events carry it', () => {
    const logged: { obj: object; msg: string }[] = []
    const events = new ExecutionEvents({ ...SILENT_LOG, info: (obj, msg) => logged.push({ obj, msg }) })
    const ticket = (status: 'PROCESSING' | 'FINISHED') =>
      events.emit('t1', {
        type: 'ticket',
        executeUuid: 'SCT1',
        status,
        currentBatch: 1,
        counts: { READY: 0, PROCESSING: 1, ABNORMAL: 0, CANCELED: 0, FINISHED: 0 },
        finishedAt: null,
        message: '',
      })
    ticket('PROCESSING')
    ticket('PROCESSING')
    ticket('FINISHED')
    expect(logged).toEqual([
      { obj: { tenantId: 't1', executeUuid: 'SCT1', from: null, to: 'PROCESSING' }, msg: 'ticket transition' },
      { obj: { tenantId: 't1', executeUuid: 'SCT1', from: 'PROCESSING', to: 'FINISHED' }, msg: 'ticket transition' },
    ])
  })
})
