import { describe, expect, it } from 'vitest'
import { batchLayoutIssues, EXECUTION_LIMITS, relaunchTimeoutMax, runsAgain, scriptRunIssues } from './execution-rules'
import { CLOSED_INCIDENT_STATUSES, INCIDENT_TRANSITIONS, type IncidentStatus, isOpenIncident } from './incidents'

describe('run rules shared by the BFF and the mocks', () => {
  it('lets a relaunch keep a plan step ticket’s longer timeout, never past the plan step limit', () => {
    expect(relaunchTimeoutMax(60)).toBe(1800)
    expect(relaunchTimeoutMax(1800)).toBe(1800)
    expect(relaunchTimeoutMax(7200)).toBe(7200)
    expect(relaunchTimeoutMax(90_000)).toBe(86_400)
  })

  const script = { name: 'restart', status: 'APPROVED', riskLevel: 'HIGH' }

  it('runs only an approved script, and a HIGH-risk one only when confirmed where the console asks', () => {
    expect(scriptRunIssues({ ...script, status: 'PENDING_APPROVE' }, true)).toEqual([
      {
        path: 'script_uuid',
        message: 'script restart is PENDING_APPROVE; only APPROVED scripts can be executed',
        phrase: { key: 'ticket.script-not-approved', params: { script: 'restart', scriptStatus: 'PENDING_APPROVE' } },
      },
    ])
    expect(scriptRunIssues(script, false)).toEqual([
      {
        path: 'confirm_high_risk',
        message: 'restart is a HIGH-risk script: confirm the execution explicitly',
        phrase: { key: 'ticket.confirm-high-risk', params: { script: 'restart' } },
      },
    ])
    expect(scriptRunIssues(script, true)).toEqual([])
    // The COC API has no confirmation flag.
    expect(scriptRunIssues(script, undefined)).toEqual([])
    expect(scriptRunIssues({ ...script, riskLevel: 'LOW' }, false)).toEqual([])
  })

  it('wants batches 1..n and at most hostsMax hosts', () => {
    const batch = (batch_index: number, n = 1) => ({ batch_index, target_instances: Array.from({ length: n }) })
    expect(batchLayoutIssues([batch(2), batch(1)])).toEqual([])
    expect(batchLayoutIssues([batch(1), batch(3)]).map((i) => i.message)).toEqual([
      'batch_index must run 1..n without gaps or repeats',
    ])
    expect(batchLayoutIssues([batch(1, EXECUTION_LIMITS.hostsMax), batch(2)]).map((i) => i.message)).toEqual([
      `at most ${EXECUTION_LIMITS.hostsMax} hosts per execution (${EXECUTION_LIMITS.hostsMax + 1} given)`,
    ])
  })

  it('runs again every host, or the failed ones (ABNORMAL, CANCELED)', () => {
    expect(runsAgain('FINISHED', 'all')).toBe(true)
    expect(runsAgain('FINISHED', 'failed')).toBe(false)
    expect(runsAgain('ABNORMAL', 'failed')).toBe(true)
    expect(runsAgain('CANCELED', 'failed')).toBe(true)
  })

  it('calls an incident open until it reaches a status without actions', () => {
    for (const status of Object.keys(INCIDENT_TRANSITIONS) as IncidentStatus[]) {
      const closed = (CLOSED_INCIDENT_STATUSES as readonly string[]).includes(status)
      expect(isOpenIncident(status)).toBe(!closed)
      if (closed) expect(Object.keys(INCIDENT_TRANSITIONS[status])).toEqual([])
    }
  })
})
