import { describe, expect, it } from 'vitest'
import {
  compactId,
  formatScriptUuid,
  orderParams,
  paramListIssues,
  paramValueProblem,
  SCRIPT_UUID_PATTERN,
  SENSITIVE_MASK,
} from './script-rules'
import {
  CreateScriptBodySchema,
  ScriptListQuerySchema,
  SEED_CREATE_EXAMPLE as SEED_CREATE,
  UpdateScriptBodySchema,
} from './scripts'

const body = (patch: Record<string, unknown> = {}) => ({ ...SEED_CREATE, ...patch })
const props = (patch: Record<string, unknown>) => body({ properties: { ...SEED_CREATE.properties, ...patch } })
const param = (patch: Record<string, unknown> = {}, i = 1) => ({
  param_name: `p${i}`,
  param_value: 'v',
  param_description: '',
  param_order: i,
  sensitive: false,
  ...patch,
})
const failsAt = (input: unknown, path: string) => {
  const r = CreateScriptBodySchema.safeParse(input)
  expect(r.success).toBe(false)
  expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path)
}
const ok = (input: unknown) => expect(CreateScriptBodySchema.safeParse(input).success).toBe(true)

describe('create body limits (seed 4.2.1, SDK 6.2)', () => {
  it('accepts the seed example', () => ok(SEED_CREATE))

  it('name: 1–64 of letters, digits, _ (and CJK, as the SDK allows)', () => {
    ok(body({ name: 'a'.repeat(64) }))
    ok(body({ name: '巡检_脚本1' }))
    failsAt(body({ name: 'a'.repeat(65) }), 'name')
    failsAt(body({ name: '' }), 'name')
    failsAt(body({ name: 'has-dash' }), 'name')
    failsAt(body({ name: 'has space' }), 'name')
  })

  it('content 1–4096, description 1–256', () => {
    ok(body({ content: 'x'.repeat(4096), description: 'd'.repeat(256) }))
    failsAt(body({ content: 'x'.repeat(4097) }), 'content')
    failsAt(body({ content: '' }), 'content')
    failsAt(body({ description: 'd'.repeat(257) }), 'description')
    failsAt(body({ description: '' }), 'description')
  })

  it('enums: type, risk_level, protocol', () => {
    for (const type of ['SHELL', 'PYTHON', 'BAT']) ok(body({ type }))
    failsAt(body({ type: 'PERL' }), 'type')
    failsAt(props({ risk_level: 'CRITICAL' }), 'properties.risk_level')
    for (const protocol of ['DEFAULT', 'SMS', 'EMAIL', 'DING_TALK', 'WE_LINK', 'WECHAT', 'CALLNOTIFY', 'NOT_TO_NOTIFY'])
      ok(props({ protocol }))
    failsAt(props({ protocol: 'PIGEON' }), 'properties.protocol')
  })

  it('version 1–10 characters, required', () => {
    ok(props({ version: '1234567890' }))
    failsAt(props({ version: '12345678901' }), 'properties.version')
    failsAt(props({ version: '' }), 'properties.version')
    failsAt(body({ properties: { risk_level: 'LOW' } }), 'properties.version')
  })

  it('at most 5 reviewers, names 1–64', () => {
    const r = (i: number) => ({ reviewer_name: `r${i}`, reviewer_id: '' })
    ok(props({ reviewers: [1, 2, 3, 4, 5].map(r) }))
    failsAt(props({ reviewers: [1, 2, 3, 4, 5, 6].map(r) }), 'properties.reviewers')
    failsAt(props({ reviewers: [{ reviewer_name: '', reviewer_id: '' }] }), 'properties.reviewers.0.reviewer_name')
    failsAt(props({ reviewers: [{ reviewer_name: 'x'.repeat(65) }] }), 'properties.reviewers.0.reviewer_name')
  })

  it('at most 20 params; names 1–64 of letters, digits, _; value ≤ 1024; description ≤ 256; order 1–20', () => {
    ok(body({ script_params: Array.from({ length: 20 }, (_, i) => param({}, i + 1)) }))
    failsAt(body({ script_params: Array.from({ length: 21 }, (_, i) => param({}, i + 1)) }), 'script_params')
    failsAt(body({ script_params: [param({ param_name: 'a-b' })] }), 'script_params.0.param_name')
    failsAt(body({ script_params: [param({ param_name: 'n'.repeat(65) })] }), 'script_params.0.param_name')
    failsAt(body({ script_params: [param({ param_value: 'v'.repeat(1025) })] }), 'script_params.0.param_value')
    failsAt(
      body({ script_params: [param({ param_description: 'd'.repeat(257) })] }),
      'script_params.0.param_description',
    )
    failsAt(body({ script_params: [param({ param_order: 0 })] }), 'script_params.0.param_order')
    failsAt(body({ script_params: [param({ param_order: 21 })] }), 'script_params.0.param_order')
  })

  it('modify accepts the seed example (name and type included) and leaves properties optional', () => {
    expect(
      UpdateScriptBodySchema.safeParse({
        ...SEED_CREATE,
        properties: { risk_level: 'HIGH', version: '1.1.1', reviewers: [] },
      }).success,
    ).toBe(true)
    expect(UpdateScriptBodySchema.safeParse({ description: 'd', content: 'c' }).success).toBe(true)
    expect(UpdateScriptBodySchema.safeParse({ content: 'c' }).success).toBe(false)
  })
})

describe('list query (seed 4.2.2)', () => {
  it('limit 1–100 required, marker ≥ 0, name_like ≤ 32', () => {
    expect(ScriptListQuerySchema.safeParse({ limit: '100', marker: '0' }).success).toBe(true)
    expect(ScriptListQuerySchema.safeParse({}).success).toBe(false)
    expect(ScriptListQuerySchema.safeParse({ limit: '0' }).success).toBe(false)
    expect(ScriptListQuerySchema.safeParse({ limit: '101' }).success).toBe(false)
    expect(ScriptListQuerySchema.safeParse({ limit: '1', marker: '-1' }).success).toBe(false)
    expect(ScriptListQuerySchema.safeParse({ limit: '1', name_like: 'n'.repeat(33) }).success).toBe(false)
    expect(ScriptListQuerySchema.safeParse({ limit: '1', risk_level: 'NONE' }).success).toBe(false)
  })
})

describe('parameter rules', () => {
  it('value character set of the seed regex plus the SDK specials, and no ".."', () => {
    expect(paramValueProblem('')).toBeNull()
    expect(paramValueProblem(`abc_XYZ-09/.* ?:"',=+@#[]{}`)).toBeNull()
    expect(paramValueProblem('a..b')).toMatch(/\.\./)
    expect(paramValueProblem('../etc/passwd')).toMatch(/\.\./)
    for (const bad of ['$(id)', 'a;b', 'a|b', 'a&b', '`x`', 'a\nb', 'a\\b', 'a<b', '%s', '!x'])
      expect(paramValueProblem(bad)).not.toBeNull()
    expect(paramValueProblem('v'.repeat(1025))).toMatch(/1024/)
  })

  it('order from 1 and consecutive, unique names, order given for all or none', () => {
    expect(paramListIssues([param({}, 1), param({}, 2)])).toEqual([])
    expect(paramListIssues([param({ param_order: 2 }, 1), param({ param_order: 1 }, 2)])).toEqual([])
    expect(paramListIssues([param({ param_order: undefined }, 1), param({ param_order: undefined }, 2)])).toEqual([])
    expect(paramListIssues([param({}, 1), param({ param_order: 3 }, 2)])[0].message).toMatch(/consecutive/)
    expect(paramListIssues([param({ param_order: 2 }, 1)])[0].message).toMatch(/start at 1/)
    expect(paramListIssues([param({}, 1), param({ param_order: undefined }, 2)])[0].message).toMatch(
      /every parameter or for none/,
    )
    expect(paramListIssues([param({ param_name: 'x' }, 1), param({ param_name: 'x' }, 2)])[0]).toEqual({
      path: 'script_params[1].param_name',
      message: 'duplicate parameter name x',
    })
    expect(paramListIssues([param({ param_value: 'a;b' }, 1)])[0].path).toBe('script_params[0].param_value')
    expect(paramListIssues([param({ param_value: SENSITIVE_MASK, sensitive: true }, 1)])).toEqual([])
  })

  it('orders by param_order, else by position', () => {
    expect(orderParams([param({ param_order: 2 }, 1), param({ param_order: 1 }, 2)]).map((p) => p.param_name)).toEqual([
      'p2',
      'p1',
    ])
    expect(
      orderParams([param({ param_order: undefined }, 1), param({ param_order: undefined }, 2)]).map(
        (p) => p.param_order,
      ),
    ).toEqual([1, 2])
  })
})

describe('ids', () => {
  it('script_uuid is SC + UTC timestamp + 9 hex = 25 characters, like the seed', () => {
    const id = formatScriptUuid(new Date(Date.UTC(2023, 9, 25, 21, 41, 37)), '01c4a8a62ff')
    expect(id).toBe('SC2023102521413701c4a8a62')
    expect(id).toHaveLength(25)
    expect(SCRIPT_UUID_PATTERN.test(id)).toBe(true)
    expect(SCRIPT_UUID_PATTERN.test('SC2023102521413701c4a8a6')).toBe(false)
  })

  it('reviewer ids come out as 32 hex characters', () => {
    expect(compactId('7A8513CD-87B7-4482-83A1-D5190EB91234')).toBe('7a8513cd87b7448283a1d5190eb91234')
  })
})
