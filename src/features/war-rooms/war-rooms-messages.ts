import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'WarRoom', running: 'Running', closed: 'Closed', total: 'Total (30 days)',
  charts: { perDay: 'War rooms per day', restoration: 'Restoration duration (minutes)', byApp: 'By application', byLevel: 'By incident level' },
  filters: { title: 'Search title', status: 'Status', level: 'Level', incident: 'Incident no.', admin: 'Admin' },
  table: { title: 'Title', incident: 'Incident', level: 'Level', admin: 'Admin', status: 'Status', apps: 'Applications', regions: 'Regions',
    occur: 'Occurred', recover: 'Recovered', processing: 'Processing (min)', restoration: 'Restoration (min)', empty: 'No war rooms in this window' },
  detail: { incident: 'Incident', admin: 'Admin', participants: 'Participants', leaders: 'Recovery leaders', members: 'Recovery members',
    apps: 'Impacted applications', regions: 'Impacted regions', occur: 'Occurred', recover: 'Recovered', firstReport: 'First report',
    recoveryNotice: 'Recovery notice', cause: 'Fault cause', stream: 'Timeline and notes', note: 'Add a note…', send: 'Send note',
    report: 'Send status report', addPeople: 'Add participants (user names, comma separated)', add: 'Add', close: 'Close war room',
    confirmClose: 'Close this war room?', live: 'Updates every 5 s', openIncident: 'Open incident', back: 'All war rooms' },
  loadFailed: 'Could not load war rooms',
}
const zh: typeof en = {
  title: '作战室', running: '进行中', closed: '已关闭', total: '总数（30 天）',
  charts: { perDay: '每日作战室数量', restoration: '恢复时长（分钟）', byApp: '按应用', byLevel: '按事件级别' },
  filters: { title: '搜索标题', status: '状态', level: '级别', incident: '事件单号', admin: '管理员' },
  table: { title: '标题', incident: '事件', level: '级别', admin: '管理员', status: '状态', apps: '应用', regions: '区域',
    occur: '发生时间', recover: '恢复时间', processing: '处理时长（分钟）', restoration: '恢复时长（分钟）', empty: '该时间窗口内没有作战室' },
  detail: { incident: '事件', admin: '管理员', participants: '参与者', leaders: '主恢复责任人', members: '恢复成员',
    apps: '影响应用', regions: '影响区域', occur: '发生时间', recover: '恢复时间', firstReport: '首次通报',
    recoveryNotice: '恢复通报', cause: '故障原因', stream: '时间线与记录', note: '添加记录…', send: '发送记录',
    report: '发送状态通报', addPeople: '添加参与者（用户名，逗号分隔）', add: '添加', close: '关闭作战室',
    confirmClose: '确定关闭此作战室？', live: '每 5 秒更新', openIncident: '打开事件', back: '全部作战室' },
  loadFailed: '无法加载作战室',
}
export const useWarRoomMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
