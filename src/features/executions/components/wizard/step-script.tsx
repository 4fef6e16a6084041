import { CheckOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import type { ScriptSummary } from '../../../../contract/script-console'
import { executionQueries } from '../../api/execution-queries'
import { useExecutionMessages } from '../../executions-messages'
import { RiskLevelTag } from '../execution-tags'

export interface StepScriptProps {
  scriptUuid: string | null
  onPick: (scriptUuid: string) => void
}

/** Step 1: search the approved scripts (the only ones that may run) and pick one. */
export function StepScript({ scriptUuid, onPick }: StepScriptProps) {
  const m = useExecutionMessages().wizard.script
  const [nameLike, setNameLike] = useState<string | undefined>()
  const [page, setPage] = useState(1)
  const { data, error, isLoading } = useQuery(executionQueries.approvedScripts(nameLike, page))
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{m.onlyApproved}</Typography.Text>
      <Input.Search
        allowClear
        placeholder={m.search}
        aria-label={m.search}
        style={{ width: 300 }}
        onSearch={(v) => {
          setNameLike(v || undefined)
          setPage(1)
        }}
      />
      {error && <Alert type="error" showIcon title={error.message} />}
      <Table<ScriptSummary>
        scroll={{ x: 'max-content' }}
        rowKey="scriptUuid"
        size="small"
        loading={isLoading}
        dataSource={data?.items}
        locale={{ emptyText: m.empty }}
        rowClassName={(s) => (s.scriptUuid === scriptUuid ? 'ant-table-row-selected' : '')}
        pagination={{ current: page, pageSize: 10, total: data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.type, dataIndex: 'type' },
          {
            title: m.risk,
            dataIndex: 'riskLevel',
            render: (r: ScriptSummary['riskLevel']) => <RiskLevelTag level={r} />,
          },
          { title: m.version, dataIndex: 'version' },
          {
            title: '',
            key: 'pick',
            render: (_: unknown, s) =>
              s.scriptUuid === scriptUuid ? (
                <Button size="small" type="primary" icon={<CheckOutlined />} aria-label={`${m.picked} ${s.name}`}>
                  {m.picked}
                </Button>
              ) : (
                <Button size="small" aria-label={`${m.pick} ${s.name}`} onClick={() => onPick(s.scriptUuid)}>
                  {m.pick}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  )
}
