import { CloseOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Modal, Space, Spin, Tag, Tooltip, Typography } from 'antd'
import { useState } from 'react'
import type { Host, ResolveHostsResult } from '../contract/cmdb'
import { EXECUTION_LIMITS as L } from '../contract/execution-rules'
import { hostPickerQueries } from '../lib/host-picker-queries'
import { defineMessages, fmt } from '../lib/i18n'
import { HostTargets } from './host-targets'

const useMessages = defineMessages({
  'en-US': {
    choose: 'Choose hosts',
    change: 'Change hosts',
    title: 'Choose hosts',
    use: 'Use the chosen hosts ({n})',
    cancel: 'Cancel',
    count: '{n} hosts (at most {max})',
    empty: 'No hosts chosen',
    remove: 'Remove {name}',
    unknown: 'Unknown host',
    unknownHint: 'No host in the CMDB has this id any more ({id}); remove it, or saving is refused.',
    offline: 'Offline or without an agent now',
    loadFailed: 'Could not load the chosen hosts',
  },
  'zh-CN': {
    choose: '选择主机',
    change: '修改主机',
    title: '选择主机',
    use: '使用已选主机（{n} 台）',
    cancel: '取消',
    count: '{n} 台主机（最多 {max} 台）',
    empty: '未选择主机',
    remove: '移除 {name}',
    unknown: '未知主机',
    unknownHint: 'CMDB 中已没有该 ID 的主机（{id}）；请移除，否则保存会被拒绝。',
    offline: '当前离线或无 Agent',
    loadFailed: '无法加载已选主机',
  },
})

export interface HostIdsFieldProps {
  /** The hosts' resource ids, as stored (what the server checks on save). */
  value?: string[]
  onChange?: (resourceIds: string[]) => void
  /** What no host means here, e.g. "the plan's hosts are used". */
  emptyText?: string
  /** Names the field for assistive technology (the form label's text). */
  'aria-label'?: string
}

const hostLabel = (h: Host) => (h.name === h.innerIp ? h.name : `${h.name} · ${h.innerIp}`)

/**
 * A form field holding host resource ids, shown as host names with IP (online first) and picked with the shared
 * host picker in a dialog: search by name/IP, business/set/module, a pasted list or a saved query, at most 200.
 * Ids no host has any more stay visible as "Unknown host" until removed.
 */
export function HostIdsField({ value, onChange, emptyText, 'aria-label': label }: HostIdsFieldProps) {
  const m = useMessages()
  const queryClient = useQueryClient()
  const ids = value ?? []
  const resolved = useQuery(hostPickerQueries.byResourceIds(ids))
  const [draft, setDraft] = useState<Host[] | null>(null)
  // Only hosts whose resource id was asked for (an id never matches a host by name or IP here).
  const hosts = (resolved.data?.hosts ?? []).filter((h) => ids.includes(h.resourceId))
  const known = new Set(hosts.map((h) => h.resourceId))
  const unknown = resolved.data ? ids.filter((id) => !known.has(id)) : []

  /** Stores the ids and seeds the lookup of the new list with what is already known (no flicker, no refetch). */
  function commit(nextHosts: Host[], nextUnknown: string[]) {
    const next = [...nextHosts.map((h) => h.resourceId), ...nextUnknown]
    const seed: ResolveHostsResult = { hosts: nextHosts, unmatched: nextUnknown }
    if (next.length) queryClient.setQueryData(hostPickerQueries.byResourceIds(next).queryKey, seed)
    onChange?.(next)
  }

  const tag = (
    key: string,
    text: string,
    color: string | undefined,
    hint: string | undefined,
    onRemove: () => void,
  ) => (
    <Tooltip key={key} title={hint}>
      <Tag color={color} style={{ marginBottom: 4 }}>
        {text}
        <Button
          type="text"
          size="small"
          style={{ height: 'auto', padding: '0 0 0 4px', minWidth: 0 }}
          icon={<CloseOutlined style={{ fontSize: 10 }} />}
          aria-label={fmt(m.remove, { name: text })}
          onClick={onRemove}
        />
      </Tag>
    </Tooltip>
  )

  return (
    <section aria-label={label}>
      <Space wrap style={{ marginBottom: 4 }}>
        <Button size="small" onClick={() => setDraft(hosts)} disabled={ids.length > 0 && resolved.isLoading}>
          {ids.length ? m.change : m.choose}
        </Button>
        <Typography.Text type="secondary">
          {ids.length ? fmt(m.count, { n: ids.length, max: L.hostsMax }) : (emptyText ?? m.empty)}
        </Typography.Text>
      </Space>
      {ids.length > 0 && resolved.isLoading && <Spin size="small" />}
      {resolved.error && <Alert type="error" showIcon title={m.loadFailed} description={resolved.error.message} />}
      {(hosts.length > 0 || unknown.length > 0) && (
        <div style={{ maxHeight: 120, overflow: 'auto' }}>
          {[...hosts]
            .sort((a, b) => Number(b.agentStatus === 'online') - Number(a.agentStatus === 'online'))
            .map((h) =>
              tag(
                h.resourceId,
                hostLabel(h),
                h.agentStatus === 'online' ? undefined : 'orange',
                h.agentStatus === 'online' ? undefined : m.offline,
                () =>
                  commit(
                    hosts.filter((x) => x.resourceId !== h.resourceId),
                    unknown,
                  ),
              ),
            )}
          {unknown.map((id) =>
            tag(id, m.unknown, 'red', fmt(m.unknownHint, { id }), () =>
              commit(
                hosts,
                unknown.filter((x) => x !== id),
              ),
            ),
          )}
        </div>
      )}
      {draft && (
        <Modal
          open
          width={1000}
          title={m.title}
          okText={fmt(m.use, { n: draft.length })}
          cancelText={m.cancel}
          onCancel={() => setDraft(null)}
          onOk={() => {
            commit(draft, unknown)
            setDraft(null)
          }}
          destroyOnHidden
        >
          <HostTargets selected={draft} onChange={setDraft} purpose="plan" />
        </Modal>
      )}
    </section>
  )
}
