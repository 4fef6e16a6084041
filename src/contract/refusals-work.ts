import type { Locale } from './common'

/** Refusals of scripts, tickets, files, job plans, plan runs, schedules and approvals (see `refusal-text.ts`). */
export const WORK_REFUSALS = {
  'script.not-found': { 'en-US': 'Script {script} not found', 'zh-CN': '未找到脚本 {script}' },
  'script.name-taken': { 'en-US': 'Exist script with same name: {name}', 'zh-CN': '已有同名脚本：{name}' },
  'script.role-may-not-modify': {
    'en-US': 'Your role ({role}) may not modify scripts',
    'zh-CN': '你的角色（{role}）不能修改脚本',
  },
  'script.reviewer-risk-only': {
    'en-US': 'Reviewers may change only the risk level',
    'zh-CN': '评审人只能修改风险等级',
  },
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
  'op.instance-not-in-ticket': {
    'en-US': 'instance {instance} is not part of this ticket',
    'zh-CN': '实例 {instance} 不属于此工单',
  },
  'op.hosts-not-cancelable': {
    'en-US': 'the ticket is {ticketStatus}; its hosts can no longer be canceled',
    'zh-CN': '工单{ticketStatus}，其主机已不能取消',
  },
  'op.instance-ended': {
    'en-US': 'instance {instance} is already {instanceStatus}',
    'zh-CN': '实例 {instance} 已结束（{instanceStatus}）',
  },
  'op.no-batch': { 'en-US': 'batch {batch} does not exist', 'zh-CN': '第 {batch} 批不存在' },
  'op.batches-not-skippable': {
    'en-US': 'the ticket is {ticketStatus}; its batches can no longer be skipped',
    'zh-CN': '工单{ticketStatus}，其批次已不能跳过',
  },
  'op.batch-started': {
    'en-US': 'batch {batch} is {batchStatus}; only a batch that has not started can be skipped',
    'zh-CN': '第 {batch} 批{batchStatus}；只能跳过尚未开始的批次',
  },
  'op.ticket-ended': { 'en-US': 'the ticket is already {ticketStatus}', 'zh-CN': '工单已结束（{ticketStatus}）' },
  'op.pause-not-running': {
    'en-US': 'only a running ticket can be paused; this one is {ticketStatus}',
    'zh-CN': '只有执行中的工单可以暂停；此工单{ticketStatus}',
  },
  'op.continue-not-paused': {
    'en-US': 'only a paused ticket can continue; this one is {ticketStatus}',
    'zh-CN': '只有已暂停的工单可以继续；此工单{ticketStatus}',
  },
  'op.retry-while-running': {
    'en-US': 'pause the ticket or let it stop before retrying hosts',
    'zh-CN': '请先暂停工单或等待其结束，再重试主机',
  },
  'op.retry-hosts-running': {
    'en-US': 'wait until the running hosts finish before retrying',
    'zh-CN': '请等待执行中的主机结束后再重试',
  },
  'op.retry-not-failed': {
    'en-US': 'instance {instance} is {instanceStatus}; only abnormal or canceled hosts can be retried',
    'zh-CN': '实例 {instance} {instanceStatus}；只能重试异常或已取消的主机',
  },
  'op.nothing-to-retry': { 'en-US': 'no abnormal or canceled hosts to retry', 'zh-CN': '没有可重试的异常或已取消主机' },
  'ticket.script-not-approved': {
    'en-US': 'script_uuid: script {script} is {scriptStatus}; only APPROVED scripts can be executed',
    'zh-CN': '脚本 {script} {scriptStatus}；只有已批准的脚本可以执行',
  },
  'ticket.confirm-high-risk': {
    'en-US': 'confirm_high_risk: {script} is a HIGH-risk script: confirm the execution explicitly',
    'zh-CN': '{script} 是高风险脚本：请明确确认执行',
  },
  'ticket.batch-gaps': {
    'en-US': 'execute_batches: batch_index must run 1..n without gaps or repeats',
    'zh-CN': '批次序号须从 1 连续编号，不能有空缺或重复',
  },
  'ticket.batches-too-many-hosts': {
    'en-US': 'execute_batches: at most {max} hosts per execution ({count} given)',
    'zh-CN': '每次执行最多 {max} 台主机（提交了 {count} 台）',
  },
  'ticket.nothing-failed': { 'en-US': 'hosts: no host of this ticket failed', 'zh-CN': '此工单没有失败的主机' },
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
  'file.too-large': {
    'en-US': 'The file is larger than {mib} MiB (FILE_MAX_MB)',
    'zh-CN': '文件超过 {mib} MiB（FILE_MAX_MB）',
  },
  'file.upload-incomplete': {
    'en-US': 'The upload did not complete: {reason}',
    'zh-CN': '上传未完成：{reason}',
  },
  'file.not-found': { 'en-US': 'File {file} not found', 'zh-CN': '未找到文件 {file}' },
  'file.same-name': {
    'en-US': 'Two files are named {name}; they would overwrite each other in {dir}',
    'zh-CN': '有两个文件都叫 {name}，在 {dir} 中会互相覆盖',
  },
  'file.some-not-found': { 'en-US': 'Files not found: {files}', 'zh-CN': '未找到文件：{files}' },
  'file.bad-name': {
    'en-US': 'Invalid query: name must be a plain file name',
    'zh-CN': '文件名须是不含路径的普通文件名',
  },
  'file.raw-body': {
    'en-US': 'Send the file as the raw body with Content-Type: application/octet-stream',
    'zh-CN': '请以原始请求体上传文件（Content-Type: application/octet-stream）',
  },
  'plan.not-found': { 'en-US': 'Job plan {id} not found', 'zh-CN': '未找到作业方案 {id}' },
  'plan.var-twice': { 'en-US': '{at}.name: variable {name} is defined twice', 'zh-CN': '{at}：变量 {name} 定义了两次' },
  'plan.var-allowed-text-only': {
    'en-US': '{at}.allowed: only text variables have allowed values',
    'zh-CN': '{at}：只有文本变量可以设置可选值',
  },
  'plan.var-default-not-allowed': {
    'en-US': '{at}.default: the default is not one of the allowed values',
    'zh-CN': '{at}：默认值不在可选值中',
  },
  'plan.step-name-twice': {
    'en-US': '{at}.name: step name {name} is used twice',
    'zh-CN': '{at}：步骤名 {name} 重复使用',
  },
  'plan.not-host-variable': {
    'en-US': '{at}.hosts.variable: {name} is not a host-list variable',
    'zh-CN': '{at}：{name} 不是主机列表变量',
  },
  'plan.no-hosts': {
    'en-US': '{at}.hosts: no hosts: give the step or the plan hosts',
    'zh-CN': '{at}：没有主机：请为该步骤或方案指定主机',
  },
  'plan.param-twice': { 'en-US': '{at}.name: {name} given twice', 'zh-CN': '{at}：参数 {name} 重复给出' },
  'plan.param-value-or-variable': {
    'en-US': '{at}: give either a value or a variable',
    'zh-CN': '{at}：请给出取值或变量，二者选一',
  },
  'plan.param-not-text-variable': {
    'en-US': '{at}.variable: {name} is not a text variable',
    'zh-CN': '{at}：{name} 不是文本变量',
  },
  'plan.expression-empty': {
    'en-US': '{at}.batching.expression: enter a rolling expression',
    'zh-CN': '{at}：请输入滚动表达式',
  },
  'plan.no-files': {
    'en-US': '{at}.fileIds: name at least one file of the file library',
    'zh-CN': '{at}：请至少选择文件库中的一个文件',
  },
  'plan.no-approvers': {
    'en-US': '{at}.approvers: name at least one approver (user or role)',
    'zh-CN': '{at}：请至少指定一个审批人（用户或角色）',
  },
  'plan.no-script': { 'en-US': '{at}.scriptUuid: no script {script}', 'zh-CN': '{at}：没有脚本 {script}' },
  'plan.script-no-param': {
    'en-US': '{at}.name: {script} has no parameter {name}',
    'zh-CN': '{at}：脚本 {script} 没有参数 {name}',
  },
  'plan.changed-while-saving': {
    'en-US': 'The plan changed while saving; try again',
    'zh-CN': '保存时方案已被修改，请重试',
  },
  'plan.not-reviewed': {
    'en-US': 'Plan {plan} has no reviewed version yet (version {version} is {planStatus})',
    'zh-CN': '方案 {plan} 还没有评审通过的版本（版本 {version} {planStatus}）',
  },
  'plan.name-taken': { 'en-US': 'A plan named {name} exists', 'zh-CN': '已有名为 {name} 的方案' },
  'plan.not-pending-review': {
    'en-US': 'Plan {plan} v{version} is not waiting for review (it is {planStatus})',
    'zh-CN': '方案 {plan} v{version} 不在待评审状态（当前{planStatus}）',
  },
  'plan.author-reviews': {
    'en-US': 'The author of a version cannot review it',
    'zh-CN': '版本的作者不能评审自己的版本',
  },
  'plan.user-cannot-run': {
    'en-US': '{user} can no longer run plans (user disabled or removed)',
    'zh-CN': '{user} 已不能执行方案（用户已停用或删除）',
  },
  'run.step-script-gone': {
    'en-US': 'Step {step}: script {script} no longer exists',
    'zh-CN': '步骤 {step}：脚本 {script} 已不存在',
  },
  'run.unknown-variable': {
    'en-US': 'variables.{name}: the plan has no variable {name}',
    'zh-CN': '方案没有变量 {name}',
  },
  'run.variable-required': { 'en-US': 'variables.{name}: {name} is required', 'zh-CN': '变量 {name} 为必填' },
  'run.variable-not-allowed': {
    'en-US': 'variables.{name}: {name} must be one of {allowed}',
    'zh-CN': '变量 {name} 只能取以下值之一：{allowed}',
  },
  'run.not-found': { 'en-US': 'Plan run {id} not found', 'zh-CN': '未找到方案执行 {id}' },
  'run.step-not-waiting': {
    'en-US': 'Step {n} is not waiting for a confirmation',
    'zh-CN': '第 {n} 步不在等待确认',
  },
  'run.not-confirmer': { 'en-US': 'You are not a confirmer of this step', 'zh-CN': '你不是此步骤的确认人' },
  'run.changed-while-canceling': {
    'en-US': 'The run changed while canceling; try again',
    'zh-CN': '取消时执行状态已变化，请重试',
  },
  'run.already-ended': { 'en-US': 'The run is already {runStatus}', 'zh-CN': '该执行已结束（{runStatus}）' },
  'cron.dow-range': {
    'en-US': 'day-of-week {n} is outside 1–7 (SUN–SAT)',
    'zh-CN': '星期字段的 {n} 不在 1–7（周日–周六）之内',
  },
  'cron.year': {
    'en-US': 'a year field other than * is not supported ({year})',
    'zh-CN': '年份字段只支持 *（收到 {year}）',
  },
  'cron.dom-or-dow': {
    'en-US': 'Quartz: give either day-of-month or day-of-week, and ? for the other',
    'zh-CN': 'Quartz：日期和星期字段只能指定其一，另一个写 ?',
  },
  'cron.field-count': {
    'en-US': 'expected 5 fields (cron) or 6–7 fields (Quartz, seconds first); got {count}: "{expression}"',
    'zh-CN': '应为 5 个字段（cron）或 6–7 个字段（Quartz，秒在最前）；收到 {count} 个："{expression}"',
  },
  'cron.time-zone': { 'en-US': 'unknown time zone {timeZone}', 'zh-CN': '未知的时区 {timeZone}' },
  'cron.invalid': {
    'en-US': 'invalid expression "{expression}": {reason}',
    'zh-CN': '无效的表达式 "{expression}"：{reason}',
  },
  'schedule.never-fires': { 'en-US': '{expression} never fires', 'zh-CN': '{expression} 永远不会触发' },
  'schedule.not-found': { 'en-US': 'Schedule {id} not found', 'zh-CN': '未找到定时任务 {id}' },
  'schedule.unknown-variable': {
    'en-US': 'the plan has no variable {name}',
    'zh-CN': '方案没有变量 {name}',
  },
  'approval.closed': {
    'en-US': 'The approval is already closed (decided elsewhere or its request went away)',
    'zh-CN': '该审批已关闭（已在别处处理，或其申请已不存在）',
  },
  'approval.withdrawn': {
    'en-US': 'The request was withdrawn by its requester; there is nothing left to decide',
    'zh-CN': '该申请已被申请人撤回，无需再审批',
  },
  'withdraw.no-run': {
    'en-US': 'This approval does not hold a console run that could be withdrawn',
    'zh-CN': '此审批不对应可撤回的控制台执行',
  },
  'withdraw.not-requester': {
    'en-US': 'Only whoever asked for this run (or an admin) may withdraw it',
    'zh-CN': '只有发起此执行的人（或管理员）可以撤回',
  },
  'withdraw.already': { 'en-US': 'This run was already withdrawn', 'zh-CN': '此执行已被撤回' },
  'withdraw.not-waiting': {
    'en-US': 'This run is no longer waiting for its approval (it is {requestStatus})',
    'zh-CN': '此执行已不在等待审批（当前：{requestStatus}）',
  },
  'approval.already-decided': {
    'en-US': 'The approval is already {approvalStatus}',
    'zh-CN': '该审批已结束（{approvalStatus}）',
  },
  'approval.not-found': { 'en-US': 'Approval {id} not found', 'zh-CN': '未找到审批 {id}' },
  'approval.not-approver': {
    'en-US': 'You are not a pending approver of this request',
    'zh-CN': '你不是此申请的待审批人',
  },
  'approval.link-not-yours': { 'en-US': 'This link is not yours', 'zh-CN': '此链接不属于你' },
  'approval.no-user': { 'en-US': 'No user {user} in this tenant', 'zh-CN': '本租户中没有用户 {user}' },
  'approval.delegate-self': {
    'en-US': 'Delegate to someone else (not yourself, not the requester)',
    'zh-CN': '请转交给其他人（不能是你自己或申请人）',
  },
  'approval.link-invalid': {
    'en-US': 'This approval link is invalid or not yours',
    'zh-CN': '此审批链接无效或不属于你',
  },
  'approval.link-expired': { 'en-US': 'This approval link has expired', 'zh-CN': '此审批链接已过期' },
  'approval.link-used': { 'en-US': 'This approval link was already used', 'zh-CN': '此审批链接已被使用' },
  'review.author-decides': {
    'en-US': 'An author cannot approve or reject their own script or revision',
    'zh-CN': '作者不能批准或驳回自己的脚本或修订',
  },
  'review.already-decided': {
    'en-US': 'Cannot {decision}: you already decided',
    'zh-CN': '无法{decision}：你已经做出过决定',
  },
  'review.not-waiting': {
    'en-US': 'Cannot {decision}: the script is {scriptStatus}, not waiting for review',
    'zh-CN': '无法{decision}：脚本{scriptStatus}，不在等待评审',
  },
} as const satisfies Record<string, Record<Locale, string>>
