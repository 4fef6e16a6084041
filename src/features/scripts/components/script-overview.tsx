import { Alert, Descriptions, Space, Table, Tag, Typography } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
import type { ScriptView } from '../../../contract/script-console'
import { fmt } from '../../../lib/i18n'
import { useScriptsMessages } from '../scripts-messages'
import { RiskFindings } from './risk-findings'
import { RiskTag, ScriptStatusTag } from './script-tags'

/** A script's state: status and rejection reason, risk findings, reviews, content and (masked) parameters. */
export function ScriptOverview({ view }: { view: ScriptView }) {
  const m = useScriptsMessages()
  const s = view.script
  return (
    <Space orientation="vertical" style={{ width: '100%', minWidth: 0 }}>
      {view.rejection && (
        <Alert
          type="error"
          showIcon
          title={fmt(m.detail.rejectedBy, { by: view.rejection.by, comment: view.rejection.comment })}
        />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        bordered
        items={[
          { key: 'status', label: m.col.status, children: <ScriptStatusTag status={s.status} /> },
          { key: 'risk', label: m.col.risk, children: <RiskTag level={s.properties.risk_level} /> },
          { key: 'type', label: m.col.type, children: s.type },
          {
            key: 'version',
            label: m.col.version,
            children: `${s.version} · ${fmt(m.detail.revision, { n: view.revision })}`,
          },
          { key: 'approved', label: m.detail.approvedRevision, children: view.approvedRevision ?? m.detail.never },
          { key: 'creator', label: m.col.creator, children: s.creator },
          { key: 'description', label: m.form.description, children: s.description, span: 2 },
        ]}
      />
      <RiskFindings findings={view.findings} />
      <ItemList
        size="small"
        bordered
        header={m.detail.reviews}
        emptyText={m.detail.noReviews}
        items={view.reviews}
        renderItem={(r) => (
          <ItemRow>
            <span>{r.reviewerName}</span>
            <Tag color={r.decision === 'approved' ? 'green' : r.decision === 'rejected' ? 'red' : 'gold'}>
              {m.decision[r.decision]}
            </Tag>
            {r.comment && <Typography.Text type="secondary">{r.comment}</Typography.Text>}
          </ItemRow>
        )}
      />
      <Typography.Title level={5}>{m.detail.content}</Typography.Title>
      <figure aria-label={m.detail.content} style={{ margin: 0 }}>
        <pre style={{ background: '#fafafa', padding: 12, borderRadius: 6, fontSize: 12, overflowX: 'auto' }}>
          {s.content}
        </pre>
      </figure>
      {s.script_params.length > 0 && (
        <Table
          size="small"
          rowKey="param_name"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={s.script_params}
          columns={[
            { title: m.form.paramName, dataIndex: 'param_name' },
            { title: m.form.paramValue, dataIndex: 'param_value' },
            { title: m.form.paramDescription, dataIndex: 'param_description' },
            {
              title: m.form.sensitive,
              dataIndex: 'sensitive',
              render: (v: boolean) => (v ? <Tag color="purple">{m.form.sensitive}</Tag> : null),
            },
          ]}
        />
      )}
    </Space>
  )
}
