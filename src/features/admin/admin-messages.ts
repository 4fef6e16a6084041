import { defineMessages } from '../../lib/i18n'

const en = {
  users: {
    title: 'Users', create: 'New user', username: 'User name', displayName: 'Display name', email: 'E-mail', role: 'Role',
    password: 'Initial password', status: 'Status', enabled: 'Active', disabled: 'Disabled', disable: 'Disable',
    enable: 'Enable', created: 'User created', updated: 'User updated', empty: 'No users yet', createdAt: 'Created',
    loadFailed: 'Could not load users',
  },
  keys: {
    title: 'My access keys (AK/SK)', create: 'Create access key', description: 'Description', lastUsed: 'Last used',
    never: 'never', delete: 'Revoke', confirmDelete: 'Revoke this key? Clients using it stop working.',
    secretOnce: 'Copy the secret key now: it is shown only once.', created: 'Access key created', empty: 'No access keys',
    hint: 'Sign COC API calls with the SDK-HMAC-SHA256 scheme (official Huawei Cloud SDKs) using these keys.',
  },
  audit: {
    title: 'Audit log', at: 'Time', actor: 'Actor', action: 'Action', target: 'Target', changes: 'Before → after',
    filterAction: 'Action, e.g. user.create', filterActor: 'Actor', empty: 'No audit entries', loadFailed: 'Could not load the audit log',
  },
  common: { cancel: 'Cancel', ok: 'OK', required: 'Required' },
}

const zh: typeof en = {
  users: {
    title: '用户', create: '新建用户', username: '用户名', displayName: '显示名', email: '邮箱', role: '角色',
    password: '初始密码', status: '状态', enabled: '启用', disabled: '已停用', disable: '停用',
    enable: '启用', created: '用户已创建', updated: '用户已更新', empty: '暂无用户', createdAt: '创建时间',
    loadFailed: '无法加载用户',
  },
  keys: {
    title: '我的访问密钥（AK/SK）', create: '创建访问密钥', description: '描述', lastUsed: '最近使用',
    never: '从未', delete: '吊销', confirmDelete: '确定吊销此密钥？使用它的客户端将无法访问。',
    secretOnce: '请立即复制 SK：它只显示这一次。', created: '访问密钥已创建', empty: '暂无访问密钥',
    hint: '使用这些密钥按 SDK-HMAC-SHA256 方式（华为云官方 SDK）为 COC API 调用签名。',
  },
  audit: {
    title: '审计日志', at: '时间', actor: '操作人', action: '操作', target: '对象', changes: '变更前 → 变更后',
    filterAction: '操作，例如 user.create', filterActor: '操作人', empty: '暂无审计记录', loadFailed: '无法加载审计日志',
  },
  common: { cancel: '取消', ok: '确定', required: '必填' },
}

export const useAdminMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
