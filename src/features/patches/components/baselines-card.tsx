import { useQuery } from '@tanstack/react-query'
import { Button, Card, Popconfirm, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import type { Baseline, BaselineRule } from '../../../contract/patches'
import { fmt } from '../../../lib/i18n'
import { useDeleteBaseline } from '../api/patches-mutations'
import { patchQueries } from '../api/patches-queries'
import { usePatchMessages } from '../patches-messages'
import { BaselineForm } from './baseline-form'

/** Baselines with their rules; operators edit them (reports are re-evaluated by the server). */
export function BaselinesCard({ canEdit }: { canEdit: boolean }) {
  const m = usePatchMessages()
  const { data, isLoading } = useQuery(patchQueries.baselines())
  const [editing, setEditing] = useState<Baseline | 'new' | null>(null)
  const remove = useDeleteBaseline({ successMessage: m.baselines.deleted })
  const ruleText = (r: BaselineRule) =>
    fmt(m.baselines.rule, {
      classes: r.classifications.join('/') || m.baselines.anyClass,
      severities: r.severities.map((s) => m.severity[s]).join('/') || m.baselines.anySeverity,
      days: r.approve_after_days,
      level: m.severity[r.compliance_level],
    })
  return (
    <Card
      title={m.baselines.title}
      extra={canEdit && <Button onClick={() => setEditing('new')}>{m.baselines.create}</Button>}
    >
      <Table<Baseline>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={{ pageSize: 5 }}
        columns={[
          {
            title: m.baselines.name,
            dataIndex: 'name',
            render: (n: string, b) => (
              <Space>
                {n}
                {b.is_default && <Tag color="blue">{m.baselines.default}</Tag>}
              </Space>
            ),
          },
          { title: m.baselines.os, dataIndex: 'operating_system' },
          {
            title: m.baselines.rules,
            key: 'rules',
            render: (_: unknown, b) => (
              <Space orientation="vertical" size={0}>
                {b.rules.map(ruleText).map((text) => (
                  // A baseline's rules are distinct, so their text is unique within it.
                  <span key={text}>{text}</span>
                ))}
              </Space>
            ),
          },
          ...(canEdit
            ? [
                {
                  title: '',
                  key: 'actions',
                  render: (_: unknown, b: Baseline) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(b)}>
                        {m.baselines.edit}
                      </Button>
                      {!b.is_default && (
                        <Popconfirm title={m.baselines.confirmDelete} onConfirm={() => remove.mutate(b.id)}>
                          <Button size="small" danger>
                            {m.baselines.delete}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <BaselineForm baseline={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  )
}
