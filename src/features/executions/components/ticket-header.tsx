import { Alert, Badge, Descriptions, Space, Tag, Typography } from 'antd'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { SENSITIVE_MASK } from '../../../contract/script-rules'
import type { ExecutionDetail } from '../../../contract/executions'
import { formatDuration, formatTime } from '../../../lib/format'
import { fmt, useLocale } from '../../../lib/i18n'
import { useNow } from '../../../lib/use-now'
import type { LiveMode } from '../api/execution-live'
import { useExecutionMessages } from '../executions-messages'
import { activeMs, isBatchRunning } from '../utils/durations'
import { CountsProgress, OrderStatusTag, RiskLevelTag } from './execution-tags'
import { SCRIPT_TYPE_NAMES } from '../../../lib/script-type-names'

export interface TicketHeaderProps {
  detail: ExecutionDetail
  mode: LiveMode
}

/** Ticket facts: status and progress, who ran what when, parameters (sensitive ones masked) and options. */
export function TicketHeader({ detail: d, mode }: TicketHeaderProps) {
  const m = useExecutionMessages()
  const { locale } = useLocale()
  const ticking = d.status === 'PROCESSING' && isBatchRunning(d.batches)
  const now = useNow(ticking)
  const ms = activeMs(d.batches, now)
  const took = ms === null ? '—' : formatDuration(ms, locale)
  const duration =
    d.status === 'PAUSED'
      ? fmt(m.detail.durationPaused, { d: took })
      : d.status === 'PROCESSING'
        ? fmt(m.detail.durationRunning, { d: took })
        : took
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0, fontFamily: 'monospace' }}>
          {d.executeUuid}
        </Typography.Title>
        <OrderStatusTag status={d.status} />
        {mode !== 'off' && <Badge status="processing" text={mode === 'live' ? m.detail.live : m.detail.polling} />}
      </Space>
      {d.status === 'ABNORMAL' && d.message && (
        <Alert type="error" showIcon title={`${m.detail.message}: ${d.message}`} />
      )}
      <div style={{ maxWidth: 480 }}>
        <CountsProgress counts={d.counts} total={d.totalInstances} size="default" label={m.detail.progress} />
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        bordered
        items={[
          d.kind === 'push_file'
            ? {
                // A push ticket runs no library script: it pushes files of the file library.
                key: 'script',
                label: m.detail.pushFile,
                children: (
                  <Space size={4}>
                    <Tag color="geekblue">{m.ticketKinds.push_file}</Tag>
                    {d.scriptName}
                  </Space>
                ),
              }
            : {
                key: 'script',
                label: m.detail.script,
                children: (
                  <Space size={4}>
                    <Link to={paths.script.href(d.scriptUuid)}>{d.scriptName}</Link>
                    <Tag>{SCRIPT_TYPE_NAMES[d.scriptType] ?? d.scriptType}</Tag>
                    {d.scriptVersion}
                    <RiskLevelTag level={d.riskLevel} />
                  </Space>
                ),
              },
          { key: 'creator', label: m.detail.creator, children: d.creator },
          { key: 'created', label: m.detail.created, children: formatTime(d.createdAt) },
          {
            key: 'duration',
            label: m.detail.duration,
            children: <span title={m.detail.durationHint}>{duration}</span>,
          },
          {
            key: 'batch',
            label: m.col.batch,
            children: fmt(m.batchOf, { current: d.currentBatch, total: d.totalBatches }),
          },
          {
            key: 'options',
            label: m.detail.options,
            children: [
              `${m.detail.timeout} ${fmt(m.detail.seconds, { n: d.timeout })}`,
              `${m.detail.successRate} ${d.successRate}%`,
              `${m.detail.executeUser} ${d.executeUser}`,
              d.resourceful ? m.detail.unlimited : m.detail.lowPriority,
            ].join(' · '),
          },
          {
            key: 'params',
            label: m.detail.params,
            span: 3,
            children:
              d.params.length === 0 ? (
                m.detail.noParams
              ) : (
                <Space wrap>
                  {d.params.map((p) => (
                    <Tag
                      key={p.name}
                      color={p.sensitive ? 'purple' : undefined}
                      // A long value (Patch now's package list) wraps instead of widening the page.
                      style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', maxWidth: '100%' }}
                    >
                      {p.name} = {p.sensitive ? SENSITIVE_MASK : p.value}
                      {p.sensitive ? ` (${m.detail.sensitive})` : ''}
                    </Tag>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Space>
  )
}
