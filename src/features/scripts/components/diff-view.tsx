import { Table, Typography } from 'antd'
import type { ScriptDiff } from '../../../contract/script-console'
import { useScriptsMessages } from '../scripts-messages'
import { fieldChangeText } from '../utils/field-change-text'

const BG = { add: '#f6ffed', remove: '#fff1f0', equal: 'transparent' } as const
const SIGN = { add: '+', remove: '-', equal: ' ' } as const

/** Line diff of the content plus the changed fields; text is rendered as text, never as HTML. */
export function DiffView({ diff }: { diff: ScriptDiff }) {
  const m = useScriptsMessages()
  return (
    <div>
      <figure aria-label="diff" style={{ margin: 0 }}>
        <pre
          style={{
            fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
            fontSize: 12,
            border: '1px solid #f0f0f0',
            borderRadius: 6,
            padding: 0,
            margin: 0,
            overflowX: 'auto',
          }}
        >
          {/* Long lines wrap under their own gutter instead of scrolling sideways: readable on a phone. */}
          {diff.lines.map((l) => (
            // (old, new) line numbers are unique per diff line: one of them always advances.
            <div
              key={`${l.oldLine ?? ''}:${l.newLine ?? ''}`}
              data-op={l.op}
              style={{ background: BG[l.op], padding: '0 8px', display: 'flex' }}
            >
              <span style={{ color: '#999', flex: '0 0 auto', minWidth: 56, userSelect: 'none' }}>
                {l.oldLine ?? ''} {l.newLine ?? ''}
              </span>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', minWidth: 0 }}>
                {SIGN[l.op]} {l.text}
              </span>
            </div>
          ))}
        </pre>
      </figure>
      <Typography.Title level={5}>{m.history.fields}</Typography.Title>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={diff.fields.map((f) => ({ ...fieldChangeText(f, { ...m.history, risk: m.risk }), key: f.field }))}
        locale={{ emptyText: m.history.noFieldChanges }}
        columns={[
          { title: m.history.field, dataIndex: 'field' },
          { title: m.history.before, dataIndex: 'before' },
          { title: m.history.after, dataIndex: 'after' },
        ]}
      />
    </div>
  )
}
