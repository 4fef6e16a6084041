import { Alert, Card, Col, Input, InputNumber, Radio, Row, Select, Space, Tag, Typography } from 'antd'
import type { Host } from '../../../../contract/cmdb'
import { EXECUTION_LIMITS as L, ROTATION_STRATEGIES, type RotationStrategy } from '../../../../contract/execution-rules'
import { fmt } from '../../../../lib/i18n'
import { useExecutionMessages } from '../../executions-messages'
import type { Split } from '../../utils/wizard-plan'

export interface StepBatchesProps {
  split: Split
  onSplit: (patch: Partial<Split>) => void
  batches: Host[][]
  problems: string[]
  rotations: RotationStrategy[]
  onRotation: (index: number, rotation: RotationStrategy) => void
  onMove: (hostId: number, toBatch: number) => void
}

/**
 * Step 4: split by size or rolling expression, then adjust: a rotation strategy per batch, and hosts moved
 * between batches by drag and drop or (keyboard, screen readers) each host's "move to" menu.
 */
export function StepBatches({ split, onSplit, batches, problems, rotations, onRotation, onMove }: StepBatchesProps) {
  const root = useExecutionMessages()
  const m = root.wizard.batches
  const total = batches.reduce((a, b) => a + b.length, 0)
  // A batch is identified by its number (batches run in order), so that is the React key.
  const numbered = batches.map((hosts, i) => ({ no: i + 1, i, hosts }))
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Radio.Group
          aria-label={m.mode}
          value={split.mode}
          onChange={(e) => onSplit({ mode: e.target.value })}
          options={[
            { value: 'size', label: m.bySize },
            { value: 'expression', label: m.byExpression },
          ]}
          optionType="button"
        />
        {split.mode === 'size' ? (
          <Space size={4}>
            <label htmlFor="batch-size">{m.size}</label>
            <InputNumber
              id="batch-size"
              min={1}
              max={L.hostsPerBatchMax}
              precision={0}
              value={split.size}
              onChange={(v) => onSplit({ size: v ?? 1 })}
            />
          </Space>
        ) : (
          <Space size={4}>
            <label htmlFor="batch-expr">{m.expression}</label>
            <Input
              id="batch-expr"
              style={{ width: 200 }}
              value={split.expression}
              placeholder="1 10 100%"
              onChange={(e) => onSplit({ expression: e.target.value })}
            />
          </Space>
        )}
      </Space>
      {split.mode === 'expression' && <Typography.Text type="secondary">{m.expressionHint}</Typography.Text>}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space wrap>
        <Typography.Text strong>{fmt(m.summary, { hosts: total, batches: batches.length })}</Typography.Text>
        <Typography.Text type="secondary">{m.drag}</Typography.Text>
      </Space>
      <Row gutter={[12, 12]}>
        {numbered.map(({ no, i, hosts }) => (
          <Col key={no} xs={24} md={12} xl={8}>
            <Card
              size="small"
              role="group"
              aria-label={fmt(m.batch, { n: i + 1 })}
              title={
                <Space>
                  {fmt(m.batch, { n: i + 1 })}
                  <Tag>{fmt(m.hosts, { n: hosts.length })}</Tag>
                </Space>
              }
              extra={
                <Select<RotationStrategy>
                  size="small"
                  style={{ width: 130 }}
                  aria-label={`${m.rotation} ${i + 1}`}
                  value={rotations[i] ?? 'CONTINUE'}
                  options={ROTATION_STRATEGIES.map((r) => ({ value: r, label: root.rotation[r] }))}
                  onChange={(r) => onRotation(i, r)}
                />
              }
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault()
                const id = Number(e.dataTransfer.getData('text/plain'))
                if (id) onMove(id, i)
              }}
            >
              <Space wrap size={[4, 4]}>
                {hosts.map((h) => (
                  <Tag
                    key={h.id}
                    draggable
                    style={{ cursor: 'grab', paddingRight: 2 }}
                    onDragStart={(e) => e.dataTransfer.setData('text/plain', String(h.id))}
                  >
                    {h.name}{' '}
                    <select
                      aria-label={fmt(m.moveTo, { host: h.name })}
                      value={i + 1}
                      onChange={(e) => onMove(h.id, Number(e.target.value) - 1)}
                      style={{ border: 'none', background: 'transparent', fontSize: 11 }}
                    >
                      {numbered.map((b) => (
                        <option key={b.no} value={b.no}>
                          {b.no}
                        </option>
                      ))}
                      <option value={batches.length + 1}>{m.newBatch}</option>
                    </select>
                  </Tag>
                ))}
              </Space>
            </Card>
          </Col>
        ))}
      </Row>
    </Space>
  )
}
