import type { Locale } from '../../contract/common'

/**
 * Audit actions in words: the server records `object.verb` keys (`patch-scan.start`); the log shows
 * "Patch scan · started" / "补丁扫描 · 启动". A part this table does not know is shown as recorded, so a new
 * action is never hidden; the key itself stays in the row's tooltip (the action filter takes it).
 */
const OBJECTS = {
  'en-US': {
    'access-key': 'Access key',
    agent: 'Agent',
    'agent-token': 'Agent enrollment token',
    alarm: 'Alarm',
    'alarm-inbox': 'Stuck alarm',
    app: 'Application',
    approval: 'Approval',
    'bk-app': 'BlueKing API app',
    business: 'Business',
    'escalation-policy': 'Escalation policy',
    execution: 'Execution ticket',
    'execution-request': 'HIGH-risk run request',
    file: 'File',
    host: 'Host',
    incident: 'Incident',
    'integration-key': 'Integration key',
    'job-plan': 'Job plan',
    module: 'Module',
    'notification-channel': 'Notification channel',
    'oncall-schedule': 'On-call schedule',
    page: 'Page',
    'patch-baseline': 'Patch baseline',
    'patch-report': 'Patch report',
    'patch-scan': 'Patch scan',
    'plan-run': 'Plan run',
    schedule: 'Schedule',
    script: 'Script',
    session: 'Session',
    set: 'Set',
    tenant: 'Enterprise project',
    ticket: 'Ticket',
    token: 'API token',
    user: 'User',
    'war-room': 'War room',
  },
  'zh-CN': {
    'access-key': '访问密钥',
    agent: 'Agent',
    'agent-token': 'Agent 注册令牌',
    alarm: '告警',
    'alarm-inbox': '未转换的告警',
    app: '应用',
    approval: '审批',
    'bk-app': '蓝鲸 API 应用',
    business: '业务',
    'escalation-policy': '升级策略',
    execution: '执行工单',
    'execution-request': '高风险执行申请',
    file: '文件',
    host: '主机',
    incident: '事件',
    'integration-key': '集成密钥',
    'job-plan': '作业方案',
    module: '模块',
    'notification-channel': '通知渠道',
    'oncall-schedule': '值班排班',
    page: '呼叫',
    'patch-baseline': '补丁基线',
    'patch-report': '补丁报告',
    'patch-scan': '补丁扫描',
    'plan-run': '方案执行',
    schedule: '定时任务',
    script: '脚本',
    session: '会话',
    set: '集群',
    tenant: '企业项目',
    ticket: '工单',
    token: 'API 令牌',
    user: '用户',
    'war-room': '作战室',
  },
} as const

const VERBS = {
  'en-US': {
    create: 'created',
    update: 'changed',
    delete: 'deleted',
    revoke: 'revoked',
    enroll: 'enrolled',
    're-enroll': 're-enrolled',
    'takeover-refused': 'takeover refused',
    linked: 'linked',
    delegate: 'delegated',
    move: 'moved',
    register: 'registered',
    upload: 'uploaded',
    notified: 'sent',
    override: 'override added',
    'override-delete': 'override removed',
    ingest: 'received',
    start: 'started',
    cancel: 'cancelled',
    login: 'signed in',
    logout: 'signed out',
    issue: 'issued',
    request: 'requested (waits for approval)',
    retry: 'retried',
    discard: 'discarded',
  },
  'zh-CN': {
    create: '创建',
    update: '修改',
    delete: '删除',
    revoke: '吊销',
    enroll: '注册',
    're-enroll': '重新注册',
    'takeover-refused': '拒绝接管',
    linked: '关联',
    delegate: '转交',
    move: '转移',
    register: '登记',
    upload: '上传',
    notified: '已发送',
    override: '添加替班',
    'override-delete': '删除替班',
    ingest: '接收',
    start: '启动',
    cancel: '取消',
    login: '登录',
    logout: '退出',
    issue: '签发',
    request: '申请（待审批）',
    retry: '重试',
    discard: '丢弃',
  },
} as const

function word<T extends Record<string, string>>(dict: T, key: string): string {
  return Object.hasOwn(dict, key) ? dict[key as keyof T] : key
}

/** `patch-scan.start` → `Patch scan · started`. */
export function auditActionText(action: string, locale: Locale): string {
  const dot = action.indexOf('.')
  if (dot < 0) return word(OBJECTS[locale], action)
  return `${word(OBJECTS[locale], action.slice(0, dot))} · ${word(VERBS[locale], action.slice(dot + 1))}`
}

/** A target type in words (`patch-scan` → `Patch scan`). */
export function auditObjectText(type: string, locale: Locale): string {
  return word(OBJECTS[locale], type)
}
