import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Input, Popconfirm, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import type { z } from 'zod'
import { SecretOnce } from '../../../components/secret-once'
import type { IntegrationKeySchema } from '../../../contract/incidents'
import { formatTime } from '../../../lib/format'
import { integrationKeyQueries, useCreateIntegrationKey, useDeleteIntegrationKey } from '../api/integration-keys-api'
import { useIncidentMessages } from '../incidents-messages'
import { ErrorReason } from '../../../components/error-reason'
import { StuckAlarms } from './stuck-alarms'

type IntegrationKey = z.infer<typeof IntegrationKeySchema>

/** Admins create alarm integration keys (the key and its webhook URL shown once) and delete them. */
/** A sample alarm body for the curl line shown with a new key: one the webhook accepts as it is. */
export const sampleAlarm = () =>
  JSON.stringify({
    alarmId: 'a1',
    alarmName: 'CPU high',
    alarmLevel: 'Major',
    time: Date.now(),
    nameSpace: 'SYS.ECS',
    applicationId: 'demo-app',
    alarmSource: 'demo',
    regionId: 'cn-north-4',
    resourceName: 'host-1',
    alarmStatus: 'alarm',
    alarmDesc: 'cpu > 90%',
  })

export function IntegrationKeysDrawer({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const m = useIncidentMessages().keys
  const { data, isLoading, error } = useQuery({ ...integrationKeyQueries.list(), enabled: isOpen })
  const [name, setName] = useState('')
  const [created, setCreated] = useState<{ key: string; url: string } | null>(null)
  const create = useCreateIntegrationKey({
    successMessage: m.created,
    onCreated: (k) => {
      setCreated({ key: k.key, url: `${window.location.origin}${k.webhook_path}` })
      setName('')
    },
  })
  const remove = useDeleteIntegrationKey()
  return (
    <Drawer open={isOpen} onClose={onClose} title={m.title} size={720} destroyOnHidden>
      <Typography.Paragraph type="secondary">{m.hint}</Typography.Paragraph>
      <StuckAlarms />
      {error && <Alert type="error" showIcon title={<ErrorReason error={error} />} style={{ marginBottom: 16 }} />}
      {created && (
        <SecretOnce
          title={m.once}
          onClose={() => setCreated(null)}
          lines={[
            { copy: created.url },
            { note: m.curl },
            { copy: `curl -X POST ${created.url} -H 'content-type: application/json' -d '${sampleAlarm()}'` },
          ]}
        />
      )}
      <Space.Compact style={{ marginBottom: 16, width: '100%', maxWidth: 480 }}>
        <Input
          aria-label={m.name}
          placeholder={m.name}
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
        />
        <Button
          type="primary"
          disabled={!name.trim()}
          loading={create.isPending}
          onClick={() => create.mutate(name.trim())}
        >
          {m.create}
        </Button>
      </Space.Compact>
      <Table<IntegrationKey>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: m.empty }}
        columns={[
          { title: m.name, dataIndex: 'name' },
          { title: m.prefix, dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
          { title: m.createdAt, dataIndex: 'created_at', render: formatTime },
          { title: m.lastUsed, dataIndex: 'last_used_at', render: formatTime },
          {
            title: '',
            key: 'delete',
            render: (_: unknown, k) => (
              <Popconfirm title={m.confirmDelete} onConfirm={() => remove.mutate(k.id)}>
                <Button size="small" danger>
                  {m.delete}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Drawer>
  )
}
