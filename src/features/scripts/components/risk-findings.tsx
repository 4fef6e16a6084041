import { Alert, List, Tag } from 'antd'
import type { z } from 'zod'
import type { RiskFindingSchema } from '../../../contract/script-console'
import { fmt } from '../../../lib/i18n'
import { useScriptsMessages } from '../scripts-messages'

/** Findings of the risk rules, labelled in the user's language. */
export function RiskFindings({ findings }: { findings: z.infer<typeof RiskFindingSchema>[] }) {
  const m = useScriptsMessages()
  if (findings.length === 0) return <Alert type="success" showIcon title={m.detail.noFindings} />
  return (
    <List
      size="small"
      bordered
      header={m.detail.findings}
      dataSource={findings}
      renderItem={(f) => (
        <List.Item>
          <Tag color={f.severity === 'high' ? 'red' : 'orange'}>{m.rules[f.rule] ?? f.message}</Tag>
          {fmt(m.detail.line, { n: f.line })}: <code>{f.excerpt}</code>
        </List.Item>
      )}
    />
  )
}
