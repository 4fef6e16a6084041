import { useQuery } from '@tanstack/react-query'
import { Button, Descriptions, Popconfirm, Tag } from 'antd'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { agentCredentialQueries, useRevokeAgent } from '../api/agent-credential-api'
import { useCmdbMessages } from '../cmdb-messages'

export interface AgentCredentialPanelProps {
  agentSn: string
}

/** For admins in the host drawer: the agent's own credential and a button to revoke it. */
export function AgentCredentialPanel({ agentSn }: AgentCredentialPanelProps) {
  const m = useCmdbMessages().credential
  const { data: cred, error } = useQuery(agentCredentialQueries.detail(agentSn))
  const revoke = useRevokeAgent({ successMessage: m.revokedDone })
  return (
    <Descriptions title={m.title} column={1} size="small" bordered>
      {error && <Descriptions.Item label={m.state}>{m.none}</Descriptions.Item>}
      {cred && (
        <>
          <Descriptions.Item label={m.enrolledAt}>{formatTime(cred.enrolledAt)}</Descriptions.Item>
          <Descriptions.Item label={m.lastUsed}>{formatTime(cred.lastUsedAt)}</Descriptions.Item>
          <Descriptions.Item label={m.state}>
            {cred.revokedAt ? (
              <Tag color="red">{fmt(m.revoked, { who: cred.revokedBy ?? '—', at: formatTime(cred.revokedAt) })}</Tag>
            ) : (
              <>
                <Tag color="green">{m.active}</Tag>
                <Popconfirm title={m.confirmRevoke} onConfirm={() => revoke.mutate(agentSn)}>
                  <Button size="small" danger loading={revoke.isPending}>
                    {m.revoke}
                  </Button>
                </Popconfirm>
              </>
            )}
          </Descriptions.Item>
        </>
      )}
    </Descriptions>
  )
}
