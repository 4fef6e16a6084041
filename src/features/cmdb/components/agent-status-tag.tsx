import { Tag } from 'antd'
import type { AgentStatus } from '../../../contract/cmdb'
import { useCmdbMessages } from '../cmdb-messages'

const COLORS: Record<AgentStatus, string> = { online: 'success', offline: 'error', none: 'default' }

/** The agent status of a host as a coloured tag (online / offline / no agent). */
export function AgentStatusTag({ status }: { status: AgentStatus }) {
  const m = useCmdbMessages()
  return <Tag color={COLORS[status]}>{m.status[status]}</Tag>
}
