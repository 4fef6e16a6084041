import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'BlueKing API apps',
  hint: 'Apps call the BlueKing job API (/api/c/compapi/v2/job/…) with bk_app_code + bk_app_secret and act as the console user named by bk_username.',
  code: 'App code (bk_app_code)',
  description: 'Description',
  register: 'Register app',
  registered: 'App registered',
  once: 'Copy the secret (bk_app_secret) now: it is shown only once.',
  createdBy: 'Registered by',
  createdAt: 'Registered',
  lastUsed: 'Last used',
  state: 'State',
  active: 'Active',
  revoked: 'Revoked',
  revoke: 'Revoke',
  confirmRevoke: 'Revoke this app? Its calls are refused from now on.',
  empty: 'No apps registered',
  invalidCode: 'Letters, digits, _ or -, starting with a letter (at most 32)',
}

const zh: typeof en = {
  title: '蓝鲸 API 应用',
  hint: '应用以 bk_app_code + bk_app_secret 调用蓝鲸作业平台 API（/api/c/compapi/v2/job/…），并以 bk_username 指定的控制台用户身份执行。',
  code: '应用 ID（bk_app_code）',
  description: '描述',
  register: '注册应用',
  registered: '应用已注册',
  once: '请立即复制安全密钥（bk_app_secret）：仅显示这一次。',
  createdBy: '注册人',
  createdAt: '注册时间',
  lastUsed: '最近使用',
  state: '状态',
  active: '有效',
  revoked: '已吊销',
  revoke: '吊销',
  confirmRevoke: '吊销此应用？此后其调用将被拒绝。',
  empty: '暂无已注册应用',
  invalidCode: '字母、数字、_ 或 -，以字母开头（最多 32 个字符）',
}

export const useBkAppsMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
