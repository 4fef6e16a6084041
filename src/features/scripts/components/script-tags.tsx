import { WarningOutlined } from '@ant-design/icons'
import { Tag, Tooltip } from 'antd'
import type { ScriptStatus } from '../../../contract/script-review'
import type { RiskLevel } from '../../../contract/scripts'
import { useScriptsMessages } from '../scripts-messages'

const RISK_COLORS: Record<RiskLevel, string> = { LOW: 'green', MEDIUM: 'orange', HIGH: 'red' }
const STATUS_COLORS: Record<ScriptStatus, string> = { PENDING_APPROVE: 'gold', APPROVED: 'green', REJECTED: 'red' }

export function RiskTag({ level }: { level: RiskLevel }) {
  const m = useScriptsMessages()
  return <Tag color={RISK_COLORS[level]}>{m.risk[level]}</Tag>
}

export function ScriptStatusTag({ status }: { status: ScriptStatus }) {
  const m = useScriptsMessages()
  return <Tag color={STATUS_COLORS[status]}>{m.status[status]}</Tag>
}

/** The warning badge of high-risk scripts: declared HIGH, or dangerous commands found in the content. */
export function HighRiskBadge({ findings }: { findings: number }) {
  const m = useScriptsMessages()
  if (findings === 0) return null
  return (
    <Tooltip title={m.highRisk}>
      <Tag icon={<WarningOutlined />} color="error" aria-label={m.highRisk}>
        {findings}
      </Tag>
    </Tooltip>
  )
}
