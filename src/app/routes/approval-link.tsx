import { useQuery } from '@tanstack/react-query'
import { Alert } from 'antd'
import { useParams } from 'react-router'
import { approvalQueries } from '../../features/approvals/api/approval-queries'
import { ApprovalView } from '../../features/approvals/components/approval-view'
import { useApprovalMessages } from '../../features/approvals/approvals-messages'

/** A signed approval link from an inbox message or notification: bound to its approver, single use. */
export function Component() {
  const m = useApprovalMessages()
  const { token = '' } = useParams()
  const { data, error } = useQuery(approvalQueries.link(token))
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
  return data ? <ApprovalView approval={data} token={token} /> : null
}
