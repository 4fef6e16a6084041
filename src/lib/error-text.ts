import type { Locale } from '../contract/common'
import { renderRefusal } from '../contract/refusal-text'
import { ApiError } from './api-client'
import { initialLocale, useLocale } from './i18n'

/**
 * The reason of a failed call in the reader's language, by the server's error code (console `{error:{code}}`)
 * or HTTP status; the server's own sentence (specific: which name clashes, which field) follows as the
 * detail, in the reader's language when the body carries it as a refusal phrase, else the English text. Codes the table does not know fall back to the status class, so no raw code reaches the screen.
 */
const REASONS = {
  'en-US': {
    VALIDATION: 'The input was refused',
    BAD_REQUEST: 'The input was refused',
    UNAUTHENTICATED: 'You are not signed in, or your session has ended',
    FORBIDDEN: 'You do not have permission to do this',
    NOT_FOUND: 'Not found: it may have been deleted',
    CONFLICT: 'Not possible with the data as it stands',
    INVALID_TRANSITION: 'Not possible in its current state',
    RATE_LIMITED: 'Too many attempts: wait a moment and try again',
    LINK_INVALID: 'This link is no longer valid',
    PAYLOAD_TOO_LARGE: 'The upload is too large',
    SERVER: 'The console failed to answer; try again',
    NETWORK: 'The console cannot be reached; check the connection',
    UNKNOWN: 'The request failed',
  },
  'zh-CN': {
    VALIDATION: '输入未被接受',
    BAD_REQUEST: '输入未被接受',
    UNAUTHENTICATED: '未登录或会话已结束',
    FORBIDDEN: '你没有执行此操作的权限',
    NOT_FOUND: '未找到：可能已被删除',
    CONFLICT: '与当前数据冲突，无法执行',
    INVALID_TRANSITION: '当前状态下无法执行此操作',
    RATE_LIMITED: '尝试次数过多：请稍后再试',
    LINK_INVALID: '此链接已失效',
    PAYLOAD_TOO_LARGE: '上传的文件过大',
    SERVER: '控制台未能响应，请重试',
    NETWORK: '无法连接控制台，请检查网络',
    UNKNOWN: '请求失败',
  },
} as const
type ReasonKey = keyof (typeof REASONS)['en-US']

function reasonKey(err: unknown): ReasonKey {
  if (err instanceof ApiError) {
    if (err.code in REASONS['en-US']) return err.code as ReasonKey
    if (err.status === 413) return 'PAYLOAD_TOO_LARGE'
    if (err.status === 429) return 'RATE_LIMITED'
    if (err.status === 401) return 'UNAUTHENTICATED'
    if (err.status === 403) return 'FORBIDDEN'
    if (err.status === 404) return 'NOT_FOUND'
    if (err.status === 409) return 'CONFLICT'
    if (err.status >= 500) return 'SERVER'
    if (err.status >= 400) return 'BAD_REQUEST'
    return 'UNKNOWN'
  }
  // fetch() rejects with a TypeError when the server cannot be reached.
  if (err instanceof TypeError) return 'NETWORK'
  return 'UNKNOWN'
}

/** `{ reason, detail }`: the translated reason and the server's sentence (absent when it adds nothing). */
export function describeError(err: unknown, locale: Locale = initialLocale()): { reason: string; detail?: string } {
  const key = reasonKey(err)
  const reason = REASONS[locale][key]
  if (err instanceof ApiError && err.phrase) return { reason, detail: renderRefusal(err.phrase, locale) }
  if (err instanceof ApiError && err.phrases)
    return { reason, detail: err.phrases.map((p) => renderRefusal(p, locale)).join(locale === 'zh-CN' ? '；' : '; ') }
  const raw = err instanceof Error ? err.message : ''
  // A generic server sentence ("Internal server error", "Request failed (502)") says less than the reason.
  const generic = !raw || key === 'SERVER' || key === 'NETWORK' || /^Request failed \(\d+\)$/.test(raw)
  return { reason, detail: generic ? undefined : raw }
}

/** One line: `reason: detail`. */
export function errorText(err: unknown, locale: Locale = initialLocale()): string {
  const { reason, detail } = describeError(err, locale)
  return detail ? `${reason}: ${detail}` : reason
}

/** `errorText` in the active language, for components. */
export function useErrorText() {
  const { locale } = useLocale()
  return (err: unknown) => errorText(err, locale)
}
