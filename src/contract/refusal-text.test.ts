import { describe, expect, it } from 'vitest'
import { LocaleSchema } from './common'
import { REFUSALS } from './refusal-phrases'
import {
  fieldIssue,
  isRefusalKey,
  issuesRefusal,
  REFUSAL_KEYS,
  REFUSAL_WORDS,
  RefusalPhraseSchema,
  refusal,
  renderRefusal,
} from './refusal-text'

const holes = (template: string) => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('refusal phrases', () => {
  it('gives every key both locales, non-empty, with the same placeholders', () => {
    expect(REFUSAL_KEYS.length).toBeGreaterThan(100)
    const bad: string[] = []
    for (const key of REFUSAL_KEYS) {
      const t: Record<string, string> = REFUSALS[key]
      expect(Object.keys(t).sort()).toEqual([...LocaleSchema.options].sort())
      for (const locale of LocaleSchema.options) if (!t[locale]?.trim()) bad.push(`${key} ${locale}: empty`)
      if (holes(t['en-US']).join() !== holes(t['zh-CN']).join())
        bad.push(`${key}: en {${holes(t['en-US'])}} vs zh {${holes(t['zh-CN'])}}`)
      // A Chinese template that is the English one was not translated.
      if (/[a-z]{4,} [a-z]{4,}/i.test(t['zh-CN'].replace(/\{\w+\}/g, ''))) bad.push(`${key}: zh reads as English`)
    }
    expect(bad).toEqual([])
  })

  it('renders the English sentence the server sent before phrases, byte for byte', () => {
    expect(renderRefusal(refusal('ticket.not-found', { ticket: 'JOB-1' }), 'en-US')).toBe(
      'Script ticket JOB-1 not found',
    )
    expect(renderRefusal(refusal('auth.role-may-not', { role: 'viewer' }), 'en-US')).toBe(
      'Your role (viewer) may not do this',
    )
    expect(renderRefusal(refusal('patch-now.too-many-packages', { count: 9, max: 4096 }), 'en-US')).toBe(
      '9 packages are too many for one ticket (the package list is limited to 4096 characters): choose fewer hosts',
    )
  })

  it('translates known words in Chinese, keeps unknown values and shows a missing parameter as its placeholder', () => {
    expect(renderRefusal(refusal('auth.role-may-not', { role: 'viewer' }), 'zh-CN')).toBe(
      '你的角色（只读用户）不能执行此操作',
    )
    expect(renderRefusal(refusal('auth.role-may-not', { role: 'auditor' }), 'zh-CN')).toBe(
      '你的角色（auditor）不能执行此操作',
    )
    expect(renderRefusal({ key: 'ticket.no-batch', params: { ticket: 'JOB-1' } }, 'zh-CN')).toBe(
      '工单 JOB-1 没有第 {batch} 批',
    )
  })

  it('reads in Chinese without a doubled word where a status fills a sentence', () => {
    const said = [
      renderRefusal(refusal('approval.already-decided', { approvalStatus: 'timeout' }), 'zh-CN'),
      renderRefusal(refusal('run.already-ended', { runStatus: 'canceled' }), 'zh-CN'),
      renderRefusal(refusal('op.ticket-ended', { ticketStatus: 'FINISHED' }), 'zh-CN'),
      renderRefusal(refusal('op.pause-not-running', { ticketStatus: 'PAUSED' }), 'zh-CN'),
      renderRefusal(refusal('review.not-waiting', { decision: 'approve', scriptStatus: 'APPROVED' }), 'zh-CN'),
    ]
    expect(said).toEqual([
      '该审批已结束（已超时）',
      '该执行已结束（已取消）',
      '工单已结束（已完成）',
      '只有执行中的工单可以暂停；此工单已暂停',
      '无法批准：脚本已批准，不在等待评审',
    ])
    // Every template with every word its placeholders can take.
    const doubled: string[] = []
    for (const key of REFUSAL_KEYS) {
      const template: string = REFUSALS[key]['zh-CN']
      for (const name of holes(template)) {
        for (const value of Object.keys(REFUSAL_WORDS['zh-CN'][name] ?? {})) {
          const text = renderRefusal({ key, params: { [name]: value } }, 'zh-CN')
          if (/已已|未未/.test(text)) doubled.push(text)
        }
      }
    }
    expect(doubled).toEqual([])
  })

  it('accepts on the wire only known keys with string or number parameters', () => {
    expect(RefusalPhraseSchema.safeParse({ key: 'forbidden', params: {} }).success).toBe(true)
    expect(RefusalPhraseSchema.safeParse({ key: 'no.such-key', params: {} }).success).toBe(false)
    expect(RefusalPhraseSchema.safeParse({ key: 'forbidden', params: { a: { b: 1 } } }).success).toBe(false)
    expect(isRefusalKey('forbidden')).toBe(true)
    expect(isRefusalKey('toString')).toBe(false)
  })

  it('lists several problems with a phrase each in the details, one problem by its phrase alone', () => {
    const a = fieldIssue('confirm_high_risk', refusal('ticket.confirm-high-risk', { script: 'wipe' }))
    const b = fieldIssue('execute_batches', refusal('ticket.batch-gaps'))
    const one = issuesRefusal([a])
    expect(one.said).toEqual(a.phrase)
    expect(one.details).toEqual([{ path: a.path, message: a.message }])
    const two = issuesRefusal([a, b])
    expect(two.said).toBe(`${a.path}: ${a.message}; ${b.path}: ${b.message}`)
    expect(two.details.map((d) => 'phrase' in d && d.phrase?.key)).toEqual([
      'ticket.confirm-high-risk',
      'ticket.batch-gaps',
    ])
  })
})
