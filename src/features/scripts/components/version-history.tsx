import { useQuery } from '@tanstack/react-query'
import { Alert, Select, Space, Spin, Timeline, Typography } from 'antd'
import { useState } from 'react'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { DiffView } from './diff-view'
import { ErrorReason } from '../../../components/error-reason'

/** Revisions of a script and a diff between any two (defaults: the previous one and the newest). */
export function VersionHistory({ scriptUuid }: { scriptUuid: string }) {
  const m = useScriptsMessages()
  const versions = useQuery(scriptQueries.versions(scriptUuid))
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({})
  const newest = versions.data?.[0]?.revision ?? 1
  const to = picked.to ?? newest
  const from = picked.from ?? Math.max(0, to - 1)
  const diff = useQuery({ ...scriptQueries.diff(scriptUuid, from, to), enabled: !!versions.data })
  if (versions.error) return <Alert type="error" showIcon title={<ErrorReason error={versions.error} />} />
  if (!versions.data) return <Spin />
  const options = versions.data.map((v) => ({
    value: v.revision,
    label: `${fmt(m.detail.revision, { n: v.revision })} · ${v.version}`,
  }))
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Timeline
        items={versions.data.map((v) => ({
          content: (
            <span>
              {fmt(m.detail.revision, { n: v.revision })} · {v.version} · {m.change[v.change]}{' '}
              {fmt(m.history.by, { author: v.author })} · {formatTime(v.createdAt)}
            </span>
          ),
        }))}
      />
      <Space>
        <Typography.Text>{m.history.from}</Typography.Text>
        <Select
          aria-label={m.history.from}
          style={{ width: 200 }}
          value={from}
          onChange={(f) => setPicked({ from: f, to })}
          options={[{ value: 0, label: m.history.nothing }, ...options]}
        />
        <Typography.Text>{m.history.to}</Typography.Text>
        <Select
          aria-label={m.history.to}
          style={{ width: 200 }}
          value={to}
          onChange={(t) => setPicked({ from, to: t })}
          options={options}
        />
      </Space>
      {diff.error ? (
        <Alert type="error" showIcon title={<ErrorReason error={diff.error} />} />
      ) : diff.data ? (
        <DiffView diff={diff.data} />
      ) : (
        <Spin />
      )}
    </Space>
  )
}
