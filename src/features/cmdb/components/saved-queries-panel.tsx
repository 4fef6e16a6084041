import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Form, Input, Modal, Popconfirm, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import type { Topology } from '../../../contract/cmdb'
import { CUSTOM_QUERY_NAME_MAX, type CustomQuery } from '../../../contract/custom-queries'
import { customQueryQueries } from '../../../lib/custom-query-queries'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { useDeleteCustomQuery, useRenameCustomQuery } from '../api/custom-query-mutations'
import { useSavedQueryMessages } from '../saved-query-messages'
import { conditionLines } from '../utils/saved-query'
import { AgentStatusTag } from './agent-status-tag'

export interface SavedQueriesPanelProps {
  topology?: Topology
  canWrite: boolean
  /** Whether the reader may start runs ("Use in a run"). */
  canRun: boolean
}

/**
 * Saved host queries (BlueKing custom queries): listed with their conditions, each row expanding to the
 * hosts it selects now; cmdb:write roles rename and delete them; "Use in a run" opens the execution wizard
 * with the query offered on its hosts step. New ones are saved from the host list's filter.
 */
export function SavedQueriesPanel({ topology, canWrite, canRun }: SavedQueriesPanelProps) {
  const m = useSavedQueryMessages()
  const { data, isLoading, error } = useQuery(customQueryQueries.list())
  const [renaming, setRenaming] = useState<CustomQuery | null>(null)
  const remove = useDeleteCustomQuery({ successMessage: m.removed })
  const bizName = (id: number) => topology?.businesses.find((b) => b.id === id)?.name ?? String(id)
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
  return (
    <>
      <Typography.Paragraph type="secondary">{m.hint}</Typography.Paragraph>
      <Table<CustomQuery>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: m.empty }}
        expandable={{ expandedRowRender: (q) => <QueryHosts queryId={q.id} /> }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.business, dataIndex: 'bizId', render: bizName },
          {
            title: m.conditions,
            key: 'conditions',
            render: (_: unknown, q) => {
              const lines = conditionLines(q.info)
              return lines.length ? lines.map((l) => <div key={l}>{l}</div>) : m.allHosts
            },
          },
          { title: m.updated, dataIndex: 'updatedAt', render: formatTime },
          {
            title: m.actions,
            key: 'actions',
            render: (_: unknown, q) => (
              <Space>
                {canRun && <Link to={paths.executionWizard.href(undefined, { savedQuery: q.id })}>{m.useInRun}</Link>}
                {canWrite && (
                  <Button size="small" onClick={() => setRenaming(q)}>
                    {m.rename}
                  </Button>
                )}
                {canWrite && (
                  <Popconfirm title={fmt(m.confirmRemove, { name: q.name })} onConfirm={() => remove.mutate(q.id)}>
                    <Button size="small" danger>
                      {m.remove}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {renaming && <RenameModal query={renaming} onClose={() => setRenaming(null)} />}
    </>
  )
}

/** The hosts a query selects now (evaluated when the row opens). */
function QueryHosts({ queryId }: { queryId: string }) {
  const m = useSavedQueryMessages()
  const { data, isLoading, error } = useQuery(customQueryQueries.hosts(queryId))
  if (error) return <Alert type="error" showIcon title={m.hostsFailed} description={error.message} />
  return (
    <Table
      aria-label={m.hosts}
      size="small"
      rowKey="id"
      loading={isLoading}
      dataSource={data}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: m.noHosts }}
      columns={[
        { title: m.hostName, dataIndex: 'name' },
        { title: m.ip, dataIndex: 'innerIp' },
        { title: m.agent, dataIndex: 'agentStatus', render: (s) => <AgentStatusTag status={s} /> },
        { title: m.place, key: 'place', render: (_: unknown, h) => `${h.setName} / ${h.moduleName}` },
      ]}
    />
  )
}

function RenameModal({ query, onClose }: { query: CustomQuery; onClose: () => void }) {
  const m = useSavedQueryMessages()
  const [form] = Form.useForm<{ name: string }>()
  const rename = useRenameCustomQuery({ onSuccess: onClose, meta: { silent: true, successMessage: m.renamed } })
  return (
    <Modal
      open
      title={fmt(m.renameTitle, { name: query.name })}
      okText={m.save}
      cancelText={m.cancel}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={rename.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: query.name }}
        onFinish={(v) => rename.mutate({ queryId: query.id, name: v.name.trim() })}
      >
        <Form.Item
          name="name"
          label={m.name}
          rules={[{ required: true, whitespace: true, max: CUSTOM_QUERY_NAME_MAX, message: m.nameRequired }]}
        >
          <Input maxLength={CUSTOM_QUERY_NAME_MAX} />
        </Form.Item>
      </Form>
      {rename.error && <Alert type="error" showIcon title={rename.error.message} />}
    </Modal>
  )
}
