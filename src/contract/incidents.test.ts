import { describe, expect, it } from 'vitest'
import {
  allowedActions,
  CreateIncidentBodySchema,
  handleOutcome,
  INCIDENT_TRANSITIONS,
  IncidentStatusSchema,
  nextStatus,
  OperateKeySchema,
} from './incidents'

describe('incident state machine', () => {
  const legal: [string, string, boolean, string][] = [
    ['incident_draft', 'submitDraft1', true, 'INCIDENT_STATUS_TRIGGERED'],
    ['INCIDENT_STATUS_TRIGGERED', 'acceptedIncident1', true, 'INCIDENT_STATUS_ACKNOWLEDGED'],
    ['INCIDENT_STATUS_TRIGGERED', 'rejectIncident1', true, 'INCIDENT_STATUS_REJECTED'],
    ['INCIDENT_STATUS_ACKNOWLEDGED', 'commitSolution1', true, 'INCIDENT_STATUS_RESOLVED'],
    ['INCIDENT_STATUS_RESOLVED', 'confirm', true, 'INCIDENT_STATUS_COMPLETED'],
    ['INCIDENT_STATUS_RESOLVED', 'confirm', false, 'INCIDENT_STATUS_ACKNOWLEDGED'],
  ]
  it.each(legal)('%s --%s(%s)--> %s', (from, key, ok, to) => {
    expect(nextStatus(from as never, key as never, ok)).toBe(to)
  })

  it('refuses every other status × key pair', () => {
    const allowed = new Set(legal.map(([f, k]) => `${f}|${k}`))
    for (const s of IncidentStatusSchema.options) {
      for (const k of OperateKeySchema.options) {
        if (!allowed.has(`${s}|${k}`)) expect(nextStatus(s, k), `${s} ${k}`).toBeNull()
      }
    }
  })

  it('has no way out of COMPLETED and REJECTED, and lists allowed actions from the table', () => {
    expect(allowedActions('INCIDENT_STATUS_COMPLETED')).toEqual([])
    expect(allowedActions('INCIDENT_STATUS_REJECTED')).toEqual([])
    expect(allowedActions('INCIDENT_STATUS_TRIGGERED')).toEqual(
      Object.keys(INCIDENT_TRANSITIONS.INCIDENT_STATUS_TRIGGERED),
    )
  })
})

describe('create body', () => {
  const seed = {
    region: ['cn-southwest-252'],
    enterprise_project: ['ab080d9f-6b97-4e73-8679-b6d76057f274'],
    current_cloud_service: ['65659ae2f42bf80e5f3f0635'],
    incident_level: 'level_50',
    is_service_interrupt: 'true',
    incident_type: 'inc_type_p_security_issues',
    incident_title: '测试时间单号10001',
    incident_description: '测试时间单号10001',
    incident_source: 'incident_source_manual',
    incident_assignee: ['7da46971b7e24eed90cf777cc2ff8b91'],
    creator: '7da46971b7e24eed90cf777cc2ff8b91',
    assignee_scene: '',
    assignee_role: '',
  }

  it('accepts the seed example, with is_service_interrupt as string or boolean', () => {
    expect(CreateIncidentBodySchema.parse(seed).is_service_interrupt).toBe(true)
    expect(CreateIncidentBodySchema.parse({ ...seed, is_service_interrupt: false }).is_service_interrupt).toBe(false)
  })

  it('needs an assignee or a scene (seed or SDK spelling), and enforces limits and enums', () => {
    const none = { ...seed, incident_assignee: [] }
    expect(CreateIncidentBodySchema.safeParse(none).success).toBe(false)
    expect(
      CreateIncidentBodySchema.safeParse({ ...none, assignee_scene: 'oncall', assignee_role: 'sre' }).success,
    ).toBe(true)
    expect(
      CreateIncidentBodySchema.safeParse({ ...none, assignee_scenario: 'oncall', assignee_role: 'sre' }).success,
    ).toBe(true)
    for (const bad of [
      { incident_title: 'x'.repeat(201) },
      { incident_description: 'x'.repeat(601) },
      { incident_level: 'level_60' },
      { incident_type: 'inc_type_nope' },
      { incident_source: 'email' },
      { region: ['a', 'b'] },
      { current_cloud_service: ['a', 'b'] },
      { is_service_interrupt: 'yes' },
    ]) {
      expect(CreateIncidentBodySchema.safeParse({ ...seed, ...bad }).success, JSON.stringify(bad)).toBe(false)
    }
    // The seed's limits allow no application, an empty one and empty texts (SDK: both optional).
    const { current_cloud_service: _app, incident_description: _desc, ...bare } = seed
    for (const ok of [
      bare,
      { ...seed, current_cloud_service: [] },
      { ...seed, incident_title: '', incident_description: '' },
    ])
      expect(CreateIncidentBodySchema.safeParse(ok).success, JSON.stringify(ok)).toBe(true)
  })
})

describe('handle outcome (BFF and mocks)', () => {
  const by = { userId: 'u-1', now: 1_000 }
  const triggered = { status: 'INCIDENT_STATUS_TRIGGERED' as const, acknowledged_at: null }

  it('accepting makes the caller the owner and stamps the first acceptance only', () => {
    expect(handleOutcome(triggered, 'acceptedIncident1', {}, by)).toEqual({
      status: 'INCIDENT_STATUS_ACKNOWLEDGED',
      acknowledged_at: 1_000,
      assignee: 'u-1',
    })
    expect(handleOutcome({ ...triggered, acknowledged_at: 5 }, 'acceptedIncident1', {}, by)?.acknowledged_at).toBe(5)
  })

  it('a solution sets the diagnosed type and resolves; confirming completes or reopens', () => {
    const solution = { mtm_type: 'inc_type_p_security_issues', is_service_interrupt: true, cause: 'c', solution: 's' }
    expect(
      handleOutcome({ status: 'INCIDENT_STATUS_ACKNOWLEDGED', acknowledged_at: 1 }, 'commitSolution1', solution, by),
    ).toEqual({
      status: 'INCIDENT_STATUS_RESOLVED',
      type: 'inc_type_p_security_issues',
      mtm_type: 'inc_type_p_security_issues',
      is_service_interrupt: true,
      cause: 'c',
      solution: 's',
      handle_time: 1_000,
      resolved_at: 1_000,
    })
    const resolved = { status: 'INCIDENT_STATUS_RESOLVED' as const, acknowledged_at: 1 }
    expect(handleOutcome(resolved, 'confirm', { virtual_confirm_result: true }, by)).toEqual({
      status: 'INCIDENT_STATUS_COMPLETED',
      completed_at: 1_000,
    })
    expect(handleOutcome(resolved, 'confirm', { virtual_confirm_result: false }, by)).toEqual({
      status: 'INCIDENT_STATUS_ACKNOWLEDGED',
      resolved_at: null,
    })
  })

  it('refuses what the state machine refuses', () => {
    expect(handleOutcome(triggered, 'confirm', {}, by)).toBeNull()
  })
})
