import { describe, expect, it } from 'vitest'
import { type FieldWords, fieldChangeText } from './field-change-text'

const zh: FieldWords = {
  fieldNames: { 'properties.risk_level': '风险等级', description: '描述' },
  param: '参数 {name}',
  paramParts: { param_value: '值', sensitive: '敏感' },
  risk: { LOW: '低', MEDIUM: '中', HIGH: '高' },
  yes: '是',
  no: '否',
  sensitiveSuffix: '（敏感）',
}

describe('a changed script field in words', () => {
  it('names fields and values instead of API paths and enums', () => {
    expect(fieldChangeText({ field: 'properties.risk_level', before: 'LOW', after: 'HIGH' }, zh)).toEqual({
      field: '风险等级',
      before: '低',
      after: '高',
    })
    expect(fieldChangeText({ field: 'script_params.port.sensitive', before: 'false', after: 'true' }, zh)).toEqual({
      field: '参数 port · 敏感',
      before: '否',
      after: '是',
    })
    expect(fieldChangeText({ field: 'script_params.token', before: null, after: '****** (sensitive)' }, zh)).toEqual({
      field: '参数 token',
      before: null,
      after: '******（敏感）',
    })
    // A path the table does not know stays visible as sent rather than vanishing.
    expect(fieldChangeText({ field: 'properties.new_thing', before: 'a', after: 'b' }, zh).field).toBe(
      'properties.new_thing',
    )
  })
})
