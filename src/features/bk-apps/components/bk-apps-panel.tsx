import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { SecretOnce } from '../../../components/secret-once'
import { BK_APP_CODE, type BkApp, type CreatedBkApp } from '../../../contract/bk-apps'
import { formatTime } from '../../../lib/format'
import { bkAppQueries, useRegisterBkApp, useRevokeBkApp } from '../api/bk-app-api'
import { useBkAppsMessages } from '../bk-apps-messages'
import { ErrorReason } from '../../../components/error-reason'

/** Admins register apps (the secret is shown once) and revoke them. */
export function BkAppsPanel() {
  const m = useBkAppsMessages()
  const { data, isLoading, error } = useQuery(bkAppQueries.list())
  const [code, setCode] = useState('')
  const [description, setDescription] = useState('')
  const [created, setCreated] = useState<CreatedBkApp | null>(null)
  const register = useRegisterBkApp({
    successMessage: m.registered,
    onCreated: (a) => {
      setCreated(a)
      setCode('')
      setDescription('')
    },
  })
  const revoke = useRevokeBkApp()
  const codeOk = BK_APP_CODE.test(code)
  if (error) return <Alert type="error" showIcon title={<ErrorReason error={error} />} />
  return (
    <>
      <Typography.Paragraph type="secondary">{m.hint}</Typography.Paragraph>
      {created && (
        <SecretOnce
          title={m.once}
          onClose={() => setCreated(null)}
          lines={[{ copy: `bk_app_code=${created.code} bk_app_secret=${created.secret}` }]}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          aria-label={m.code}
          placeholder={m.code}
          value={code}
          maxLength={32}
          status={code && !codeOk ? 'error' : undefined}
          title={code && !codeOk ? m.invalidCode : undefined}
          onChange={(e) => setCode(e.target.value)}
        />
        <Input
          aria-label={m.description}
          placeholder={m.description}
          value={description}
          maxLength={256}
          style={{ width: 280 }}
          onChange={(e) => setDescription(e.target.value)}
        />
        <Button
          type="primary"
          disabled={!codeOk}
          loading={register.isPending}
          onClick={() => register.mutate({ code, description: description.trim() })}
        >
          {m.register}
        </Button>
      </Space>
      <Table<BkApp>
        rowKey="id"
        scroll={{ x: 'max-content' }}
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: m.empty }}
        columns={[
          { title: m.code, dataIndex: 'code' },
          { title: m.description, dataIndex: 'description' },
          { title: m.createdBy, dataIndex: 'createdBy' },
          { title: m.createdAt, dataIndex: 'createdAt', render: formatTime },
          { title: m.lastUsed, dataIndex: 'lastUsedAt', render: formatTime },
          {
            title: m.state,
            key: 'state',
            render: (_: unknown, a) => (a.revokedAt ? <Tag>{m.revoked}</Tag> : <Tag color="success">{m.active}</Tag>),
          },
          {
            title: '',
            key: 'revoke',
            render: (_: unknown, a) =>
              !a.revokedAt && (
                <Popconfirm title={m.confirmRevoke} onConfirm={() => revoke.mutate(a.id)}>
                  <Button size="small" danger>
                    {m.revoke}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  )
}
