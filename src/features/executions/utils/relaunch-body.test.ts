import { describe, expect, it } from 'vitest'
import type { ExecutionDetail, InstanceView } from '../../../contract/executions'
import { initialForm, relaunchBody } from './relaunch-body'

const host = (id: number, batchIndex: number, status: InstanceView['status']) =>
  ({ id, batchIndex, status, resourceId: `r-${id}`, hostName: `h${id}`, ip: `10.0.0.${id}` }) as InstanceView
const instances = [host(1, 1, 'FINISHED'), host(2, 1, 'ABNORMAL'), host(3, 2, 'CANCELED'), host(4, 2, 'FINISHED')]
const detail = {
  params: [
    { name: 'path', value: '/var/log', sensitive: false },
    { name: 'token', value: '******', sensitive: true },
  ],
  timeout: 300,
  successRate: 100,
  executeUser: 'root',
  batches: [
    { index: 1, rotation: 'PAUSE' },
    { index: 2, rotation: 'CONTINUE' },
  ],
} as unknown as ExecutionDetail

describe('relaunch body', () => {
  it('sends nothing but the defaults when nothing changed: the server keeps params, secrets and batches', () => {
    expect(relaunchBody(detail, instances, 'rerun', initialForm(detail, instances, 'rerun'))).toEqual({
      confirm_high_risk: false,
      hosts: 'all',
    })
    expect(relaunchBody(detail, instances, 'retry', initialForm(detail, instances, 'retry'))).toEqual({
      confirm_high_risk: false,
      hosts: 'failed',
    })
  })

  it('sends only edited values; a secret goes only when retyped, never as the mask', () => {
    const form = initialForm(detail, instances, 'rerun')
    expect(form.params.token).toBe('')
    const edited = { ...form, params: { path: '/tmp', token: '' }, timeout: 60 }
    expect(relaunchBody(detail, instances, 'rerun', edited)).toMatchObject({
      params: [{ param_name: 'path', param_value: '/tmp' }],
      options: { timeout: 60 },
    })
    const retyped = { ...form, params: { path: '/var/log', token: 'n3w' } }
    expect(relaunchBody(detail, instances, 'rerun', retyped).params).toEqual([
      { param_name: 'token', param_value: 'n3w' },
    ])
  })

  it('sends explicit batches for another host choice (keeping batch and rotation) or a new batch size', () => {
    const form = { ...initialForm(detail, instances, 'retry'), instanceIds: [2] }
    expect(relaunchBody(detail, instances, 'retry', form).execute_batches).toEqual([
      { batch_index: 1, rotation_strategy: 'PAUSE', target_instances: [{ resource_id: 'r-2' }] },
    ])
    const sized = { ...initialForm(detail, instances, 'rerun'), batchSize: 3 }
    expect(
      relaunchBody(detail, instances, 'rerun', sized).execute_batches?.map((b) => b.target_instances.length),
    ).toEqual([3, 1])
  })
})
