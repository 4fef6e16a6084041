import type { Locale } from './common'

/** Refusals of scripts, tickets, files, job plans, plan runs, schedules and approvals (see `refusal-text.ts`). */
export const WORK_REFUSALS = {
  'script.not-found': { 'en-US': 'Script {script} not found', 'zh-CN': '未找到脚本 {script}' },
  'script.no-revision': {
    'en-US': 'Script {script} has no revision {revision}',
    'zh-CN': '脚本 {script} 没有修订 {revision}',
  },
  'ticket.timeout-range': {
    'en-US': 'execute_param.timeout: timeout must be {min}–{max} s',
    'zh-CN': '超时时间须在 {min}–{max} 秒之间',
  },
  'ticket.script-changed': {
    'en-US':
      'script_uuid: {script} changed since the run was approved (revision {approved}, now {revision}): submit it again',
    'zh-CN': '脚本 {script} 在审批后已修改（审批时为修订 {approved}，现为 {revision}）：请重新提交',
  },
  'ticket.no-target': { 'en-US': 'ip_list: no target host', 'zh-CN': '没有目标主机' },
  'ticket.too-many-hosts': {
    'en-US': 'ip_list: at most {max} hosts per execution ({count} given)',
    'zh-CN': '每次执行最多 {max} 台主机（提交了 {count} 台）',
  },
  'ticket.host-twice': {
    'en-US': '{at}.resource_id: host {host} is targeted twice',
    'zh-CN': '{at}：主机 {host} 被重复选择',
  },
  'ticket.host-unknown': {
    'en-US': '{at}.resource_id: no host {host} in this project',
    'zh-CN': '{at}：本项目中没有主机 {host}',
  },
  'ticket.host-no-agent': {
    'en-US': '{at}.resource_id: host {host} has no agent',
    'zh-CN': '{at}：主机 {host} 没有安装 Agent',
  },
  'ticket.host-other-agent': {
    'en-US': '{at}.agent_sn: host {host} has agent {agent}, not {given}',
    'zh-CN': '{at}：主机 {host} 的 Agent 是 {agent}，不是 {given}',
  },
  'ticket.host-offline': {
    'en-US': '{at}.resource_id: the agent of {host} is OFFLINE',
    'zh-CN': '{at}：主机 {host} 的 Agent 已离线',
  },
  'ticket.not-library-run': {
    'en-US':
      'executeUuid: ticket {ticket} is not a library script run: retry its failed hosts (RETRY_FAILED) or start a new one',
    'zh-CN': '工单 {ticket} 不是脚本库脚本的执行：请重试失败主机（RETRY_FAILED）或发起新的执行',
  },
  'ticket.script-gone': {
    'en-US': 'The script of ticket {ticket} ({script}) no longer exists',
    'zh-CN': '工单 {ticket} 的脚本（{script}）已不存在',
  },
  'ticket.no-param': {
    'en-US': 'params: {script} has no parameter {param}',
    'zh-CN': '脚本 {script} 没有参数 {param}',
  },
  'ticket.operation-needs': {
    'en-US': '{field}: {operation} needs {field}',
    'zh-CN': '{field}：操作 {operation} 需要提供 {field}',
  },
  'ticket.not-found': { 'en-US': 'Script ticket {ticket} not found', 'zh-CN': '未找到脚本执行工单 {ticket}' },
  'ticket.job-instance-not-found': {
    'en-US': 'Job instance {id} not found',
    'zh-CN': '未找到作业实例 {id}',
  },
  'ticket.no-batch': { 'en-US': 'Ticket {ticket} has no batch {batch}', 'zh-CN': '工单 {ticket} 没有第 {batch} 批' },
  'ticket.no-instance': {
    'en-US': 'Ticket {ticket} has no instance {instance}',
    'zh-CN': '工单 {ticket} 没有实例 {instance}',
  },
} as const satisfies Record<string, Record<Locale, string>>
