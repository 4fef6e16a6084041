import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ScriptListItemSchema } from '../../contract/scripts'
import { plainJsonSchema, responseSerializerCompiler } from './response-serializer'

const compile = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/t', httpStatus: '200' } as never) as (d: unknown) => string

describe('response serializer', () => {
  const Item = z.object({
    id: z.number().int(),
    name: z.string(),
    note: z.string().nullable(),
    tags: z.array(z.object({ key: z.string() })).optional(),
    kind: z.union([z.object({ k: z.literal('a'), n: z.number() }), z.object({ k: z.literal('b'), s: z.string() })]),
  })

  it('writes only what the contract declares, nested and inside unions (nothing else leaks)', () => {
    const out = compile(Item)({
      id: 7,
      name: 'x',
      note: null,
      password: 'secret',
      tags: [{ key: 'k', internal: 1 }],
      kind: { k: 'b', s: 's', hidden: true },
    })
    expect(JSON.parse(out)).toEqual({ id: 7, name: 'x', note: null, tags: [{ key: 'k' }], kind: { k: 'b', s: 's' } })
    expect(out).not.toContain('secret')
    expect(out).not.toContain('internal')
    expect(out).not.toContain('hidden')
  })

  it('fails a response that lacks a required property instead of sending it incomplete', () => {
    expect(() => compile(Item)({ id: 1, note: null, kind: { k: 'a', n: 1 } })).toThrow(/name/)
  })

  it('writes the same JSON as zod for a COC list item', () => {
    const item = {
      id: 1,
      script_uuid: 'SC2026',
      enterprise_project_id: '0',
      name: 'n',
      type: 'SHELL',
      status: 'APPROVED',
      gmt_created: 1,
      gmt_modified: 2,
      creator: 'a',
      creator_id: 'b',
      operator: 'c',
      properties: {
        risk_level: 'LOW',
        version: '1.0.0',
        reviewers: [{ reviewer_name: 'r', reviewer_id: 'i' }],
        protocol: 'DEFAULT',
      },
    }
    expect(plainJsonSchema(ScriptListItemSchema)).toBeDefined()
    expect(compile(ScriptListItemSchema)(item)).toBe(JSON.stringify(ScriptListItemSchema.parse(item)))
  })

  it('leaves schemas that change values (transforms, defaults, dates) to zod', () => {
    const withTransform = z.object({ at: z.string().transform((s) => s.length) })
    const withDefault = z.object({ n: z.number().default(3) })
    const withDate = z.object({ d: z.date() })
    for (const s of [withTransform, withDefault, withDate]) expect(plainJsonSchema(s)).toBeUndefined()
    expect(() => compile(withDate)({ d: 'not a date' })).toThrow()
  })
})
