import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Descriptions, Drawer, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import type { Topology } from '../../../contract/cmdb'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { useMoveHosts } from '../api/cmdb-mutations'
import { cmdbQueries } from '../api/cmdb-queries'
import { useCmdbMessages } from '../cmdb-messages'
import { AgentCredentialPanel } from './agent-credential-panel'
import { AgentStatusTag } from './agent-status-tag'
import { PanelBoundary } from '../../../components/panel-boundary'

export interface HostDrawerProps {
  hostId: number
  topology: Topology | undefined
  canWrite: boolean
  /** Admins see the agent's credential and may revoke it. */
  isAdmin?: boolean
  onClose: () => void
}

/** Host detail over the topology page: attributes, agent status, a move, and links to the related pages. */
export function HostDrawer({ hostId, topology, canWrite, isAdmin = false, onClose }: HostDrawerProps) {
  const m = useCmdbMessages()
  const { data: host, error } = useQuery(cmdbQueries.host(hostId))
  const [target, setTarget] = useState<number | undefined>()
  const move = useMoveHosts({ successMessage: m.drawer.moved, onSuccess: () => setTarget(undefined) })
  const modules =
    topology?.businesses.flatMap((b) =>
      b.sets.flatMap((s) =>
        s.modules.map((mod) => ({
          value: mod.id,
          label: `${b.name} / ${s.name} / ${mod.name}`,
        })),
      ),
    ) ?? []
  return (
    <Drawer
      open
      size={560}
      onClose={onClose}
      title={host ? fmt(m.drawer.title, { name: host.name }) : '…'}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={m.drawer.loadFailed} description={error.message} />}
      {host && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={m.drawer.agent}>
              <AgentStatusTag status={host.agentStatus} />
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.agentSn}>
              <Typography.Text code copyable={!!host.agentSn}>
                {host.agentSn ?? '—'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.lastSeen}>{formatTime(host.lastSeenAt)}</Descriptions.Item>
            <Descriptions.Item label={m.drawer.version}>{host.agentVersion || '—'}</Descriptions.Item>
            <Descriptions.Item
              label={m.drawer.place}
            >{`${host.bizName} / ${host.setName} / ${host.moduleName}`}</Descriptions.Item>
            <Descriptions.Item label={m.drawer.ips}>
              {[host.innerIp, host.outerIp].filter(Boolean).join(', ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.os}>
              {`${host.osName || host.osType} ${host.arch}`.trim()}
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.region}>
              {[host.cloudRegion, host.cloudZone].filter(Boolean).join(' / ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.tags}>
              {host.tags.map((t) => (
                <Tag key={t.key}>{`${t.key}=${t.value}`}</Tag>
              ))}
              {host.tags.length === 0 && '—'}
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.resourceId}>
              <Typography.Text code>{host.resourceId}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {isAdmin && host.agentSn && (
            <PanelBoundary>
              <AgentCredentialPanel agentSn={host.agentSn} />
            </PanelBoundary>
          )}
          {canWrite && (
            <Space.Compact style={{ width: '100%' }}>
              <Select<number>
                aria-label={m.drawer.move}
                placeholder={m.drawer.move}
                style={{ width: '100%' }}
                value={target}
                onChange={setTarget}
                options={modules.filter((o) => o.value !== host.moduleId)}
                showSearch
                optionFilterProp="label"
              />
              <Button
                type="primary"
                disabled={target === undefined}
                loading={move.isPending}
                onClick={() => target !== undefined && move.mutate({ hostIds: [host.id], moduleId: target })}
              >
                {m.drawer.move}
              </Button>
            </Space.Compact>
          )}
          {/* Each page opens filtered to this host. */}
          <Descriptions title={m.drawer.related} column={1} size="small">
            <Descriptions.Item label={m.drawer.tickets}>
              <Link to={paths.tickets.href({ hostId: host.id })}>{m.drawer.ticketsOfHost}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.compliance}>
              <Link to={paths.patches.href({ host: host.resourceId })}>{m.drawer.complianceOfHost}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={m.drawer.incidents}>
              <Link to={paths.incidents.href({ resourceId: host.resourceId, host: host.name })}>
                {m.drawer.incidentsOfHost}
              </Link>
            </Descriptions.Item>
          </Descriptions>
        </Space>
      )}
    </Drawer>
  )
}
