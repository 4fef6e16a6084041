import type { Locale } from './common'

/** Refusals of patches, incidents, war rooms, on-call and integration keys (see `refusal-text.ts`). */
export const OPS_REFUSALS = {
  'patch-now.too-many': {
    'en-US': 'Patch now takes at most {max} hosts at a time (one ticket)',
    'zh-CN': '立即修复一次最多 {max} 台主机（一个工单）',
  },
  'patch-now.no-report': {
    'en-US': '{host} has no compliance report: scan it first',
    'zh-CN': '{host} 没有合规报告：请先扫描',
  },
  'patch-now.compliant': {
    'en-US': '{host} is compliant: nothing to install',
    'zh-CN': '{host} 已合规：没有需要安装的补丁',
  },
  'patch-now.nothing-missing': {
    'en-US': 'These hosts miss no required patch that an update can install (failed ones need a look)',
    'zh-CN': '这些主机没有可通过更新安装的缺失补丁（安装失败的补丁需要人工排查）',
  },
  'patch-now.too-many-packages': {
    'en-US':
      '{count} packages are too many for one ticket (the package list is limited to {max} characters): choose fewer hosts',
    'zh-CN': '{count} 个软件包超出一个工单的上限（软件包列表最多 {max} 个字符）：请少选几台主机',
  },
  'patch-now.no-script': {
    'en-US':
      'The script library has no {script} script: add one that installs the packages named in its "packages" parameter, and have it reviewed',
    'zh-CN': '脚本库中没有 {script} 脚本：请添加一个安装其 "packages" 参数所列软件包的脚本，并完成评审',
  },
  'patch-now.offline': { 'en-US': 'Not online now: {hosts}', 'zh-CN': '当前不在线：{hosts}' },
  'patch-scan.none-scannable': {
    'en-US': 'None of these hosts can be scanned (unknown or offline)',
    'zh-CN': '这些主机都无法扫描（未知或离线）',
  },
  'patch-scan.none-online': { 'en-US': 'No online hosts to scan', 'zh-CN': '没有可扫描的在线主机' },
  'baseline.name-taken': {
    'en-US': 'A baseline named {name} already exists',
    'zh-CN': '已有名为 {name} 的基线',
  },
  'baseline.not-found': { 'en-US': 'Baseline {id} not found', 'zh-CN': '未找到基线 {id}' },
  'baseline.keep-default': {
    'en-US': 'Make another baseline the default for this OS instead',
    'zh-CN': '请改为把另一个基线设为该操作系统的默认基线',
  },
  'baseline.default-delete': {
    'en-US': 'A default baseline cannot be deleted; make another one the default first',
    'zh-CN': '默认基线不能删除；请先把另一个基线设为默认',
  },
  'incident.not-found': { 'en-US': 'Incident {incident} not found', 'zh-CN': '未找到事件 {incident}' },
  'incident.operate-not-allowed': {
    'en-US': 'operate_key {operateKey} is not allowed in status {incidentStatus}',
    'zh-CN': '事件处于“{incidentStatus}”状态，不能执行“{operateKey}”',
  },
  'integration-key.exists': {
    'en-US': 'This integration key already exists',
    'zh-CN': '该集成密钥已存在',
  },
  'integration-key.not-found': {
    'en-US': 'Integration key {id} not found',
    'zh-CN': '未找到集成密钥 {id}',
  },
  'alarm-inbox.not-found': {
    'en-US': 'Stuck alarm {id} not found',
    'zh-CN': '未找到未转换的告警 {id}',
  },
  'war-room.not-found': { 'en-US': 'War room {id} not found', 'zh-CN': '未找到作战室 {id}' },
  'war-room.already-running': {
    'en-US': 'Incident {incident} already has a running war room ({warRoom})',
    'zh-CN': '事件 {incident} 已有进行中的作战室（{warRoom}）',
  },
  'war-room.closed': { 'en-US': 'The war room is closed', 'zh-CN': '作战室已关闭' },
  'war-room.close-forbidden': {
    'en-US': 'Only the war room admin or an administrator can close it',
    'zh-CN': '只有作战室管理员或系统管理员可以关闭作战室',
  },
  'oncall.unknown-target': { 'en-US': 'Unknown escalation target', 'zh-CN': '未知的升级对象' },
  'oncall.policy-name-taken': { 'en-US': 'A policy named {name} exists', 'zh-CN': '已有名为 {name} 的升级策略' },
  'oncall.policy-not-found': { 'en-US': 'Policy {id} not found', 'zh-CN': '未找到升级策略 {id}' },
  'oncall.schedule-not-found': { 'en-US': 'Schedule {id} not found', 'zh-CN': '未找到值班表 {id}' },
  'oncall.members-unknown': {
    'en-US': 'Not enabled users of this project: {users}',
    'zh-CN': '不是本项目的启用用户：{users}',
  },
  'oncall.schedule-name-taken': {
    'en-US': 'A schedule named {name} exists',
    'zh-CN': '已有名为 {name} 的值班表',
  },
  'oncall.window': {
    'en-US': 'to must be after from, at most 62 days later',
    'zh-CN': '结束时间须晚于开始时间，且最多相隔 62 天',
  },
  'oncall.override-not-found': { 'en-US': 'Override {id} not found', 'zh-CN': '未找到替班 {id}' },
} as const satisfies Record<string, Record<Locale, string>>
