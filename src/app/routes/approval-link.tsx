import { ErrorReason } from '../../components/error-reason'
import { useQuery } from '@tanstack/react-query'
import { Alert } from 'antd'
import { useParams } from 'react-router'
import { approvalQueries } from '../../features/approvals/api/approval-queries'
import { ApprovalView } from '../../features/approvals/components/approval-view'
import { useApprovalMessages } from '../../features/approvals/approvals-messages'
import { useShellMessages } from '../shell-messages'

/** A signed approval link from an inbox message or notification: bound to its approver, single use. */
export function Component() {
  const m = useApprovalMessages()
  const shell = useShellMessages()
  const { token = '' } = useParams()
  const { data, error } = useQuery(approvalQueries.link(token))
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
  return data ? <ApprovalView approval={data} token={token} roleLabels={shell.roles} /> : null
}
