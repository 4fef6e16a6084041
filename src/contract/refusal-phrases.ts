import type { Locale } from './common'
import { ACCESS_REFUSALS } from './refusals-access'
import { CMDB_REFUSALS } from './refusals-cmdb'
import { OPS_REFUSALS } from './refusals-ops'
import { WORK_REFUSALS } from './refusals-work'

/** Refusals that are not one domain's: sign-in, permissions, rate limits, the database out of reach. */
const COMMON_REFUSALS = {
  'auth.required': { 'en-US': 'Authentication required', 'zh-CN': '需要登录' },
  forbidden: { 'en-US': 'You do not have permission to do this', 'zh-CN': '你没有执行此操作的权限' },
  'rate-limited': {
    'en-US': 'Too many attempts; try again in {seconds} s',
    'zh-CN': '尝试次数过多，请在 {seconds} 秒后重试',
  },
  'database-unavailable': {
    'en-US': 'The database is unavailable right now (it may be restarting); try again in a few seconds',
    'zh-CN': '数据库暂时不可用（可能正在重启），请几秒后重试',
  },
} as const satisfies Record<string, Record<Locale, string>>

/** The refusal table: key → English and Chinese template with `{name}` placeholders (`refusal-text.ts`). */
export const REFUSALS = { ...COMMON_REFUSALS, ...WORK_REFUSALS, ...CMDB_REFUSALS, ...OPS_REFUSALS, ...ACCESS_REFUSALS }
