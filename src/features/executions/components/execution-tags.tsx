import { Progress, Tag } from 'antd'
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

/** Hosts done (finished, abnormal, canceled) out of all; the failed share in red. */
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
  const done = counts.FINISHED + counts.ABNORMAL + counts.CANCELED
  const pct = total ? Math.round((done / total) * 100) : 0
  const ok = total ? Math.round((counts.FINISHED / total) * 100) : 0
  return (
    <Progress
      size={size}
      percent={pct}
      success={{ percent: ok }}
      status={counts.ABNORMAL ? 'exception' : pct === 100 ? 'success' : 'active'}
      format={() => `${done}/${total}`}
      aria-label={label ? `${label}: ${done}/${total}` : `${done}/${total}`}
    />
  )
}
