import { renderRefusal } from './refusal-text'
import { describe, expect, it } from 'vitest'
import { approvalOutcome, canWithdraw, standingOf } from './approvals'
import {
  PlanDefinitionSchema,
  planProblems,
  resolveVariables,
  stepBatchSizes,
  stepHosts,
  unknownHostIssues,
  unknownUserIssues,
} from './job-plans'
import { nextRunAction, settleStep, ticketOutcome } from './plan-run-machine'

const def = (over: object) =>
  PlanDefinitionSchema.parse({
    hosts: ['h1', 'h2', 'h3'],
    steps: [{ kind: 'script', name: 'a', scriptUuid: 's1' }],
    ...over,
  })

describe('plan validation', () => {
  it('names the host ids that are not hosts of the tenant, per place', () => {
    const d = def({
      variables: [{ name: 'targets', type: 'hosts', default: 'h1, ghost' }],
      steps: [
        { kind: 'script', name: 'a', scriptUuid: 's1', hosts: { resourceIds: ['h2', 'x', 'x'] } },
        { kind: 'confirm', name: 'c', message: 'ok?' },
      ],
    })
    expect(unknownHostIssues(d, new Set(['h1', 'h2', 'h3']))).toEqual([
      { path: 'steps[0].hosts.resourceIds', message: 'no host x in this tenant' },
      { path: 'variables[0].default', message: 'no host ghost in this tenant' },
    ])
    expect(unknownHostIssues(d, new Set(['h1', 'h2']))[0]).toEqual({
      path: 'hosts',
      message: 'no host h3 in this tenant',
    })
    expect(unknownHostIssues(d, new Set(['h1', 'h2', 'h3', 'x', 'ghost']))).toEqual([])
  })

  it('accepts a plain plan and fills the defaults', () => {
    const d = def({})
    expect(planProblems(d)).toEqual([])
    expect(d.steps[0]).toMatchObject({ timeout: 300, executeUser: 'root', ignoreErrors: false, batching: { size: 10 } })
  })

  it('takes step timeouts up to seed 002’s 86400 s (bk-job steps), not the COC ticket cap of 1800', () => {
    const timeoutOf = (timeout: number) =>
      PlanDefinitionSchema.safeParse({ steps: [{ kind: 'script', name: 'a', scriptUuid: 's1', timeout }] })
    expect(timeoutOf(7200).success).toBe(true)
    expect(timeoutOf(86_400).success).toBe(true)
    const over = timeoutOf(86_401)
    expect(over.success).toBe(false)
    expect(over.error?.issues[0]?.message).toBe('timeout: 5–86400 s')
    expect(timeoutOf(4).success).toBe(false)
    const file = PlanDefinitionSchema.safeParse({
      steps: [{ kind: 'file', name: 'f', targetPath: '/tmp', timeout: 7200 }],
    })
    expect(file.success).toBe(true)
  })

  it('names each problem with its path', () => {
    const d = def({
      hosts: [],
      variables: [
        { name: 'env', type: 'text', default: 'prod', allowed: ['dev', 'test'] },
        { name: 'env', type: 'text' },
        { name: 'pw', type: 'sensitive', allowed: ['x'] },
      ],
      steps: [
        { kind: 'script', name: 'a', scriptUuid: 's', params: [{ name: 'p', variable: 'nope' }, { name: 'q' }] },
        { kind: 'script', name: 'a', scriptUuid: 's', hosts: { variable: 'env' } },
        { kind: 'approval', name: 'ok?', approvers: { users: [], roles: [] } },
      ],
    })
    const paths = planProblems(d).map((i) => i.path)
    expect(paths).toEqual([
      'variables[0].default',
      'variables[1].name',
      'variables[2].allowed',
      'steps[0].hosts',
      'steps[0].params[0].variable',
      'steps[0].params[1]',
      'steps[1].name',
      'steps[1].hosts.variable',
      'steps[2].approvers',
    ])
    // Each is said by a phrase whose English is the message as before, so a Chinese editor can say them all.
    const problems = planProblems(d)
    for (const p of problems) expect(renderRefusal(p.phrase!, 'en-US')).toBe(`${p.path}: ${p.message}`)
    expect(problems.find((p) => p.path === 'steps[1].name')?.message).toBe('step name a is used twice')
    expect(renderRefusal(problems.find((p) => p.path === 'steps[2].approvers')!.phrase!, 'zh-CN')).toBe(
      'steps[2]：请至少指定一个审批人（用户或角色）',
    )
  })

  it('batches as the wizard does, and refuses layouts the engine refuses', () => {
    expect(stepBatchSizes({ mode: 'size', size: 2, expression: '', pauseAfterEach: false }, 5)).toEqual({
      sizes: [2, 2, 1],
    })
    expect(stepBatchSizes({ mode: 'expression', size: 10, expression: '1 50%', pauseAfterEach: false }, 4)).toEqual({
      sizes: [1, 2, 1],
    })
    expect(
      stepBatchSizes({ mode: 'expression', size: 10, expression: '11', pauseAfterEach: false }, 11),
    ).toHaveProperty('error')
    expect(
      planProblems(
        def({
          steps: [{ kind: 'script', name: 'a', scriptUuid: 's', batching: { mode: 'expression', expression: '' } }],
        }),
      )[0]!.path,
    ).toBe('steps[0].batching')
  })

  it('takes a step’s hosts from its own list, a host-list variable, or the plan', () => {
    expect(stepHosts({ hosts: {} }, ['p'], {})).toEqual(['p'])
    expect(stepHosts({ hosts: { resourceIds: ['x'] } }, ['p'], {})).toEqual(['x'])
    expect(stepHosts({ hosts: { variable: 'hs' } }, ['p'], { hs: 'a, b,,a c' })).toEqual(['a', 'b', 'c'])
  })

  it('resolves run variables over defaults, with required and allowed values', () => {
    const vars = def({
      variables: [
        { name: 'env', type: 'text', default: 'dev', allowed: ['dev', 'prod'] },
        { name: 'who', type: 'text', required: true },
      ],
    }).variables
    expect(resolveVariables(vars, { who: 'me' })).toEqual({ values: { env: 'dev', who: 'me' }, issues: [] })
    expect(resolveVariables(vars, { env: 'qa', extra: '1' }).issues.map((i) => i.path)).toEqual([
      'variables.extra',
      'variables.env',
      'variables.who',
    ])
    // Each says why in both languages; the English is the sentence the server always sent.
    const [allowed] = resolveVariables(vars, { env: 'qa', who: 'me' }).issues
    expect(allowed).toMatchObject({ path: 'variables.env', message: 'env must be one of dev, prod' })
    expect(renderRefusal(allowed!.phrase!, 'en-US')).toBe('variables.env: env must be one of dev, prod')
    expect(renderRefusal(allowed!.phrase!, 'zh-CN')).toBe('变量 env 只能取以下值之一：dev, prod')
  })
})

describe('plan-run state machine', () => {
  const s = (status: string, kind = 'script', ignoreErrors = false) => ({ kind, status, ignoreErrors }) as never

  it('starts the first step not passed, waits on running ones, finishes after the last', () => {
    expect(nextRunAction({ status: 'running', steps: [s('pending'), s('pending')] })).toEqual({
      type: 'start',
      index: 0,
      kind: 'script',
    })
    expect(nextRunAction({ status: 'running', steps: [s('finished'), s('ignored'), s('pending', 'confirm')] })).toEqual(
      {
        type: 'start',
        index: 2,
        kind: 'confirm',
      },
    )
    expect(nextRunAction({ status: 'running', steps: [s('finished'), s('running')] })).toBeNull()
    expect(nextRunAction({ status: 'running', steps: [s('finished'), s('ignored')] })).toEqual({ type: 'finish' })
    expect(nextRunAction({ status: 'waiting', steps: [s('waiting', 'confirm')] })).toBeNull()
    expect(nextRunAction({ status: 'failed', steps: [s('failed')] })).toBeNull()
  })

  it('stops on a failure unless the step ignores errors; approvals and confirmations cannot be ignored', () => {
    expect(settleStep(s('running'), 'ok')).toEqual({ step: 'finished', run: null })
    expect(settleStep(s('running'), 'failed')).toEqual({ step: 'failed', run: 'failed' })
    expect(settleStep(s('running', 'script', true), 'failed')).toEqual({ step: 'ignored', run: null })
    expect(settleStep(s('running'), 'canceled')).toEqual({ step: 'canceled', run: 'canceled' })
    expect(settleStep(s('waiting', 'approval', true), 'canceled')).toEqual({ step: 'canceled', run: 'rejected' })
    expect(settleStep(s('waiting', 'confirm', true), 'canceled')).toEqual({ step: 'canceled', run: 'canceled' })
  })

  it('reads ticket statuses as outcomes', () => {
    expect(['FINISHED', 'ABNORMAL', 'CANCELED', 'PAUSED', 'PROCESSING'].map(ticketOutcome)).toEqual([
      'ok',
      'failed',
      'canceled',
      null,
      null,
    ])
  })
})

describe('approval rules', () => {
  const approvers = { users: ['ann', 'bob'], roles: ['admin'] }

  it('any: the first approval passes; any reject rejects', () => {
    expect(approvalOutcome(approvers, 'any', [])).toBe('pending')
    expect(approvalOutcome(approvers, 'any', [{ actor: 'bob', role: 'operator', action: 'approve' }])).toBe('approved')
    expect(
      approvalOutcome(approvers, 'any', [
        { actor: 'bob', role: 'operator', action: 'approve' },
        { actor: 'ann', role: 'operator', action: 'reject' },
      ]),
    ).toBe('rejected')
  })

  it('all: every named user and one holder of each role, delegates counting for who handed over', () => {
    const votes = [
      { actor: 'ann', role: 'operator', action: 'approve' as const },
      { actor: 'bob', role: 'operator', action: 'delegate' as const, target: 'cat' },
    ]
    expect(approvalOutcome(approvers, 'all', votes)).toBe('pending')
    expect(standingOf(approvers, votes, 'cat', 'viewer')).toEqual({ user: 'bob', role: 'operator' })
    expect(standingOf(approvers, votes, 'bob', 'operator')).toBeNull()
    expect(standingOf(approvers, votes, 'ann', 'operator')).toBeNull()
    expect(standingOf(approvers, votes, 'dan', 'admin')).toEqual({ user: 'dan', role: 'admin' })
    const more = [
      ...votes,
      { actor: 'cat', role: 'viewer', action: 'approve' as const, onBehalfOf: { user: 'bob', role: 'operator' } },
    ]
    expect(approvalOutcome(approvers, 'all', more)).toBe('pending')
    expect(
      approvalOutcome(approvers, 'all', [...more, { actor: 'dan', role: 'admin', action: 'approve' as const }]),
    ).toBe('approved')
  })
})

describe('who may withdraw a waiting request', () => {
  const waiting = { status: 'pending' as const, isConsoleRun: true, isRequester: true }
  it('the requester or an admin, only a pending console run', () => {
    expect(canWithdraw(waiting, 'operator')).toBe(true)
    expect(canWithdraw({ ...waiting, isRequester: false }, 'operator')).toBe(false)
    expect(canWithdraw({ ...waiting, isRequester: false }, 'reviewer')).toBe(false)
    expect(canWithdraw({ ...waiting, isRequester: false }, 'admin')).toBe(true)
    expect(canWithdraw({ ...waiting, isRequester: false }, 'platform_admin')).toBe(true)
    expect(canWithdraw({ ...waiting, isConsoleRun: false }, 'admin')).toBe(false)
    for (const status of ['approved', 'rejected', 'timeout', 'canceled', 'withdrawn'] as const)
      expect(canWithdraw({ ...waiting, status }, 'admin')).toBe(false)
  })
})

describe('users a plan names', () => {
  it('one issue per confirmation or approval step naming users the tenant has not', () => {
    const d = def({
      steps: [
        { kind: 'confirm', name: 'c', confirmers: { users: ['ann', 'ghost', 'ghost'] } },
        { kind: 'approval', name: 'a', approvers: { users: ['bob'] } },
        { kind: 'approval', name: 'b', approvers: { users: [], roles: ['admin'] } },
      ],
    })
    expect(unknownUserIssues(d, new Set(['ann', 'bob']))).toEqual([
      { path: 'steps[0].confirmers.users', message: 'no user ghost in this tenant' },
    ])
    expect(unknownUserIssues(d, new Set(['ann']))).toEqual([
      { path: 'steps[0].confirmers.users', message: 'no user ghost in this tenant' },
      { path: 'steps[1].approvers.users', message: 'no user bob in this tenant' },
    ])
    expect(unknownUserIssues(d, new Set(['ann', 'bob', 'ghost']))).toEqual([])
  })
})
