import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Popconfirm, Space, Table, Typography } from 'antd'
import { useState } from 'react'
import { formatTime } from '../../../lib/format'
import { useCreateAccessKey, useDeleteAccessKey } from '../api/admin-mutations'
import { adminQueries } from '../api/admin-queries'
import { useAdminMessages } from '../admin-messages'

/** The caller's AK/SK pairs; a new secret key is shown once, right after creation. */
export function AccessKeysCard() {
  const m = useAdminMessages()
  const { data, isLoading } = useQuery(adminQueries.accessKeys())
  const [description, setDescription] = useState('')
  const [secret, setSecret] = useState<{ ak: string; sk: string } | null>(null)
  const create = useCreateAccessKey({
    successMessage: m.keys.created,
    onSuccess: (k) => {
      setSecret({ ak: k.accessKey, sk: k.secretKey })
      setDescription('')
    },
  })
  const remove = useDeleteAccessKey()
  return (
    <Card title={m.keys.title}>
      <Typography.Paragraph type="secondary">{m.keys.hint}</Typography.Paragraph>
      {secret && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setSecret(null)}
          style={{ marginBottom: 16 }}
          title={m.keys.secretOnce}
          description={
            <Space orientation="vertical">
              <Typography.Text copyable code>
                {secret.ak}
              </Typography.Text>
              <Typography.Text copyable code>
                {secret.sk}
              </Typography.Text>
            </Space>
          }
        />
      )}
      <Space.Compact style={{ marginBottom: 16, width: '100%', maxWidth: 480 }}>
        <Input
          placeholder={m.keys.description}
          value={description}
          maxLength={256}
          onChange={(e) => setDescription(e.target.value)}
        />
        <Button type="primary" loading={create.isPending} onClick={() => create.mutate({ description })}>
          {m.keys.create}
        </Button>
      </Space.Compact>
      <Table
        scroll={{ x: 'max-content' }}
        rowKey="accessKey"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: m.keys.empty }}
        columns={[
          { title: 'AK', dataIndex: 'accessKey', render: (ak: string) => <Typography.Text code>{ak}</Typography.Text> },
          { title: m.keys.description, dataIndex: 'description' },
          {
            title: m.keys.lastUsed,
            dataIndex: 'lastUsedAt',
            render: (t: string | null) => (t ? formatTime(t) : m.keys.never),
          },
          {
            title: '',
            key: 'del',
            render: (_: unknown, k: { accessKey: string }) => (
              <Popconfirm title={m.keys.confirmDelete} onConfirm={() => remove.mutate(k.accessKey)}>
                <Button size="small" danger>
                  {m.keys.delete}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
    </Card>
  )
}
