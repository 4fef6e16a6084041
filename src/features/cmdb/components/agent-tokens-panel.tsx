import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { SecretOnce } from '../../../components/secret-once'
import type { AgentToken } from '../../../contract/agent-tokens'
import { formatTime } from '../../../lib/format'
import { agentTokenQueries, useCreateAgentToken, useRevokeAgentToken } from '../api/agent-token-api'
import { useCmdbMessages } from '../cmdb-messages'

/** Admins create enrollment tokens (shown once, with the command to start an agent) and revoke them. */
export function AgentTokensPanel() {
  const m = useCmdbMessages()
  const { data, isLoading, error } = useQuery(agentTokenQueries.list())
  const [description, setDescription] = useState('')
  const [token, setToken] = useState<string | null>(null)
  const create = useCreateAgentToken({
    successMessage: m.tokens.created,
    onCreated: (t) => {
      setToken(t.token)
      setDescription('')
    },
  })
  const revoke = useRevokeAgentToken()
  if (error) return <Alert type="error" showIcon title={error.message} />
  return (
    <>
      <Typography.Paragraph type="secondary">{m.tokens.hint}</Typography.Paragraph>
      {token && (
        <SecretOnce
          title={m.tokens.once}
          onClose={() => setToken(null)}
          lines={[{ copy: `npm run agent -- --server ${window.location.origin} --token ${token}` }]}
        />
      )}
      <Space.Compact style={{ marginBottom: 16, width: '100%', maxWidth: 480 }}>
        <Input
          aria-label={m.tokens.description}
          placeholder={m.tokens.description}
          value={description}
          maxLength={128}
          onChange={(e) => setDescription(e.target.value)}
        />
        <Button
          type="primary"
          disabled={!description.trim()}
          loading={create.isPending}
          onClick={() => create.mutate(description.trim())}
        >
          {m.tokens.create}
        </Button>
      </Space.Compact>
      <Table<AgentToken>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        loading={isLoading}
        dataSource={data}
        pagination={false}
        locale={{ emptyText: m.tokens.empty }}
        columns={[
          { title: m.tokens.description, dataIndex: 'description' },
          { title: m.tokens.createdBy, dataIndex: 'createdBy' },
          { title: m.tokens.createdAt, dataIndex: 'createdAt', render: formatTime },
          { title: m.tokens.lastUsed, dataIndex: 'lastUsedAt', render: formatTime },
          {
            title: m.tokens.state,
            key: 'state',
            render: (_: unknown, t) =>
              t.revokedAt ? <Tag>{m.tokens.revoked}</Tag> : <Tag color="success">{m.tokens.active}</Tag>,
          },
          {
            title: '',
            key: 'revoke',
            render: (_: unknown, t) =>
              !t.revokedAt && (
                <Popconfirm title={m.tokens.confirmRevoke} onConfirm={() => revoke.mutate(t.id)}>
                  <Button size="small" danger>
                    {m.tokens.revoke}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  )
}
