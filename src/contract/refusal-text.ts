import { z } from 'zod'
import type { Locale } from './common'
import { INBOX_WORDS } from './inbox-text'
import { REFUSALS } from './refusal-phrases'
import { fillPlaceholders } from './placeholders'

/**
 * Why the server refused a console request, in the reader's language. A service throws a DomainError with a
 * refusal phrase (key + parameters); its `message` is the phrase's English rendering (what the COC and
 * BlueKing bodies, the log and older clients see, byte for byte the sentence written before phrases), and
 * the console body carries the phrase so the SPA renders it in the active locale (`lib/error-text.ts`).
 * Parameters are names, numbers and words the server knows; those named in `REFUSAL_WORDS` (a status …)
 * are translated too.
 */
export type RefusalKey = keyof typeof REFUSALS
export const REFUSAL_KEYS = Object.keys(REFUSALS) as [RefusalKey, ...RefusalKey[]]

/** The `{name}` placeholders of a template, as a union of names. */
type Holes<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Holes<Rest> : never
/** The parameters a phrase needs: exactly the placeholders of its English template. */
export type RefusalParams<K extends RefusalKey> = Record<Holes<(typeof REFUSALS)[K]['en-US']>, string | number>

/** A refusal phrase as it travels: a key of the table and the values of its placeholders. */
export interface RefusalPhrase {
  key: RefusalKey
  params: Record<string, string | number>
}
export const RefusalPhraseSchema = z.object({
  /** A key of the refusal table (`src/contract/refusal-phrases.ts`). */
  key: z.enum(REFUSAL_KEYS),
  /** The values of its `{name}` placeholders. */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
})

/**
 * Builds a refusal phrase, typed by key: an unknown key, a missing or an extra parameter does not compile.
 * Phrases without placeholders take no parameters.
 */
export function refusal<K extends RefusalKey>(
  key: K,
  ...args: [Holes<(typeof REFUSALS)[K]['en-US']>] extends [never] ? [] : [params: RefusalParams<K>]
): RefusalPhrase {
  return { key, params: (args[0] ?? {}) as Record<string, string | number> }
}

/** Parameter values translated for the reader, by parameter name; unknown values show as they are. */
export const REFUSAL_WORDS: Record<Locale, Record<string, Record<string, string>>> = {
  'en-US': {},
  'zh-CN': {
    approvalStatus: {
      pending: '待审批',
      approved: '已批准',
      rejected: '已驳回',
      timeout: '已超时',
      canceled: '已关闭',
    },
    requestStatus: {
      pending: '待审批',
      approved: '已批准',
      rejected: '已驳回',
      timeout: '审批超时',
      canceled: '已关闭',
      withdrawn: '已撤回',
      started: '已开始执行',
      failed: '未能启动',
    },
    // A plan run's status in the same words as its inbox messages.
    runStatus: INBOX_WORDS['zh-CN'].runStatus,
    planStatus: { active: '已生效', pending_review: '待评审', rejected: '已驳回' },
    decision: { approve: '批准', reject: '驳回' },
    // As INCIDENT_STATUSES (contract/incidents.ts) names them; importing it here would close an import cycle.
    incidentStatus: {
      incident_draft: '草稿',
      INCIDENT_STATUS_TRIGGERED: '未受理',
      INCIDENT_STATUS_ACKNOWLEDGED: '已受理',
      INCIDENT_STATUS_RESOLVED: '已解决待验证',
      INCIDENT_STATUS_COMPLETED: '已完成',
      INCIDENT_STATUS_REJECTED: '被驳回',
    },
    operateKey: {
      acceptedIncident1: '受理',
      commitSolution1: '提交解决方案',
      confirm: '验证',
      rejectIncident1: '驳回',
      submitDraft1: '提交草稿',
    },
    role: {
      platform_admin: '平台管理员',
      admin: '租户管理员',
      operator: '运维人员',
      reviewer: '审核人',
      viewer: '只读用户',
    },
    ticketStatus: {
      READY: '等待执行',
      PROCESSING: '执行中',
      ABNORMAL: '异常',
      PAUSED: '已暂停',
      CANCELED: '已取消',
      FINISHED: '已完成',
    },
    instanceStatus: { READY: '等待中', PROCESSING: '执行中', ABNORMAL: '异常', CANCELED: '已取消', FINISHED: '已完成' },
    batchStatus: {
      READY: '等待中',
      PROCESSING: '执行中',
      FINISHED: '已完成',
      ABNORMAL: '异常',
      SKIPPED: '已跳过',
      CANCELED: '已取消',
    },
    moduleKind: { idle: '空闲机', fault: '故障机' },
    scriptStatus: { PENDING_APPROVE: '待评审', APPROVED: '已批准', REJECTED: '已驳回' },
  },
}

/** Whether `key` is in the table (a newer server may send one this SPA does not know). */
export const isRefusalKey = (key: string): key is RefusalKey => Object.hasOwn(REFUSALS, key)

/**
 * One refusal in `locale`: `{name}` placeholders filled (see fillPlaceholders) and words translated.
 */
export function renderRefusal(p: RefusalPhrase, locale: Locale): string {
  const words = REFUSAL_WORDS[locale]
  return fillPlaceholders(REFUSALS[p.key][locale], (name) => {
    const v = p.params[name]
    return v === undefined ? undefined : (words[name]?.[String(v)] ?? String(v))
  })
}

/** A field that makes a request fail (error `details`); `phrase` (when given) says it, its English being `path: message`. */
export type FieldIssue = { path: string; message: string; phrase?: RefusalPhrase }

/** A field issue said by `phrase`, whose English rendering is `path: message`. */
export function fieldIssue(path: string, phrase: RefusalPhrase): FieldIssue {
  const text = renderRefusal(phrase, 'en-US')
  return { path, message: text.startsWith(`${path}: `) ? text.slice(path.length + 2) : text, phrase }
}

/**
 * What a 400 listing `issues` says: one issue with a phrase is said by it; several are said in English, joined
 * (`path: message; …`), and each of `details` (as error bodies list them) carries its phrase, so the SPA can
 * say them all in the reader's language.
 */
export function issuesRefusal(issues: FieldIssue[]) {
  const only = issues.length === 1 ? issues[0].phrase : undefined
  return {
    said: only ?? issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    details: issues.map(({ path, message, phrase }) =>
      issues.length > 1 && phrase ? { path, message, phrase } : { path, message },
    ),
  }
}
