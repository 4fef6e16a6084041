import type { Locale } from './common'

/** Refusals of sign-in, sessions, users, tenants, keys, agents, BlueKing apps, inbox and channels (`refusal-text.ts`). */
export const ACCESS_REFUSALS = {
  'auth.bad-credentials': { 'en-US': 'The username or password is wrong.', 'zh-CN': '用户名或密码错误。' },
  'auth.no-project-access': { 'en-US': 'No access to project {project}', 'zh-CN': '无权访问项目 {project}' },
  'auth.session-expired': {
    'en-US': 'Your session has expired; please log in again',
    'zh-CN': '会话已过期，请重新登录',
  },
  'auth.csrf': { 'en-US': 'Missing or wrong CSRF token', 'zh-CN': 'CSRF 令牌缺失或错误，请刷新页面后重试' },
  'auth.required-how': {
    'en-US': 'Authentication required: log in, or send X-Auth-Token or an AK/SK signature',
    'zh-CN': '需要登录：请登录，或发送 X-Auth-Token 或 AK/SK 签名',
  },
  'auth.role-may-not': { 'en-US': 'Your role ({role}) may not do this', 'zh-CN': '你的角色（{role}）不能执行此操作' },
  'audit.platform-only': {
    'en-US': 'Only platform admins read the platform audit log',
    'zh-CN': '只有平台管理员可以查看平台审计日志',
  },
  'user.other-tenant': {
    'en-US': 'Tenant admins manage only the users of their own tenant',
    'zh-CN': '租户管理员只能管理本租户的用户',
  },
  'user.create-platform-admin': {
    'en-US': 'Only a platform admin may create platform admins',
    'zh-CN': '只有平台管理员可以创建平台管理员',
  },
  'user.exists': { 'en-US': 'User {user} already exists', 'zh-CN': '用户 {user} 已存在' },
  'user.unknown-tenant': { 'en-US': 'Unknown tenant', 'zh-CN': '未知的租户' },
  'user.not-found': { 'en-US': 'User {user} not found', 'zh-CN': '未找到用户 {user}' },
  'user.change-platform-admin': {
    'en-US': 'Only a platform admin may change platform admins',
    'zh-CN': '只有平台管理员可以修改平台管理员',
  },
  'user.last-admin': {
    'en-US': 'The last admin of a tenant cannot be demoted or disabled',
    'zh-CN': '租户的最后一个管理员不能被降级或停用',
  },
  'user.last-platform-admin': {
    'en-US': 'The last platform admin cannot be demoted or disabled',
    'zh-CN': '最后一个平台管理员不能被降级或停用',
  },
  'tenant.exists': { 'en-US': 'Tenant {tenant} already exists', 'zh-CN': '租户 {tenant} 已存在' },
  'access-key.exists': { 'en-US': 'Access key {key} already exists', 'zh-CN': '访问密钥 {key} 已存在' },
  'access-key.not-found': { 'en-US': 'Access key {key} not found', 'zh-CN': '未找到访问密钥 {key}' },
  'bk-app.exists': {
    'en-US': 'An app with the code {code} is already registered',
    'zh-CN': '应用编码 {code} 已注册',
  },
  'bk-app.not-found': { 'en-US': 'No active app {id} in this project', 'zh-CN': '本项目中没有有效的应用 {id}' },
  'agent.no-credential': { 'en-US': 'Agent {agent} has no credential', 'zh-CN': 'Agent {agent} 没有凭据' },
  'agent.no-live-credential': {
    'en-US': 'Agent {agent} has no live credential',
    'zh-CN': 'Agent {agent} 没有有效的凭据',
  },
  'agent-token.not-found': { 'en-US': 'Agent token {id} not found', 'zh-CN': '未找到 Agent 接入令牌 {id}' },
  'inbox.not-found': { 'en-US': 'Message {id} not found', 'zh-CN': '未找到消息 {id}' },
  'channel.not-found': { 'en-US': 'Channel {id} not found', 'zh-CN': '未找到通知渠道 {id}' },
  'route.none': { 'en-US': 'No route {method} {path}', 'zh-CN': '没有此接口：{method} {path}' },
} as const satisfies Record<string, Record<Locale, string>>
