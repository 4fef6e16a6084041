import { DownloadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Input, Space, Spin, Switch, Typography } from 'antd'
import { useMemo, useState } from 'react'
import type { InstanceView } from '../../../contract/executions'
import { fmt } from '../../../lib/i18n'
import { executionQueries } from '../api/execution-queries'
import { useExecutionMessages } from '../executions-messages'
import { InstanceStatusTag } from './execution-tags'
import { LogEndLine } from './log-end-line'
import { LogViewer } from './log-viewer'
import { downloadText } from '../../../lib/csv'
import { ErrorReason } from '../../../components/error-reason'

export interface InstanceLogDrawerProps {
  executeUuid: string
  instanceId: number
  /** The host's row, when the page has it (for the title). */
  instance?: InstanceView
  onClose: () => void
}

/** One host's log: live (the ticket's live client appends to the cached log), searchable, downloadable. */
export function InstanceLogDrawer({ executeUuid, instanceId, instance, onClose }: InstanceLogDrawerProps) {
  const m = useExecutionMessages()
  const { data, error, isLoading } = useQuery(executionQueries.log(executeUuid, instanceId))
  const [isFollowing, setFollowing] = useState(true)
  const [showTimes, setShowTimes] = useState(true)
  const [search, setSearch] = useState('')
  const [focus, setFocus] = useState<{ term: string; at: number } | null>(null)
  const text = data?.log ?? ''
  const host = instance?.hostName ?? `#${instanceId}`
  const term = search.trim().toLowerCase()
  const matches = useMemo(() => {
    if (!term) return []
    const out: number[] = []
    text.split('\n').forEach((l, i) => {
      if (l.toLowerCase().includes(term)) out.push(i)
    })
    return out
  }, [text, term])

  function nextMatch() {
    if (!matches.length) return
    setFollowing(false)
    const at = focus?.term === term ? (focus.at + 1) % matches.length : 0
    setFocus({ term, at })
  }

  return (
    <Drawer
      open
      size="min(900px, 100vw)"
      onClose={onClose}
      title={
        <Space>
          {fmt(m.log.title, { host })}
          {data && <InstanceStatusTag status={data.status} />}
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Space size={4}>
            <Switch size="small" checked={isFollowing} onChange={setFollowing} aria-label={m.log.follow} />
            {m.log.follow}
          </Space>
          <Space size={4}>
            <Switch size="small" checked={showTimes} onChange={setShowTimes} aria-label={m.log.times} />
            {m.log.times}
          </Space>
          <Input.Search
            allowClear
            placeholder={m.log.search}
            aria-label={m.log.search}
            style={{ width: 260 }}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={nextMatch}
          />
          {term && <Typography.Text type="secondary">{fmt(m.log.matches, { n: matches.length })}</Typography.Text>}
          <Button
            icon={<DownloadOutlined />}
            disabled={!data}
            onClick={() => downloadText(`${host}-${executeUuid}.log`, text, 'text/plain;charset=utf-8')}
          >
            {m.log.download}
          </Button>
          {data && <Typography.Text type="secondary">{fmt(m.log.bytes, { n: data.bytes })}</Typography.Text>}
        </Space>
        {data?.truncated && <Alert type="warning" showIcon title={m.log.truncated} />}
        {data?.marks.some((k) => k.stream === 'stderr') && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span aria-hidden style={{ borderLeft: '3px solid #ff4d4f', marginRight: 6 }} />
            {m.log.stderrLegend}
          </Typography.Text>
        )}
        {error ? (
          <Alert type="error" showIcon title={m.log.failed} description={<ErrorReason error={error} />} />
        ) : isLoading ? (
          <Spin />
        ) : !text ? (
          <Typography.Text type="secondary">{m.log.empty}</Typography.Text>
        ) : (
          <LogViewer
            text={text}
            marks={data?.marks}
            showTimes={showTimes}
            stderrLabel={m.log.stderr}
            isFollowing={isFollowing}
            search={term}
            label={fmt(m.log.title, { host })}
            focusLine={focus?.term === term ? matches[focus.at] : undefined}
          />
        )}
        {data && <LogEndLine log={data} />}
      </Space>
    </Drawer>
  )
}
