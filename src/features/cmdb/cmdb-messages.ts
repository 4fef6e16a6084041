import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'CMDB topology', hosts: 'Hosts', online: 'Online', offline: 'Offline', noAgent: 'No agent',
  tabs: { topology: 'Business topology', apps: 'Application dependencies', agents: 'Agent enrollment' },
  tokens: {
    hint: 'Agents join this project with an enrollment token. Start one on a host with the command shown after creating a token.',
    once: 'Copy the command now: the token is shown only once.', description: 'Token description', create: 'Create token',
    created: 'Enrollment token created', empty: 'No enrollment tokens', createdBy: 'Created by', createdAt: 'Created', lastUsed: 'Last used',
    state: 'State', active: 'active', revoked: 'revoked', revoke: 'Revoke', confirmRevoke: 'Revoke this token? Agents using it are disconnected.',
  },
  tree: { label: 'Business topology tree', all: 'All businesses', more: '+{n} more', hint: 'Click a business, set or module to list its hosts; click a module to expand its hosts in the tree.' },
  table: {
    search: 'Name or IP', status: 'Agent status', anyStatus: 'Any status', name: 'Host', ip: 'Inner IP', module: 'Module', os: 'OS',
    lastSeen: 'Last heartbeat', scopePicker: 'Business, set or module', scope: 'Showing hosts of {scope}', allScope: 'all businesses', empty: 'No hosts match',
  },
  graph: { label: 'Application dependency graph', root: 'Centre application', allApps: 'All applications', depth: 'Depth',
    direction: 'Direction', requires: 'Requires', requiredBy: 'Required by', both: 'Both', filter: 'Filter by name', empty: 'No applications',
    legendRequires: 'requires', legendContains: 'contains' },
  drawer: {
    title: 'Host {name}', agent: 'Agent', agentSn: 'Agent SN', version: 'Agent version', lastSeen: 'Last heartbeat', place: 'Topology',
    ips: 'IP addresses', os: 'Operating system', region: 'Region / zone', tags: 'Tags', resourceId: 'COC resource id', related: 'Related',
    tickets: 'Recent execution tickets', ticketsOfHost: 'Tickets that ran on this host', compliance: 'Patch compliance', incidents: 'Open incidents', move: 'Move to module', moved: 'Host moved',
    loadFailed: 'Could not load the host',
  },
  status: { online: 'ONLINE', offline: 'OFFLINE', none: 'NO AGENT' },
  apps: { name: 'New application name', parent: 'Parent application', create: 'Create application', saved: 'Applications updated',
    requires: '{name} requires:', addRequired: 'Add a required application', add: 'Add', remove: 'Remove' },
  edit: { newBusiness: 'New business', newSet: 'New set', newModule: 'New module', rename: 'Rename', delete: 'Delete', name: 'Name',
    save: 'Save', cancel: 'Cancel', saved: 'Topology updated', confirmDelete: 'Delete {name}? Only empty nodes can be deleted.' },
  loadFailed: 'Could not load the topology',
}

const zh: typeof en = {
  title: 'CMDB 拓扑', hosts: '主机', online: '在线', offline: '离线', noAgent: '无 Agent',
  tabs: { topology: '业务拓扑', apps: '应用依赖', agents: 'Agent 注册' },
  tokens: {
    hint: 'Agent 使用注册令牌加入本项目。创建令牌后，在主机上执行显示的命令即可启动 Agent。',
    once: '请立即复制命令：令牌只显示这一次。', description: '令牌描述', create: '创建令牌',
    created: '注册令牌已创建', empty: '暂无注册令牌', createdBy: '创建人', createdAt: '创建时间', lastUsed: '最近使用',
    state: '状态', active: '有效', revoked: '已吊销', revoke: '吊销', confirmRevoke: '确定吊销此令牌？使用它的 Agent 将被断开。',
  },
  tree: { label: '业务拓扑树', all: '全部业务', more: '还有 {n} 台', hint: '点击业务、集群或模块查看其主机；点击模块在树中展开主机。' },
  table: {
    search: '名称或 IP', status: 'Agent 状态', anyStatus: '全部状态', name: '主机', ip: '内网 IP', module: '模块', os: '操作系统',
    lastSeen: '最近心跳', scopePicker: '业务、集群或模块', scope: '显示 {scope} 的主机', allScope: '全部业务', empty: '没有匹配的主机',
  },
  graph: { label: '应用依赖图', root: '中心应用', allApps: '全部应用', depth: '深度',
    direction: '方向', requires: '依赖', requiredBy: '被依赖', both: '双向', filter: '按名称筛选', empty: '暂无应用',
    legendRequires: '依赖', legendContains: '包含' },
  drawer: {
    title: '主机 {name}', agent: 'Agent', agentSn: 'Agent SN', version: 'Agent 版本', lastSeen: '最近心跳', place: '拓扑位置',
    ips: 'IP 地址', os: '操作系统', region: '区域 / 可用区', tags: '标签', resourceId: 'COC 资源 ID', related: '相关',
    tickets: '最近执行工单', ticketsOfHost: '在此主机执行过的工单', compliance: '补丁合规', incidents: '未关闭事件', move: '转移到模块', moved: '主机已转移',
    loadFailed: '无法加载主机',
  },
  status: { online: '在线', offline: '离线', none: '无 Agent' },
  apps: { name: '新应用名称', parent: '上级应用', create: '创建应用', saved: '应用已更新',
    requires: '{name} 依赖：', addRequired: '添加依赖的应用', add: '添加', remove: '移除' },
  edit: { newBusiness: '新建业务', newSet: '新建集群', newModule: '新建模块', rename: '重命名', delete: '删除', name: '名称',
    save: '保存', cancel: '取消', saved: '拓扑已更新', confirmDelete: '删除 {name}？只能删除没有主机的节点。' },
  loadFailed: '无法加载拓扑',
}

export const useCmdbMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
