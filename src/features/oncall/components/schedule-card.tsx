import { useQuery } from '@tanstack/react-query'
import { Button, Card, Descriptions, Input, Select, Space, Tag } from 'antd'
import { ItemList, ItemRow } from '../../../components/item-list'
import { useState } from 'react'
import type { Schedule } from '../../../contract/oncall'
import { formatTime } from '../../../lib/format'
import { oncallQueries, useAddOverride, useRemoveOverride } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'
import { ScheduleWeek } from './schedule-week'

export interface ScheduleCardProps {
  schedule: Schedule
  canEdit: boolean
  onEdit: () => void
}

const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

/** One schedule: who is on call now, its rotation, the week ahead and its overrides. */
export function ScheduleCard({ schedule: s, canEdit, onEdit }: ScheduleCardProps) {
  const m = useOncallMessages()
  const { data: people = [] } = useQuery(oncallQueries.people())
  const [draft, setDraft] = useState<{ userId?: string; from: string; until: string } | null>(null)
  const add = useAddOverride({ onSuccess: () => setDraft(null) })
  const remove = useRemoveOverride()
  return (
    <Card title={s.name} extra={canEdit && <Button onClick={onEdit}>{m.edit}</Button>} style={{ marginBottom: 16 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'now',
            label: m.onCallNow,
            children: s.onCallNow ? <Tag color="red">{s.onCallNow.displayName}</Tag> : m.nobody,
          },
          {
            key: 'rot',
            label: m.rotation,
            children: `${s.rotation === 'daily' ? m.daily : m.weekly} · ${s.handoffTime} ${s.timeZone}`,
          },
          { key: 'members', label: m.members, children: s.members.map((p) => p.displayName).join(' → ') },
        ]}
      />
      <ScheduleWeek scheduleId={s.id} />
      <ItemList
        header={m.overrides}
        size="small"
        emptyText={m.noOverrides}
        items={s.overrides}
        rowKey={(o) => o.id}
        renderItem={(o) => (
          <ItemRow
            actions={
              canEdit
                ? [
                    <Button key="rm" size="small" onClick={() => remove.mutate({ scheduleId: s.id, overrideId: o.id })}>
                      {m.remove}
                    </Button>,
                  ]
                : []
            }
          >
            {o.user.displayName} · {formatTime(Date.parse(o.startsAt))} → {formatTime(Date.parse(o.endsAt))}
          </ItemRow>
        )}
      />
      {canEdit &&
        (draft ? (
          <Space wrap>
            <Select
              aria-label={m.who}
              placeholder={m.who}
              style={{ width: 180 }}
              value={draft.userId}
              onChange={(userId) => setDraft({ ...draft, userId })}
              options={people.map((p) => ({ value: p.id, label: p.displayName }))}
            />
            <Input
              aria-label={m.from}
              type="datetime-local"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
            <Input
              aria-label={m.until}
              type="datetime-local"
              value={draft.until}
              onChange={(e) => setDraft({ ...draft, until: e.target.value })}
            />
            <Button
              type="primary"
              loading={add.isPending}
              disabled={!draft.userId}
              onClick={() =>
                add.mutate({
                  scheduleId: s.id,
                  userId: draft.userId!,
                  startsAt: new Date(draft.from).toISOString(),
                  endsAt: new Date(draft.until).toISOString(),
                })
              }
            >
              {m.save}
            </Button>
          </Space>
        ) : (
          <Button
            onClick={() => setDraft({ from: localInput(Date.now()), until: localInput(Date.now() + 8 * 3_600_000) })}
          >
            {m.addOverride}
          </Button>
        ))}
    </Card>
  )
}
