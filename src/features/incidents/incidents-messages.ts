import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'Incidents', create: 'New incident', mtta: 'MTTA', mttr: 'MTTR', open: 'Open', minutes: '{n} min', none: '—',
  filters: { level: 'Level', type: 'Type', source: 'Source', search: 'Search title', app: 'Application id', assignee: 'Assignee' },
  card: { age: 'Age {age}', sla: 'SLA {left}', breached: 'SLA breached {over}', alarms: '{n} alarms', interrupt: 'Service interrupted' },
  actions: { acceptedIncident1: 'Accept', commitSolution1: 'Submit solution', confirm: 'Verify', rejectIncident1: 'Reject', submitDraft1: 'Submit' },
  done: { acceptedIncident1: 'Incident accepted', commitSolution1: 'Solution submitted', confirm: 'Verification recorded', rejectIncident1: 'Incident rejected', submitDraft1: 'Draft submitted' },
  notAllowed: 'This move is not allowed from {from}',
  drawer: { timeline: 'Timeline', alarms: 'Linked alarms', details: 'Details', cause: 'Cause', solution: 'Solution', mtmType: 'Incident type',
    interrupt: 'Service interrupted', verifyPass: 'Verified: resolved', verifyFail: 'Not resolved: back to acknowledged', comment: 'Comment (≤ 300)',
    reason: 'Reason', assignee: 'Assignee', app: 'Application', region: 'Region', created: 'Created', recovered: 'recovered', firing: 'firing',
    received: '{n}× received', empty: 'No alarms linked' },
  form: { saveDraft: 'Save as draft', draftSaved: 'Draft saved: submit it from the board when ready', title: 'Title', description: 'Description', level: 'Level', type: 'Type', app: 'Application id', region: 'Region code', assignee: 'Assignee (user name)',
    interrupt: 'Service interrupted', done: 'Incident created', required: 'Required' },
  keyboard: 'Keys: j/k move, a accept, Enter open',
  keys: { open: 'Alarm integrations', title: 'Alarm integration keys', hint: 'Monitoring systems post alarms to the webhook of a key; a new alarm opens an incident, a recovery (alarmStatus ok) is recorded on it. Repeats of an alarmId are deduplicated.',
    name: 'Name', prefix: 'Key', createdAt: 'Created', lastUsed: 'Last used', create: 'Create key', created: 'Integration key created', empty: 'No integration keys yet',
    once: 'Copy the webhook URL now: the key is not shown again.', curl: 'Try it:', delete: 'Delete', confirmDelete: 'Delete this key? Alarms sent with it will be refused.' },
  loadFailed: 'Could not load incidents', cancel: 'Cancel', submit: 'Submit',
}

const zh: typeof en = {
  title: '事件', create: '新建事件', mtta: '平均受理时长', mttr: '平均恢复时长', open: '未关闭', minutes: '{n} 分钟', none: '—',
  filters: { level: '级别', type: '类别', source: '来源', search: '搜索标题', app: '应用 ID', assignee: '责任人' },
  card: { age: '已持续 {age}', sla: 'SLA 剩余 {left}', breached: 'SLA 已超时 {over}', alarms: '{n} 条告警', interrupt: '业务中断' },
  actions: { acceptedIncident1: '受理', commitSolution1: '提交解决方案', confirm: '验证', rejectIncident1: '驳回', submitDraft1: '提交' },
  done: { acceptedIncident1: '已受理', commitSolution1: '解决方案已提交', confirm: '验证已记录', rejectIncident1: '已驳回', submitDraft1: '草稿已提交' },
  notAllowed: '当前状态 {from} 不允许此操作',
  drawer: { timeline: '时间线', alarms: '关联告警', details: '详情', cause: '原因', solution: '解决方案', mtmType: '事件类别',
    interrupt: '业务中断', verifyPass: '验证通过：已解决', verifyFail: '未解决：退回已受理', comment: '验证说明（≤ 300）',
    reason: '驳回原因', assignee: '责任人', app: '应用', region: '区域', created: '创建时间', recovered: '已恢复', firing: '告警中',
    received: '收到 {n} 次', empty: '没有关联告警' },
  form: { saveDraft: '存为草稿', draftSaved: '草稿已保存：准备好后在看板上提交', title: '标题', description: '描述', level: '级别', type: '类别', app: '应用 ID', region: '区域 Code', assignee: '责任人（用户名）',
    interrupt: '业务中断', done: '事件已创建', required: '必填' },
  keyboard: '快捷键：j/k 移动，a 受理，Enter 打开',
  keys: { open: '告警接入', title: '告警接入密钥', hint: '监控系统把告警推送到密钥的 Webhook；新告警会创建事件，恢复（alarmStatus ok）会记录到事件上；相同 alarmId 的重复告警会被去重。',
    name: '名称', prefix: '密钥', createdAt: '创建时间', lastUsed: '最近使用', create: '创建密钥', created: '接入密钥已创建', empty: '还没有接入密钥',
    once: '请立即复制 Webhook 地址：密钥不会再次显示。', curl: '试一试：', delete: '删除', confirmDelete: '删除此密钥？使用它发送的告警将被拒绝。' },
  loadFailed: '无法加载事件', cancel: '取消', submit: '提交',
}

export const useIncidentMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
