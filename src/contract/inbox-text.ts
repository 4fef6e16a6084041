import { z } from 'zod'
import type { Locale } from './common'
import { fillPlaceholders } from './placeholders'

/**
 * Messages the server composes (inbox messages, plan run and step outcomes) in the reader's language. The BFF
 * stores, next to the English text it composes (kept for channels, the API and rows written before this
 * existed), a phrase key and its parameters; the SPA renders the phrase from this table in the reader's
 * language. Parameters are names, numbers and words the server knows; those named in `INBOX_WORDS` (risk,
 * status …) are translated too, those ending in `At` are ISO timestamps the SPA shows in the reader's locale,
 * and a parameter may be a phrase itself. Anything a person wrote (a comment, an incident's description, a
 * request) stays the stored text.
 */
const PHRASES = {
  'review.requested': {
    'en-US': 'Review script {script} (revision {revision}, risk {risk})',
    'zh-CN': '请评审脚本 {script}（修订 {revision}，风险{risk}）',
  },
  'review.requested.body': {
    'en-US': '{actor} asks you to review script {script}. The link works once, only for you, until {expiresAt}.',
    'zh-CN': '{actor} 请你评审脚本 {script}。该链接仅限你本人使用一次，有效期至 {expiresAt}。',
  },
  'script.approved': {
    'en-US': 'Script {script} was approved by {actor}',
    'zh-CN': '脚本 {script} 已由 {actor} 批准',
  },
  'script.rejected': {
    'en-US': 'Script {script} was rejected by {actor}',
    'zh-CN': '脚本 {script} 已被 {actor} 驳回',
  },
  'notification.failed': {
    'en-US': 'Review request to {recipient} over {channel} failed',
    'zh-CN': '通过{channel}发给 {recipient} 的评审请求发送失败',
  },
  'notification.failed.body': {
    'en-US':
      '{subject}: {attempts} attempts, last error: {reason}. The reviewer still has the request in the console inbox.',
    'zh-CN': '{subject}：已尝试 {attempts} 次，最后一次错误：{reason}。评审人仍可在控制台站内信中看到该请求。',
  },
  'approval.requested': {
    'en-US': 'Approval requested: {title}',
    'zh-CN': '待你审批：{title}',
  },
  'approval.delegated': {
    'en-US': '(delegated by {actor}) Approval requested: {title}',
    'zh-CN': '（{actor} 转交）待你审批：{title}',
  },
  'incident.page': {
    'en-US': '[{level}] {title}',
    'zh-CN': '[{level}] {title}',
  },
  'ticket.status': {
    'en-US': 'Ticket {ticket} ({script}) {ticketStatus}',
    'zh-CN': '执行工单 {ticket}（{script}）{ticketStatus}',
  },
  'ticket.status.body': {
    'en-US': 'Script {script}: {ticketStatus}.',
    'zh-CN': '脚本 {script}：{ticketStatus}。',
  },
  'plan-run.status': {
    'en-US': 'Plan run {plan}: {runStatus}',
    'zh-CN': '方案执行 {plan}：{runStatus}',
  },
  'plan-run.confirm': {
    'en-US': 'Confirm to continue: {plan} / {step}',
    'zh-CN': '待你确认后继续：{plan} / {step}',
  },
  'schedule.missed': {
    'en-US': 'Schedule {schedule}: {count} fire(s) missed',
    'zh-CN': '定时任务 {schedule}：错过 {count} 次触发',
  },
  'schedule.missed.body': {
    'en-US': 'Missed {firstAt} … {lastAt}; catch-up: {catchUp}',
    'zh-CN': '错过 {firstAt} … {lastAt}；补跑：{catchUp}',
  },
  'step.ticket-ended': {
    'en-US': 'ticket {ticket} {ticketStatus}',
    'zh-CN': '工单 {ticket} {ticketStatus}',
  },
  'step.not-started': {
    'en-US': 'not started: {reason}',
    'zh-CN': '未能启动：{reason}',
  },
  'step.continued': { 'en-US': 'continued by {actor}', 'zh-CN': '{actor} 确认继续' },
  'step.continued-remark': { 'en-US': 'continued by {actor}: {remark}', 'zh-CN': '{actor} 确认继续：{remark}' },
  'step.terminated': { 'en-US': 'terminated by {actor}', 'zh-CN': '{actor} 终止了执行' },
  'step.terminated-remark': {
    'en-US': 'terminated by {actor}: {remark}',
    'zh-CN': '{actor} 终止了执行：{remark}',
  },
  'step.approved': { 'en-US': 'approved', 'zh-CN': '审批已通过' },
  'step.approval-rejected': { 'en-US': 'approval rejected', 'zh-CN': '审批被驳回' },
  'step.approval-timeout': { 'en-US': 'approval timed out', 'zh-CN': '审批已超时' },
  'run.canceled': { 'en-US': 'canceled by {actor}', 'zh-CN': '已由 {actor} 取消' },
  'run.canceled-remark': { 'en-US': 'canceled by {actor}: {remark}', 'zh-CN': '已由 {actor} 取消：{remark}' },
  'run.step-ended': {
    'en-US': 'step {n} ({step}): {detail}',
    'zh-CN': '第 {n} 步（{step}）：{detail}',
  },
  'execution-request.not-run': {
    'en-US': 'Not run: {script} ({why})',
    'zh-CN': '未执行：{script}（{why}）',
  },
  'execution-request.not-run.body': {
    'en-US': 'Your HIGH-risk run of {script} did not start: {why}. Nothing ran.',
    'zh-CN': '你对高危脚本 {script} 的执行未启动：{why}。没有任何主机执行。',
  },
  'execution-request.started': {
    'en-US': 'Approved and started: {script}',
    'zh-CN': '已批准并开始执行：{script}',
  },
  'execution-request.started.body': {
    'en-US': 'Your HIGH-risk run of {script} was approved; ticket {ticket} is running.',
    'zh-CN': '你对高危脚本 {script} 的执行已获批准，工单 {ticket} 正在执行。',
  },
  'execution-request.failed': {
    'en-US': 'Approved but not started: {script}',
    'zh-CN': '已批准但未能启动：{script}',
  },
  'execution-request.failed.body': {
    'en-US': 'Your approved HIGH-risk run of {script} could not start: {reason}',
    'zh-CN': '你已获批准的高危脚本 {script} 执行未能启动：{reason}',
  },
  'request.rejected': { 'en-US': 'rejected', 'zh-CN': '已驳回' },
  'request.timeout': { 'en-US': 'approval timed out', 'zh-CN': '审批超时' },
  'request.rejected.why': { 'en-US': 'the approval was rejected', 'zh-CN': '审批被驳回' },
  'request.timeout.why': { 'en-US': 'the approval timed out', 'zh-CN': '审批已超时' },
  'request.withdrawn': { 'en-US': 'withdrawn by {actor}', 'zh-CN': '已由 {actor} 撤回' },
  'request.withdrawn.why': {
    'en-US': '{actor} withdrew it before the approval',
    'zh-CN': '{actor} 在审批前撤回了申请',
  },
  'war-room.opened': {
    'en-US': 'War room opened: {title}',
    'zh-CN': '作战室已开启：{title}',
  },
  'war-room.joined': {
    'en-US': 'You joined the war room: {title}',
    'zh-CN': '你已加入作战室：{title}',
  },
  'war-room.recovered': {
    'en-US': 'Recovered: {title}',
    'zh-CN': '已恢复：{title}',
  },
  'war-room.report': {
    'en-US': 'Status report: {title}',
    'zh-CN': '状态通报：{title}',
  },
} as const satisfies Record<string, Record<Locale, string>>

export type InboxPhraseKey = keyof typeof PHRASES
export const INBOX_PHRASE_KEYS = Object.keys(PHRASES) as [InboxPhraseKey, ...InboxPhraseKey[]]

/** Parameter values the reader sees translated, by parameter name; unknown values show as they are. */
export const INBOX_WORDS: Record<Locale, Record<string, Record<string, string>>> = {
  'en-US': {
    risk: { LOW: 'low', MEDIUM: 'medium', HIGH: 'high' },
    ticketStatus: {
      READY: 'waiting to start',
      PROCESSING: 'running',
      CANCELED: 'canceled',
      PAUSED: 'paused and waits for you to continue',
      FINISHED: 'finished',
      ABNORMAL: 'stopped abnormally',
    },
    runStatus: {
      waiting_approval: 'waiting for approval',
      running: 'running',
      waiting: 'waiting',
      finished: 'finished',
      failed: 'failed',
      canceled: 'canceled',
      rejected: 'rejected',
    },
    catchUp: { run_once: 'ran once', skip: 'skipped' },
    channel: {
      SMS: 'SMS',
      EMAIL: 'e-mail',
      DING_TALK: 'DingTalk',
      WE_LINK: 'WeLink',
      WECHAT: 'WeChat',
      CALLNOTIFY: 'phone call',
    },
  },
  'zh-CN': {
    risk: { LOW: '低', MEDIUM: '中', HIGH: '高' },
    ticketStatus: {
      READY: '待开始',
      PROCESSING: '执行中',
      CANCELED: '已取消',
      PAUSED: '已暂停，等待你继续',
      FINISHED: '已完成',
      ABNORMAL: '异常终止',
    },
    runStatus: {
      waiting_approval: '等待审批',
      running: '执行中',
      waiting: '等待中',
      finished: '已完成',
      failed: '失败',
      canceled: '已取消',
      rejected: '已驳回',
    },
    catchUp: { run_once: '已补跑一次', skip: '已跳过' },
    channel: {
      SMS: '短信',
      EMAIL: '邮件',
      DING_TALK: '钉钉',
      WE_LINK: 'WeLink',
      WECHAT: '微信',
      CALLNOTIFY: '语音电话',
    },
  },
}

/** A phrase key and its parameters; a parameter may itself be a phrase (a step's outcome inside a run's). */
export interface InboxPhrase {
  key: InboxPhraseKey
  params: Record<string, string | number | InboxPhrase>
}
export const InboxPhraseSchema: z.ZodType<InboxPhrase> = z.object({
  key: z.enum(INBOX_PHRASE_KEYS),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.lazy(() => InboxPhraseSchema)])),
})

/** The phrases of one message: its title and, when the server composed it, its body. */
export const InboxPhrasesSchema = z.object({ title: InboxPhraseSchema, body: InboxPhraseSchema.optional() })
export type InboxPhrases = z.infer<typeof InboxPhrasesSchema>

/** Builds a phrase, typed by key (the BFF and the mocks use this, so a key outside the table does not compile). */
export const phrase = (key: InboxPhraseKey, params: InboxPhrase['params']): InboxPhrase => ({ key, params })

/**
 * One phrase in `locale`: `{name}` placeholders filled (see fillPlaceholders), words translated, `…At`
 * timestamps through `time`.
 */
export function renderPhrase(p: InboxPhrase, locale: Locale, time: (iso: string) => string = (iso) => iso): string {
  const words = INBOX_WORDS[locale]
  return fillPlaceholders(PHRASES[p.key][locale], (name) => {
    const v = p.params[name]
    if (v === undefined) return undefined
    if (typeof v === 'object') return renderPhrase(v, locale, time)
    if (name.endsWith('At') && typeof v === 'string') return time(v)
    return words[name]?.[String(v)] ?? String(v)
  })
}

/**
 * `{ title, body, phrases }` of a message composed from phrases: the stored text is their English rendering
 * (what channels send and clients without the phrase show); `body` is kept when the phrases have none (a
 * comment, a request, a ticket's own message).
 */
export function composed(phrases: InboxPhrases, body = '') {
  return {
    title: renderPhrase(phrases.title, 'en-US'),
    body: phrases.body ? renderPhrase(phrases.body, 'en-US') : body,
    phrases,
  }
}
