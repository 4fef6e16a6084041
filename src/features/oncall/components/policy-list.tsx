import { Button, Card, Steps, Tag } from 'antd'
import type { EscalationPolicy } from '../../../contract/oncall'
import { fmt } from '../../../lib/i18n'
import { useOncallMessages } from '../oncall-messages'

export interface PolicyListProps {
  policies: EscalationPolicy[]
  canEdit: boolean
  onEdit: (p: EscalationPolicy) => void
}

const duration = (sec: number) => (sec >= 60 ? `${Math.round((sec / 60) * 10) / 10} min` : `${sec} s`)

/** Each policy as its chain of levels: who is notified, and after how long the next level is. */
export function PolicyList({ policies, canEdit, onEdit }: PolicyListProps) {
  const m = useOncallMessages()
  return (
    <>
      {policies.map((p) => (
        <Card
          key={p.id}
          title={p.name}
          style={{ marginBottom: 16 }}
          extra={canEdit && <Button onClick={() => onEdit(p)}>{m.edit}</Button>}
        >
          <Steps
            size="small"
            current={-1}
            items={p.steps.map((s, i) => ({
              title: fmt(m.level, { n: i + 1 }),
              content: (
                <>
                  {s.targets.map((t) => p.targetNames[t.id] ?? t.id).join(', ')}
                  <div>{fmt(m.after, { t: duration(s.timeoutSec) })}</div>
                </>
              ),
            }))}
          />
          <div style={{ marginTop: 8 }}>
            {m.escalateLevels}:{' '}
            {p.escalateLevels.map((l) => (
              <Tag key={l}>{l.replace('level_', 'P').replace('0', '')}</Tag>
            ))}
            · {m.repeat}: {p.repeatCount}
          </div>
        </Card>
      ))}
    </>
  )
}
