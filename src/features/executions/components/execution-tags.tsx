import { Tag } from 'antd'
import {
  INSTANCE_STATUS_LABELS,
  ORDER_STATUS_LABELS,
  type BatchStatus,
  type InstanceStatus,
  type OrderStatus,
} from '../../../contract/execution-rules'
import type { StatusCounts } from '../../../contract/executions'
import type { RiskLevel } from '../../../contract/scripts'
import { useLocale } from '../../../lib/i18n'
import { useExecutionMessages } from '../executions-messages'

const ORDER_COLORS: Record<OrderStatus, string> = {
  READY: 'default',
  PROCESSING: 'processing',
  ABNORMAL: 'error',
  PAUSED: 'warning',
  CANCELED: 'default',
  FINISHED: 'success',
}
const INSTANCE_COLORS: Record<InstanceStatus, string> = {
  READY: 'default',
  PROCESSING: 'processing',
  ABNORMAL: 'error',
  CANCELED: 'default',
  FINISHED: 'success',
}
const BATCH_COLORS: Record<BatchStatus, string> = { ...INSTANCE_COLORS, SKIPPED: 'default' }
const RISK_COLORS: Record<RiskLevel, string> = { LOW: 'green', MEDIUM: 'orange', HIGH: 'red' }

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { locale } = useLocale()
  return <Tag color={ORDER_COLORS[status]}>{ORDER_STATUS_LABELS[status][locale === 'zh-CN' ? 'zh' : 'en']}</Tag>
}

export function InstanceStatusTag({ status }: { status: InstanceStatus }) {
  const { locale } = useLocale()
  return <Tag color={INSTANCE_COLORS[status]}>{INSTANCE_STATUS_LABELS[status][locale === 'zh-CN' ? 'zh' : 'en']}</Tag>
}

export function BatchStatusTag({ status }: { status: BatchStatus }) {
  const m = useExecutionMessages()
  return <Tag color={BATCH_COLORS[status]}>{m.batchStatus[status]}</Tag>
}

export function RiskLevelTag({ level }: { level: RiskLevel }) {
  const m = useExecutionMessages()
  return <Tag color={RISK_COLORS[level]}>{m.risk[level]}</Tag>
}

/** Segment order and colours: done work first (green, red, grey), then the work in flight and waiting. */
const SEGMENTS: { status: InstanceStatus; color: string }[] = [
  { status: 'FINISHED', color: '#52c41a' },
  { status: 'ABNORMAL', color: '#ff4d4f' },
  { status: 'CANCELED', color: '#8c8c8c' },
  { status: 'PROCESSING', color: '#1677ff' },
  { status: 'READY', color: '#f0f0f0' },
]

/**
 * Hosts by status as one bar split into segments, so 5 finished and 1 failed out of 6 reads mostly green
 * with a red sliver (a single-colour bar turned the whole thing red). The text says done/total.
 */
export function CountsProgress({
  counts,
  total,
  size = 'small',
  label,
}: {
  counts: StatusCounts
  total: number
  size?: 'small' | 'default'
  /** Names the bar for assistive technology, e.g. "Progress". */
  label?: string
}) {
  const { locale } = useLocale()
  const done = counts.FINISHED + counts.ABNORMAL + counts.CANCELED
  const lang = locale === 'zh-CN' ? 'zh' : 'en'
  const parts = SEGMENTS.filter((s) => counts[s.status] > 0)
  const summary = parts.map((s) => `${INSTANCE_STATUS_LABELS[s.status][lang]} ${counts[s.status]}`).join(', ')
  const height = size === 'small' ? 8 : 12
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 120 }}>
      <div
        role="img"
        aria-label={`${label ? `${label}: ` : ''}${done}/${total}${summary ? `: ${summary}` : ''}`}
        title={summary}
        style={{
          display: 'flex',
          flex: 1,
          height,
          borderRadius: height / 2,
          overflow: 'hidden',
          background: '#f0f0f0',
        }}
      >
        {total > 0 &&
          parts.map((s) => (
            <div
              key={s.status}
              data-status={s.status}
              style={{ width: `${(counts[s.status] / total) * 100}%`, background: s.color }}
            />
          ))}
      </div>
      <span style={{ fontSize: size === 'small' ? 12 : 14, whiteSpace: 'nowrap' }}>{`${done}/${total}`}</span>
    </div>
  )
}
