import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Input, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { cmdbRoutes, HOST_PASTE_MAX, type Host, parseHostList, type ResolveHostsResult } from '../contract/cmdb'
import { call } from '../lib/api-client'
import { defineMessages, fmt } from '../lib/i18n'

const useMessages = defineMessages({
  'en-US': {
    label: 'Paste IPs or host names',
    placeholder: 'One per line, or separated by commas or spaces, e.g.\n10.0.1.12\n10.0.1.13\nweb-01',
    find: 'Find hosts',
    tooMany: 'At most {max} lines at a time ({n} pasted)',
    summary: '{n} of {entries} entries found {hosts} hosts: {online} online, {offline} offline or without an agent',
    unmatched: '{n} not found',
    offline: 'Offline or without an agent (cannot run anything now)',
    more: '… and {n} more',
    none: 'No host matches these entries.',
  },
  'zh-CN': {
    label: '粘贴 IP 或主机名',
    placeholder: '每行一个，或用逗号、空格分隔，例如\n10.0.1.12\n10.0.1.13\nweb-01',
    find: '查找主机',
    tooMany: '一次最多 {max} 行（已粘贴 {n} 行）',
    summary: '{entries} 项中 {n} 项找到 {hosts} 台主机：{online} 台在线，{offline} 台离线或无 Agent',
    unmatched: '{n} 项未找到',
    offline: '离线或无 Agent（当前无法执行）',
    more: '……另有 {n} 项',
    none: '没有主机匹配这些条目。',
  },
})

const SHOWN = 50

export interface HostPasteProps {
  /** Limits the lookup to a business, set or module. */
  scope?: { bizId?: number; setId?: number; moduleId?: number }
  /** The action on the result, e.g. "Add the 99 online hosts". */
  renderAction: (result: ResolveHostsResult) => React.ReactNode
}

/**
 * A textarea for a pasted list of IPs or host names, resolved on the server: which entries matched, which did not,
 * and which matched hosts are offline. What to do with the hosts is the caller's `renderAction`.
 */
export function HostPaste({ scope, renderAction }: HostPasteProps) {
  const m = useMessages()
  const [text, setText] = useState('')
  const entries = parseHostList(text)
  const over = entries.length > HOST_PASTE_MAX
  const resolve = useMutation({
    mutationFn: (list: string[]) => call(cmdbRoutes.resolveHosts, { body: { entries: list, ...scope } }),
  })
  const result = resolve.data
  const down = result?.hosts.filter((h) => h.agentStatus !== 'online') ?? []
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={m.label}
        placeholder={m.placeholder}
        autoSize={{ minRows: 3, maxRows: 8 }}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <Space wrap>
        <Button onClick={() => resolve.mutate(entries)} disabled={!entries.length || over} loading={resolve.isPending}>
          {m.find}
        </Button>
        {over && (
          <Typography.Text type="danger">{fmt(m.tooMany, { max: HOST_PASTE_MAX, n: entries.length })}</Typography.Text>
        )}
      </Space>
      {resolve.error && <Alert type="error" showIcon title={resolve.error.message} />}
      {result && (
        <section aria-label={m.label}>
          <Typography.Paragraph strong style={{ marginBottom: 8 }} aria-live="polite">
            {result.hosts.length
              ? fmt(m.summary, {
                  n: resolve.variables!.length - result.unmatched.length,
                  entries: resolve.variables!.length,
                  hosts: result.hosts.length,
                  online: result.hosts.length - down.length,
                  offline: down.length,
                })
              : m.none}
          </Typography.Paragraph>
          {result.unmatched.length > 0 && (
            <TagList title={fmt(m.unmatched, { n: result.unmatched.length })} color="red" items={result.unmatched} />
          )}
          {down.length > 0 && <TagList title={m.offline} color="orange" items={down.map(hostLabel)} />}
          {renderAction(result)}
        </section>
      )}
    </Space>
  )
}

const hostLabel = (h: Host) => (h.name === h.innerIp ? h.name : `${h.name} · ${h.innerIp}`)

function TagList({ title, color, items }: { title: string; color: string; items: string[] }) {
  const m = useMessages()
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <div style={{ maxHeight: 96, overflow: 'auto', marginTop: 4 }}>
        {items.slice(0, SHOWN).map((i) => (
          <Tag key={i} color={color} style={{ marginBottom: 4 }}>
            {i}
          </Tag>
        ))}
        {items.length > SHOWN && (
          <Typography.Text type="secondary">{fmt(m.more, { n: items.length - SHOWN })}</Typography.Text>
        )}
      </div>
    </div>
  )
}
