import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'Inbox',
  bell: 'Inbox',
  empty: 'No messages',
  markAll: 'Mark all read',
  open: 'Open',
  unreadOnly: 'Unread only',
  loadFailed: 'Could not load the inbox',
}
const zh: typeof en = {
  title: '站内信',
  bell: '站内信',
  empty: '暂无消息',
  markAll: '全部标为已读',
  open: '打开',
  unreadOnly: '仅未读',
  loadFailed: '无法加载站内信',
}

export const useInboxMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
