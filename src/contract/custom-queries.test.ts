import { describe, expect, it } from 'vitest'
import { customQueryProblems, customQueryRefusal } from './custom-queries'
import { renderRefusal } from './refusal-text'

describe('custom query problems', () => {
  it('says each problem in English as before and, when there are several, gives each its phrase', () => {
    const problems = customQueryProblems({
      condition: [
        {
          bk_obj_id: 'host',
          fields: [],
          condition: [
            { field: 'nope', operator: '$eq', value: 'x' },
            { field: 'bk_host_innerip', operator: '$in', value: '10.0.0.1' },
          ],
        },
      ],
    })
    const texts = problems.map((p) => renderRefusal(p, 'en-US'))
    expect(texts[0]).toMatch(/^condition\[0\]\.condition\[0\]\.field: host has no field nope \(/)
    expect(texts[1]).toBe('condition[0].condition[1].value: $in takes a list of values')
    const { said, details } = customQueryRefusal(problems)
    expect(said).toBe(texts.join('; '))
    expect(details.map((d) => d.message)).toEqual(texts)
    expect(details.every((d) => 'phrase' in d)).toBe(true)
    expect(renderRefusal(problems[1], 'zh-CN')).toBe('condition[0].condition[1]：$in 需要一组值')
    const one = customQueryRefusal([problems[1]])
    expect(one.said).toEqual(problems[1])
    expect(one.details).toEqual([{ path: 'info', message: texts[1] }])
  })
})
