import { ErrorReason } from '../../components/error-reason'
import { useQuery } from '@tanstack/react-query'
import { Alert, Card } from 'antd'
import { useParams } from 'react-router'
import { approvalQueries } from '../../features/approvals/api/approval-queries'
import { ApprovalList } from '../../features/approvals/components/approval-list'
import { ApprovalView } from '../../features/approvals/components/approval-view'
import { useApprovalMessages } from '../../features/approvals/approvals-messages'
import { useShellMessages } from '../shell-messages'
import { useLiveRefetch } from '../../lib/live-events'

/** The approvals inbox; `/approvals/:approvalId` shows one approval in place of the list. */
export function Component() {
  const m = useApprovalMessages()
  const { approvalId } = useParams()
  // An approval request reaches its approvers' inboxes: the list refetches with it (it also polls every 15 s).
  useLiveRefetch(['inbox'], approvalQueries.all())
  if (approvalId) return <ApprovalById approvalId={approvalId} />
  return (
    <Card styles={{ body: { padding: 12 } }} title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.title}</h1>}>
      <ApprovalList />
    </Card>
  )
}

function ApprovalById({ approvalId }: { approvalId: string }) {
  const m = useApprovalMessages()
  const shell = useShellMessages()
  const { data, error } = useQuery(approvalQueries.detail(approvalId))
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return data ? <ApprovalView approval={data} roleLabels={shell.roles} /> : null
}
