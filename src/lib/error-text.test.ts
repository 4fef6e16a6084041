import { describe, expect, it } from 'vitest'
import { ApiError } from './api-client'
import { describeError, errorText } from './error-text'

describe('error text', () => {
  it('puts the reason in the reader language before the server detail', () => {
    const err = new ApiError(409, 'CONFLICT', 'A baseline named x already exists', {})
    expect(errorText(err, 'en-US')).toBe('Not possible with the data as it stands: A baseline named x already exists')
    expect(errorText(err, 'zh-CN')).toBe('与当前数据冲突，无法执行: A baseline named x already exists')
  })

  it('falls back to the status for codes it does not know, never showing the code', () => {
    const err = new ApiError(400, 'FST_ERR_VALIDATION', 'body/name must match', {})
    expect(describeError(err, 'zh-CN')).toEqual({ reason: '输入未被接受', detail: 'body/name must match' })
    expect(errorText(new ApiError(403, 'APIGW.0302', 'no', {}), 'en-US')).toMatch(/^You do not have permission/)
    expect(errorText(new ApiError(418, 'X', 'teapot', {}), 'en-US')).toBe('The input was refused: teapot')
  })

  it('drops generic server sentences and names an unreachable console', () => {
    expect(errorText(new ApiError(502, 'HTTP_502', 'Request failed (502)', null), 'en-US')).toBe(
      'The console failed to answer; try again',
    )
    expect(errorText(new ApiError(500, 'INTERNAL', 'Internal server error', {}), 'zh-CN')).toBe(
      '控制台未能响应，请重试',
    )
    expect(errorText(new TypeError('Failed to fetch'), 'en-US')).toBe(
      'The console cannot be reached; check the connection',
    )
  })

  it('says a refusal phrase of the body in the reader language, and ignores one it does not know', () => {
    const body = (phrase: unknown) => ({ error: { code: 'CONFLICT', message: 'The run is already finished', phrase } })
    const err = new ApiError(
      409,
      'CONFLICT',
      'The run is already finished',
      body({ key: 'run.already-ended', params: { runStatus: 'finished' } }),
    )
    expect(errorText(err, 'zh-CN')).toBe('与当前数据冲突，无法执行: 该执行已结束（已完成）')
    expect(errorText(err, 'en-US')).toBe('Not possible with the data as it stands: The run is already finished')
    // A key from a newer server, or a malformed phrase: the English sentence, as before phrases.
    for (const phrase of [{ key: 'run.from-the-future', params: {} }, { key: 'run.already-ended' }, 'x']) {
      const odd = new ApiError(409, 'CONFLICT', 'The run is already finished', body(phrase))
      expect(errorText(odd, 'zh-CN')).toBe('与当前数据冲突，无法执行: The run is already finished')
    }
  })

  it('says the phrase a COC body carries when the console asked for it (the SPA calls some /v1 routes)', () => {
    const coc = {
      error_code: 'COC.00040601',
      error_msg: 'The run is already finished',
      request_id: 'r',
      phrase: { key: 'run.already-ended', params: { runStatus: 'finished' } },
    }
    const err = new ApiError(409, 'COC.00040601', 'The run is already finished', coc)
    expect(errorText(err, 'zh-CN')).toBe('与当前数据冲突，无法执行: 该执行已结束（已完成）')
  })

  it('says each problem of a refusal that lists several by its phrase, when it knows them all', () => {
    const details = [
      { path: 'a', message: 'x', phrase: { key: 'run.already-ended', params: { runStatus: 'finished' } } },
      { path: 'b', message: 'y', phrase: { key: 'run.already-ended', params: { runStatus: 'canceled' } } },
    ]
    const body = (d: unknown[]) => ({ error: { code: 'VALIDATION', message: 'a: x; b: y', details: d } })
    const err = new ApiError(400, 'VALIDATION', 'a: x; b: y', body(details))
    expect(errorText(err, 'zh-CN')).toBe('输入未被接受: 该执行已结束（已完成）；该执行已结束（已取消）')
    // One problem the SPA cannot say: the English sentence, as before.
    const odd = new ApiError(400, 'VALIDATION', 'a: x; b: y', body([details[0], { path: 'b', message: 'y' }]))
    expect(errorText(odd, 'zh-CN')).toBe('输入未被接受: a: x; b: y')
  })
})
