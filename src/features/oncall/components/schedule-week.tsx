import { useQuery } from '@tanstack/react-query'
import { Tag } from 'antd'
import { oncallQueries } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'

const DAY = 86_400_000
const hhmm = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false })

/** A calendar-like week: one column per day from today, each listing who is on call when (browser time). */
export function ScheduleWeek({ scheduleId }: { scheduleId: string }) {
  const m = useOncallMessages()
  const start = new Date()
  start.setHours(0, 0, 0, 0)
  const from = start.toISOString()
  const to = new Date(start.getTime() + 7 * DAY).toISOString()
  const { data } = useQuery(oncallQueries.shifts(scheduleId, from, to))
  const days = Array.from({ length: 7 }, (_, i) => start.getTime() + i * DAY)
  return (
    <section aria-label={m.week} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }}>
      {days.map((d) => (
        <div key={d} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, minHeight: 64 }}>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {new Date(d).toLocaleDateString([], { weekday: 'short', month: 'numeric', day: 'numeric' })}
          </div>
          {(data ?? [])
            .filter((s) => Date.parse(s.start) < d + DAY && Date.parse(s.end) > d)
            .map((s) => (
              <div key={`${s.start}-${s.user.id}`} style={{ fontSize: 12 }}>
                <b>{s.user.displayName}</b> {hhmm(Math.max(Date.parse(s.start), d))}–
                {hhmm(Math.min(Date.parse(s.end), d + DAY))}
                {s.override && <Tag color="orange">{m.override}</Tag>}
              </div>
            ))}
        </div>
      ))}
    </section>
  )
}
