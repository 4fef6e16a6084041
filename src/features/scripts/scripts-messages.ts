import { defineMessages } from '../../lib/i18n'

const en = {
  title: 'Script library', create: 'New script', run: 'Run', edit: 'Edit', delete: 'Delete', details: 'Details', versions: 'Versions',
  confirmDelete: 'Delete script {name}? Its versions and reviews are deleted too.', deleted: 'Script deleted', saved: 'Script saved',
  loadFailed: 'Could not load scripts', empty: 'No scripts yet', search: 'Search by name',
  col: { name: 'Name', type: 'Type', risk: 'Risk', status: 'Status', version: 'Version', reviewers: 'Reviewers', creator: 'Creator', updated: 'Updated' },
  any: { type: 'Any type', risk: 'Any risk', status: 'Any status' },
  risk: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High' },
  status: { PENDING_APPROVE: 'Pending review', APPROVED: 'Approved', REJECTED: 'Rejected' },
  decision: { pending: 'pending', approved: 'approved', rejected: 'rejected' },
  highRisk: 'High-risk commands found',
  form: {
    createTitle: 'New script', editTitle: 'Edit script {name}', name: 'Name', type: 'Type', description: 'Description', content: 'Script content',
    riskLevel: 'Risk level', version: 'Version', protocol: 'Notify reviewers by', reviewers: 'Reviewers', noReviewers: 'No one can review yet',
    reviewersHint: 'Up to 5. With reviewers the script waits for approval; without, it is approved at once.',
    params: 'Parameters', addParam: 'Add parameter', paramName: 'Name', paramValue: 'Default value', paramDescription: 'Description',
    sensitive: 'Sensitive', remove: 'Remove', keepSecret: 'Leave ****** to keep the stored value', save: 'Save', cancel: 'Cancel',
    namePattern: 'Letters, digits and _ only (1–64)', required: 'Required', tooManyReviewers: 'At most 5 reviewers',
  },
  protocol: { DEFAULT: 'Inbox only', SMS: 'SMS', EMAIL: 'E-mail', DING_TALK: 'DingTalk', WE_LINK: 'WeLink', WECHAT: 'WeChat', CALLNOTIFY: 'Voice call', NOT_TO_NOTIFY: 'Do not notify' },
  detail: {
    revision: 'Revision {n}', approvedRevision: 'Last approved revision', never: 'never', findings: 'Risk findings', noFindings: 'No risky commands found',
    line: 'line {n}', reviews: 'Reviews', noReviews: 'No review needed', rejectedBy: 'Rejected by {by}: {comment}', params: 'Parameters', content: 'Content',
  },
  history: { from: 'From', to: 'To', nothing: 'nothing (first version)', compare: 'Compare', by: 'by {author}', fields: 'Changed fields', field: 'Field', before: 'Before', after: 'After', noFieldChanges: 'No field changes' },
  change: { create: 'created', update: 'modified', 'risk-level': 'risk level changed' },
  rules: {
    'rm-rf-root': 'Deletes the root file system', mkfs: 'Formats a file system', 'dd-device': 'Writes raw data to a disk',
    shutdown: 'Shuts down or reboots the host', 'curl-pipe-shell': 'Runs a script downloaded from the network', 'fork-bomb': 'Fork bomb',
    'chmod-777-root': 'Opens permissions on /', 'windows-format': 'Formats a Windows drive', 'windows-recursive-delete': 'Recursive delete on a drive',
    'python-rmtree-root': 'Deletes the root file system',
  } as Record<string, string>,
  review: {
    title: 'Review script {name}', intro: 'Revision {revision} by {author}. Compare it with the last approved version, check the findings, then decide.',
    diffTitle: 'Changes since the last approved version', firstReview: 'Never approved before: everything is new.',
    comment: 'Comment', commentHint: 'A rejection needs a reason; the author sees it.', approve: 'Approve', reject: 'Reject', riskLevel: 'Risk level',
    done: 'You {decision} this script. It is now {status}.', expires: 'This link expires at {at} and works once.', decided: 'Decision recorded',
    refused: {
      LINK_INVALID: 'This review link is not valid', LINK_EXPIRED: 'This review link has expired', LINK_USED: 'This review link was already used',
      LINK_WRONG_USER: 'This review link is for another reviewer', LINK_SUPERSEDED: 'This review link is out of date', other: 'The review link cannot be opened',
    } as Record<string, string>,
    nothingChanged: 'Nothing was changed.', toLibrary: 'Go to the script library',
  },
}

const zh: typeof en = {
  title: '脚本库', create: '新建脚本', run: '执行', edit: '编辑', delete: '删除', details: '详情', versions: '版本',
  confirmDelete: '确定删除脚本 {name}？其版本与审核记录也会被删除。', deleted: '脚本已删除', saved: '脚本已保存',
  loadFailed: '无法加载脚本', empty: '暂无脚本', search: '按名称搜索',
  col: { name: '名称', type: '类型', risk: '风险', status: '状态', version: '版本', reviewers: '审核人', creator: '创建人', updated: '更新时间' },
  any: { type: '全部类型', risk: '全部风险', status: '全部状态' },
  risk: { LOW: '低', MEDIUM: '中', HIGH: '高' },
  status: { PENDING_APPROVE: '待审核', APPROVED: '已通过', REJECTED: '已驳回' },
  decision: { pending: '待审核', approved: '已通过', rejected: '已驳回' },
  highRisk: '发现高危命令',
  form: {
    createTitle: '新建脚本', editTitle: '编辑脚本 {name}', name: '名称', type: '类型', description: '描述', content: '脚本内容',
    riskLevel: '风险等级', version: '版本号', protocol: '审核通知方式', reviewers: '审核人', noReviewers: '暂无可审核的用户',
    reviewersHint: '最多 5 人。有审核人时脚本需审核通过；没有时立即通过。',
    params: '参数', addParam: '添加参数', paramName: '名称', paramValue: '默认值', paramDescription: '描述',
    sensitive: '敏感', remove: '移除', keepSecret: '保留 ****** 即沿用已保存的值', save: '保存', cancel: '取消',
    namePattern: '仅限字母、数字和下划线（1–64）', required: '必填', tooManyReviewers: '最多 5 名审核人',
  },
  protocol: { DEFAULT: '仅站内信', SMS: '短信', EMAIL: '邮件', DING_TALK: '钉钉', WE_LINK: 'WeLink', WECHAT: '微信', CALLNOTIFY: '语音电话', NOT_TO_NOTIFY: '不通知' },
  detail: {
    revision: '修订 {n}', approvedRevision: '最近通过的修订', never: '从未', findings: '风险发现', noFindings: '未发现风险命令',
    line: '第 {n} 行', reviews: '审核', noReviews: '无需审核', rejectedBy: '{by} 驳回：{comment}', params: '参数', content: '内容',
  },
  history: { from: '从', to: '到', nothing: '空（首个版本）', compare: '对比', by: '由 {author}', fields: '变更字段', field: '字段', before: '变更前', after: '变更后', noFieldChanges: '无字段变更' },
  change: { create: '创建', update: '修改', 'risk-level': '调整风险等级' },
  rules: {
    'rm-rf-root': '删除根文件系统', mkfs: '格式化文件系统', 'dd-device': '向磁盘写入原始数据',
    shutdown: '关机或重启主机', 'curl-pipe-shell': '执行从网络下载的脚本', 'fork-bomb': 'Fork 炸弹',
    'chmod-777-root': '放开根目录权限', 'windows-format': '格式化 Windows 磁盘', 'windows-recursive-delete': '递归删除磁盘内容',
    'python-rmtree-root': '删除根文件系统',
  },
  review: {
    title: '审核脚本 {name}', intro: '{author} 提交的修订 {revision}。请对比最近通过的版本并查看风险发现，然后做出决定。',
    diffTitle: '相对最近通过版本的变更', firstReview: '此前从未通过：全部为新增内容。',
    comment: '意见', commentHint: '驳回需填写原因，作者可见。', approve: '通过', reject: '驳回', riskLevel: '风险等级',
    done: '你已{decision}该脚本，当前状态：{status}。', expires: '此链接在 {at} 前有效，且只能使用一次。', decided: '审核结果已记录',
    refused: {
      LINK_INVALID: '审核链接无效', LINK_EXPIRED: '审核链接已过期', LINK_USED: '审核链接已被使用',
      LINK_WRONG_USER: '此审核链接属于其他审核人', LINK_SUPERSEDED: '审核链接已失效（脚本已更新）', other: '无法打开审核链接',
    },
    nothingChanged: '未做任何更改。', toLibrary: '前往脚本库',
  },
}

export const useScriptsMessages = defineMessages({ 'en-US': en, 'zh-CN': zh })
