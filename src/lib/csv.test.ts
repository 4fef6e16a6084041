import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'

describe('toCsv', () => {
  it('quotes, escapes, neutralises formulas and adds a BOM', () => {
    const csv = toCsv(
      [
        { a: 'x,y', b: 'say "hi"', c: '=cmd()' },
        { a: null, b: 2, c: '中文' },
      ],
      [
        { header: 'A', value: (r) => r.a },
        { header: 'B', value: (r) => r.b },
        { header: 'C', value: (r) => r.c },
      ],
    )
    expect(csv).toBe('\uFEFFA,B,C\r\n"x,y","say ""hi""",\'=cmd()\r\n,2,中文\r\n')
  })
})
