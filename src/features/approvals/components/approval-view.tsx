import { Alert, Button, Card, Descriptions, Input, Popconfirm, Space, Tag, Timeline } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import type { Approval } from '../../../contract/approvals'
import type { Role } from '../../../contract/permissions'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { useDecide, useDelegate, useWithdraw } from '../api/approval-queries'
import { useApprovalMessages } from '../approvals-messages'

const STATUS_COLOR = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
  timeout: 'default',
  canceled: 'default',
  withdrawn: 'default',
} as const

export interface ApprovalViewProps {
  approval: Approval
  /** Set when opened through a signed link: the vote goes through the link (single use). */
  token?: string
  /** Role names in the reader's language (the shell's table): approvers may be named by role. */
  roleLabels: Record<Role, string>
}

/**
 * One approval, phone-first (one column at 390 px): request, risk, targets, diff, rollback, then the vote
 * with a remark, delegation and the timeline.
 */
export function ApprovalView({ approval: a, token, roleLabels }: ApprovalViewProps) {
  const m = useApprovalMessages()
  const [remark, setRemark] = useState('')
  const [to, setTo] = useState('')
  const decide = useDecide(token ? { token } : { approvalId: a.id }, { successMessage: m.decided })
  const delegate = useDelegate(a.id, { successMessage: m.decided })
  const withdraw = useWithdraw(a.id, { successMessage: m.withdrawn })
  const withdrawnBy = a.status === 'withdrawn' ? a.timeline.findLast((e) => e.action === 'withdraw') : undefined
  return (
    <Card
      styles={{ body: { padding: 12 } }}
      title={
        <Space wrap>
          <h1 style={{ fontSize: 18, margin: 0, whiteSpace: 'normal' }}>{a.title}</h1>
          <Tag color={STATUS_COLOR[a.status]}>{m.status[a.status]}</Tag>
        </Space>
      }
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={m.request}>{a.request}</Descriptions.Item>
        <Descriptions.Item label={m.risk}>
          <Tag color={a.risk === 'HIGH' ? 'red' : a.risk === 'MEDIUM' ? 'orange' : 'green'}>{m.riskLevel[a.risk]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={m.targets}>{a.targets.join(', ') || '—'}</Descriptions.Item>
        <Descriptions.Item label={m.rollback}>{a.rollback || '—'}</Descriptions.Item>
        <Descriptions.Item label={m.approvers}>
          {[...a.approvers.users, ...a.approvers.roles.map((r) => roleLabels[r as Role] ?? r)].join(', ')} (
          {m.mode[a.mode]})
        </Descriptions.Item>
        <Descriptions.Item label={m.requester}>{a.requester}</Descriptions.Item>
        <Descriptions.Item label={m.timeout}>{formatTime(a.timeoutAt)}</Descriptions.Item>
      </Descriptions>
      {withdrawnBy && (
        <Alert
          style={{ marginTop: 8 }}
          type="warning"
          showIcon
          title={fmt(m.withdrawnBy, { actor: withdrawnBy.actor })}
          description={withdrawnBy.remark || undefined}
        />
      )}
      {a.canWithdraw && (
        <div style={{ marginTop: 8 }}>
          <Popconfirm
            title={m.withdrawConfirm}
            okText={m.withdrawOk}
            cancelText={m.withdrawCancel}
            okButtonProps={{ danger: true }}
            onConfirm={() => withdraw.mutate({ remark })}
          >
            <Button danger loading={withdraw.isPending}>
              {m.withdraw}
            </Button>
          </Popconfirm>
        </div>
      )}
      {a.runId && (
        <div style={{ marginTop: 8 }}>
          <Link to={paths.planRun.href(a.runId)}>{m.openRun}</Link>
        </div>
      )}
      <h3 style={{ marginTop: 16 }}>{m.diff}</h3>
      {a.contentDiff ? (
        <pre style={{ maxHeight: 320, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
          {a.contentDiff.split('\n').map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity but their position
            <div key={i} style={{ color: l.startsWith('+') ? '#237804' : l.startsWith('-') ? '#a8071a' : undefined }}>
              {l}
            </div>
          ))}
        </pre>
      ) : (
        <Alert type="info" title={m.noDiff} />
      )}
      {a.canDecide && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Input.TextArea
            aria-label={m.remark}
            placeholder={m.remark}
            value={remark}
            onChange={(e) => setRemark(e.target.value)}
          />
          <Space.Compact block>
            <Button
              type="primary"
              block
              loading={decide.isPending}
              onClick={() => decide.mutate({ decision: 'approve', remark })}
            >
              {m.approve}
            </Button>
            <Button danger block onClick={() => decide.mutate({ decision: 'reject', remark })}>
              {m.reject}
            </Button>
          </Space.Compact>
          {!token && (
            <Space.Compact block>
              <Input
                aria-label={m.delegateTo}
                placeholder={m.delegateTo}
                value={to}
                onChange={(e) => setTo(e.target.value)}
              />
              <Button disabled={!to} onClick={() => delegate.mutate({ to, remark })}>
                {m.delegate}
              </Button>
            </Space.Compact>
          )}
        </Space>
      )}
      <h3 style={{ marginTop: 16 }}>{m.timeline}</h3>
      <Timeline
        items={a.timeline.map((e) => ({
          color: e.action === 'reject' ? 'red' : e.action === 'approve' ? 'green' : 'blue',
          content: (
            <>
              <b>{e.actor}</b> {fmt(m.actions[e.action], { target: e.target ?? '' })} · {formatTime(e.at)}
              {e.remark && <div>{e.remark}</div>}
            </>
          ),
        }))}
      />
    </Card>
  )
}
