import { ErrorReason } from '../../../components/error-reason'
import { useQuery } from '@tanstack/react-query'
import { Alert, List, Segmented, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { formatTime } from '../../../lib/format'
import { approvalQueries } from '../api/approval-queries'
import { useApprovalMessages } from '../approvals-messages'

/** The approvals inbox: a list that reads on a phone (one line per request, the risk and status as tags). */
export function ApprovalList() {
  const m = useApprovalMessages()
  const [mine, setMine] = useState(true)
  const [page, setPage] = useState(1)
  const { data, error, isLoading } = useQuery(approvalQueries.list(page, mine))
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={mine ? 'mine' : 'all'}
        options={[
          { value: 'mine', label: m.mine },
          { value: 'all', label: m.all },
        ]}
        onChange={(v) => {
          setMine(v === 'mine')
          setPage(1)
        }}
      />
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <List
        loading={isLoading}
        locale={{ emptyText: m.empty }}
        dataSource={data?.items ?? []}
        pagination={
          data && data.total > 20 ? { current: page, total: data.total, pageSize: 20, onChange: setPage } : false
        }
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={paths.approval.href(a.id)}>{a.title}</Link>}
              description={
                <>
                  <Tag color={a.risk === 'HIGH' ? 'red' : 'orange'}>{m.riskLevel[a.risk]}</Tag>
                  <Tag>{m.status[a.status]}</Tag>
                  {a.requester} · {formatTime(a.createdAt)}
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  )
}
