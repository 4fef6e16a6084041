import { useQuery } from '@tanstack/react-query'
import { Alert, Input, Space, Table } from 'antd'
import { useState } from 'react'
import { formatTime } from '../../../lib/format'
import { useLocale } from '../../../lib/i18n'
import { auditActionText, auditObjectText } from '../audit-words'
import { adminQueries, AUDIT_FIRST_PAGE } from '../api/admin-queries'
import { useAdminMessages } from '../admin-messages'
import { ErrorReason } from '../../../components/error-reason'

type Entry = {
  id: string
  at: string
  actor: string
  action: string
  targetType: string
  targetId: string | null
  before: unknown
  after: unknown
}

/** Filterable audit log; snapshots arrive with secrets already masked by the server. */
export function AuditTable() {
  const m = useAdminMessages()
  const { locale } = useLocale()
  const [page, setPage] = useState(AUDIT_FIRST_PAGE.page)
  const [action, setAction] = useState('')
  const [actor, setActor] = useState('')
  const query = { page, pageSize: AUDIT_FIRST_PAGE.pageSize, action: action || undefined, actor: actor || undefined }
  const { data, isLoading, error } = useQuery(adminQueries.audit(query))
  if (error)
    return <Alert type="error" showIcon title={m.audit.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Input.Search
          placeholder={m.audit.filterAction}
          aria-label={m.audit.filterActionLabel}
          allowClear
          onSearch={(v) => {
            setAction(v)
            setPage(1)
          }}
        />
        <Input.Search
          placeholder={m.audit.filterActor}
          aria-label={m.audit.filterActorLabel}
          allowClear
          onSearch={(v) => {
            setActor(v)
            setPage(1)
          }}
        />
      </Space>
      <Table<Entry>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data?.items as Entry[] | undefined}
        locale={{ emptyText: m.audit.empty }}
        pagination={{ current: page, pageSize: 20, total: data?.total, onChange: setPage, showSizeChanger: false }}
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {JSON.stringify({ before: e.before, after: e.after }, null, 2)}
            </pre>
          ),
          rowExpandable: (e) => e.before !== null || e.after !== null,
        }}
        columns={[
          { title: m.audit.at, dataIndex: 'at', render: formatTime, width: 200 },
          { title: m.audit.actor, dataIndex: 'actor' },
          {
            title: m.audit.action,
            dataIndex: 'action',
            // In words; the recorded key in the tooltip (the action filter takes keys).
            render: (a: string) => <span title={a}>{auditActionText(a, locale)}</span>,
          },
          {
            title: m.audit.target,
            key: 'target',
            render: (_: unknown, e: Entry) =>
              `${auditObjectText(e.targetType, locale)}${e.targetId ? ` ${e.targetId}` : ''}`,
          },
        ]}
      />
    </>
  )
}
