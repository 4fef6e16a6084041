import { ErrorReason } from '../../../components/error-reason'
import { useQuery } from '@tanstack/react-query'
import { Alert, Segmented, Space, Tag } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
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
      <ItemList
        loading={isLoading}
        emptyText={m.empty}
        items={data?.items}
        rowKey={(a) => a.id}
        pagination={data ? { current: page, total: data.total, pageSize: 20, onChange: setPage } : false}
        renderItem={(a) => (
          <ItemRow
            title={<Link to={paths.approval.href(a.id)}>{a.title}</Link>}
            description={
              <Space size={6} wrap>
                <Tag color={a.risk === 'HIGH' ? 'red' : 'orange'}>{m.riskLevel[a.risk]}</Tag>
                <Tag>{m.status[a.status]}</Tag>
                <span>
                  {a.requester} · {formatTime(a.createdAt)}
                </span>
              </Space>
            }
          />
        )}
      />
    </>
  )
}
