import { defineMessages } from '../lib/i18n'

const en = {
  product: 'Ops Console',
  nav: {
    scripts: 'Script library',
    executionWizard: 'Batch execution',
    tickets: 'Execution tickets',
    incidents: 'Incidents',
    warRooms: 'WarRoom',
    oncall: 'On-call',
    patches: 'Patch compliance',
    cmdb: 'CMDB topology',
    admin: 'Administration',
    adminUsers: 'Users & access keys',
    adminAudit: 'Audit log',
    files: 'File distribution',
    adminBkApps: 'BlueKing API apps',
  },
  groups: { operate: 'Operate', respond: 'Respond', inventory: 'Inventory' },
  login: {
    title: 'Sign in to the Ops Console',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    required: 'Required',
    failed: 'Sign-in failed',
    project: 'Enterprise project (optional)',
  },
  user: { logout: 'Sign out', role: 'Role', language: 'Language' },
  roles: {
    platform_admin: 'Platform administrator',
    admin: 'Tenant administrator',
    operator: 'Operator',
    reviewer: 'Reviewer',
    viewer: 'Viewer',
  },
  notBuilt: {
    title: '{page} is not built yet',
    body:
      'This page is planned ({issue}) but has not been implemented in this build. ' +
      'Nothing here is simulated: when it ships it will run on real data.',
    back: 'Back to the start',
  },
  errors: {
    title: 'Something went wrong',
    notFound: 'Page not found',
    notFoundBody: 'There is no page at {path}.',
    retry: 'Reload',
    home: 'Home',
    forbidden: 'You do not have access to this page.',
  },
  home: {
    welcome: 'Welcome, {name}',
    intro: 'Pick a page from the menu. Your role is {role}.',
  },
}

const zh: typeof en = {
  product: '运维控制台',
  nav: {
    scripts: '脚本库',
    executionWizard: '批量执行',
    tickets: '执行工单',
    incidents: '事件',
    warRooms: '作战室',
    oncall: '值班',
    patches: '补丁合规',
    cmdb: 'CMDB 拓扑',
    admin: '系统管理',
    adminUsers: '用户与访问密钥',
    adminAudit: '审计日志',
    files: '文件分发',
    adminBkApps: '蓝鲸 API 应用',
  },
  groups: { operate: '作业', respond: '响应', inventory: '资源' },
  login: {
    title: '登录运维控制台',
    username: '用户名',
    password: '密码',
    submit: '登录',
    required: '必填',
    failed: '登录失败',
    project: '企业项目（可选）',
  },
  user: { logout: '退出登录', role: '角色', language: '语言' },
  roles: {
    platform_admin: '平台管理员',
    admin: '租户管理员',
    operator: '运维人员',
    reviewer: '审核人',
    viewer: '只读用户',
  },
  notBuilt: {
    title: '{page}尚未构建',
    body: '该页面已在规划中（{issue}），但当前版本尚未实现。这里没有任何模拟数据：上线后将基于真实数据运行。',
    back: '返回首页',
  },
  errors: {
    title: '出错了',
    notFound: '页面不存在',
    notFoundBody: '{path} 没有对应的页面。',
    retry: '重新加载',
    home: '首页',
    forbidden: '你无权访问此页面。',
  },
  home: {
    welcome: '欢迎，{name}',
    intro: '请从左侧菜单选择页面。你的角色是{role}。',
  },
}

export const useShellMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
