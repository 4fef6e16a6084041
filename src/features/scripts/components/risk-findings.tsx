import { Alert, Tag } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
import type { z } from 'zod'
import type { RiskFindingSchema } from '../../../contract/script-console'
import { fmt } from '../../../lib/i18n'
import { useScriptsMessages } from '../scripts-messages'

/** Findings of the risk rules, labelled in the user's language. */
export function RiskFindings({ findings }: { findings: z.infer<typeof RiskFindingSchema>[] }) {
  const m = useScriptsMessages()
  if (findings.length === 0) return <Alert type="success" showIcon title={m.detail.noFindings} />
  return (
    <ItemList
      size="small"
      bordered
      header={m.detail.findings}
      items={findings}
      renderItem={(f) => (
        <ItemRow>
          <Tag color={f.severity === 'high' ? 'red' : 'orange'}>{m.rules[f.rule] ?? f.message}</Tag>
          <span>
            {fmt(m.detail.line, { n: f.line })}: <code>{f.excerpt}</code>
          </span>
        </ItemRow>
      )}
    />
  )
}
