import { fmt, useDictionary } from '../../lib/i18n'

type Entry = { actor: string; actor_name?: string | null; action: string; fields: Record<string, unknown> }

const en: Record<string, string> = {
  create: '{who} opened the incident',
  acceptedIncident1: '{who} accepted',
  commitSolution1: '{who} submitted a solution',
  confirm: '{who} recorded the verification',
  rejectIncident1: '{who} rejected the incident',
  submitDraft1: '{who} submitted the draft',
  'alarm.linked': 'alarm {alarm} linked',
  'alarm.recovered': 'alarm {alarm} recovered',
  'alarm.refired': 'alarm {alarm} fired again',
  'page.notified': '{name} was paged (level {level}) via {channels}',
  'page.acknowledged': '{name} acknowledged the page',
  'page.nobody': 'nobody is on call for level {level}',
  'page.unrouted': 'no escalation policy covers this incident',
  'page.exhausted': 'escalation ended: nobody accepted',
  'page.delivery-retrying': '{channel} to {user} failed ({reason}); retrying',
  'page.delivery-failed': '{channel} to {user} failed for good: {reason}',
}
const zh: typeof en = {
  create: '{who} 创建了事件',
  acceptedIncident1: '{who} 已受理',
  commitSolution1: '{who} 提交了解决方案',
  confirm: '{who} 记录了验证结果',
  rejectIncident1: '{who} 驳回了事件',
  submitDraft1: '{who} 提交了草稿',
  'alarm.linked': '关联告警 {alarm}',
  'alarm.recovered': '告警 {alarm} 已恢复',
  'alarm.refired': '告警 {alarm} 再次触发',
  'page.notified': '已通知 {name}（第 {level} 级），渠道：{channels}',
  'page.acknowledged': '{name} 已确认通知',
  'page.nobody': '第 {level} 级无人值班',
  'page.unrouted': '没有升级策略覆盖此事件',
  'page.exhausted': '升级结束：无人受理',
  'page.delivery-retrying': '{channel} 发送给 {user} 失败（{reason}），重试中',
  'page.delivery-failed': '{channel} 发送给 {user} 最终失败：{reason}',
}

/** Timeline entries as sentences ("Olivia accepted"), not internal keys; unknown actions show their key. */
export function useTimelineSentence() {
  const d = useDictionary({ 'en-US': en, 'zh-CN': zh })
  return (t: Entry, names: Record<string, string> = {}) => {
    const f = t.fields
    const template = d[t.action]
    if (!template) return t.action
    return fmt(template, {
      who: t.actor_name ?? names[t.actor] ?? t.actor,
      name: String(f.name ?? f.user ?? ''),
      user: String(f.user ?? ''),
      level: String(f.level ?? ''),
      channels: Array.isArray(f.channels) ? f.channels.join(', ') : '',
      channel: String(f.channel ?? ''),
      reason: String(f.reason ?? ''),
      alarm: String(f.alarm_id ?? ''),
    })
  }
}
