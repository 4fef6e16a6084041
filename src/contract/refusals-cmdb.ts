import type { Locale } from './common'

/** Refusals of the CMDB: applications, businesses, sets, modules, hosts, custom queries (`refusal-text.ts`). */
export const CMDB_REFUSALS = {
  'app.not-found': { 'en-US': 'Application {app} not found', 'zh-CN': '未找到应用 {app}' },
  'app.name-taken': {
    'en-US': 'An application named {name} already exists',
    'zh-CN': '已有名为 {name} 的应用',
  },
  'app.parent-missing': {
    'en-US': 'Parent application {app} does not exist',
    'zh-CN': '上级应用 {app} 不存在',
  },
  'app.parent-loop': {
    'en-US': 'An application cannot be moved under itself or its descendants',
    'zh-CN': '应用不能移到自身或其下级应用之下',
  },
  'app.has-children': { 'en-US': 'Application {app} has child applications', 'zh-CN': '应用 {app} 还有下级应用' },
  'app.required-by': {
    'en-US': 'Application {app} is required by {count} other application(s)',
    'zh-CN': '应用 {app} 被另外 {count} 个应用依赖',
  },
  'app.missing': { 'en-US': 'Application {app} does not exist', 'zh-CN': '应用 {app} 不存在' },
  'app.dependency-exists': { 'en-US': 'This dependency already exists', 'zh-CN': '该依赖关系已存在' },
  'app.dependency-cycle': { 'en-US': 'This dependency would create a cycle', 'zh-CN': '该依赖关系会形成循环' },
  'app.no-dependency': {
    'en-US': 'Application {app} does not require {required}',
    'zh-CN': '应用 {app} 并不依赖 {required}',
  },
  'host.not-found': { 'en-US': 'Host {host} not found', 'zh-CN': '未找到主机 {host}' },
  'host.in-normal-module': {
    'en-US': 'Host {host} is in module {module}; move it to the idle or fault module before deleting it',
    'zh-CN': '主机 {host} 在模块 {module} 中；请先移到空闲机或故障机模块再删除',
  },
  'host.unknown': { 'en-US': 'Unknown hosts: {hosts}', 'zh-CN': '未知主机：{hosts}' },
  'host.other-business': {
    'en-US': 'Hosts {hosts} belong to another business; return them to its idle or fault module first',
    'zh-CN': '主机 {hosts} 属于其他业务；请先把它们退回该业务的空闲机或故障机模块',
  },
  'host.ip-taken': {
    'en-US': 'Another host of this project already has the inner IP {ip} in cloud area 0',
    'zh-CN': '本项目中已有主机在云区域 0 使用内网 IP {ip}',
  },
  'cmdb.name-taken': { 'en-US': 'The name {name} is already taken here', 'zh-CN': '此处已有名称 {name}' },
  'business.not-found': { 'en-US': 'Business {biz} not found', 'zh-CN': '未找到业务 {biz}' },
  'business.default': {
    'en-US': 'The default business receives new agents and cannot be deleted',
    'zh-CN': '默认业务接收新接入的 Agent，不能删除',
  },
  'business.has-hosts': {
    'en-US': 'Business {biz} still has hosts; move them out first',
    'zh-CN': '业务 {biz} 下还有主机，请先移出',
  },
  'business.missing': { 'en-US': 'Business {biz} does not exist', 'zh-CN': '业务 {biz} 不存在' },
  'set.not-found': { 'en-US': 'Set {set} not found', 'zh-CN': '未找到集群 {set}' },
  'set.builtin-rename': { 'en-US': 'The built-in set cannot be renamed', 'zh-CN': '内置集群不能改名' },
  'set.builtin-delete': {
    'en-US': 'The built-in set with the idle and fault modules cannot be deleted',
    'zh-CN': '含空闲机和故障机模块的内置集群不能删除',
  },
  'set.has-hosts': {
    'en-US': 'Set {set} still has hosts; move them out first',
    'zh-CN': '集群 {set} 下还有主机，请先移出',
  },
  'set.missing': { 'en-US': 'Set {set} does not exist', 'zh-CN': '集群 {set} 不存在' },
  'set.builtin-modules': {
    'en-US': 'The built-in set only holds the idle and fault modules',
    'zh-CN': '内置集群只包含空闲机和故障机模块',
  },
  'module.not-found': { 'en-US': 'Module {module} not found', 'zh-CN': '未找到模块 {module}' },
  'module.missing': { 'en-US': 'Module {module} does not exist', 'zh-CN': '模块 {module} 不存在' },
  'module.builtin-rename': {
    'en-US': 'The {moduleKind} module cannot be renamed',
    'zh-CN': '{moduleKind}模块不能改名',
  },
  'module.builtin-delete': {
    'en-US': 'The {moduleKind} module is built in and cannot be deleted',
    'zh-CN': '{moduleKind}模块是内置模块，不能删除',
  },
  'module.has-hosts': {
    'en-US': 'Module {module} still has hosts; move them out first',
    'zh-CN': '模块 {module} 下还有主机，请先移出',
  },
  'custom-query.no-field': {
    'en-US': '{at}.field: {object} has no field {field} ({known})',
    'zh-CN': '{at}：{object} 没有字段 {field}（可用字段：{known}）',
  },
  'custom-query.value-list': {
    'en-US': '{at}.value: {operator} takes a list of values',
    'zh-CN': '{at}：{operator} 需要一组值',
  },
  'custom-query.value-one': {
    'en-US': '{at}.value: {operator} takes one value',
    'zh-CN': '{at}：{operator} 只取一个值',
  },
  'custom-query.bad-regex': {
    'en-US': '{at}.value: not a valid regular expression',
    'zh-CN': '{at}：不是有效的正则表达式',
  },
  'custom-query.not-json': { 'en-US': 'info is not valid JSON', 'zh-CN': '查询条件不是有效的 JSON' },
  'custom-query.not-found': { 'en-US': 'Custom query {id} not found', 'zh-CN': '未找到自定义查询 {id}' },
  'custom-query.name-taken-in': {
    'en-US': 'Business {biz} already has a custom query named {name}',
    'zh-CN': '业务 {biz} 已有名为 {name} 的自定义查询',
  },
  'custom-query.name-taken': {
    'en-US': 'The business already has a custom query named {name}',
    'zh-CN': '该业务已有名为 {name} 的自定义查询',
  },
} as const satisfies Record<string, Record<Locale, string>>
