import { useQuery } from '@tanstack/react-query'
import { Tag } from 'antd'
import { fmt, useLocale } from '../../../lib/i18n'
import { oncallQueries } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'
import { clock, dayPieces, localDays } from '../utils/week-days'

/** A calendar-like week: one column per day from today, each listing who is on call when (browser time). */
export function ScheduleWeek({ scheduleId }: { scheduleId: string }) {
  const m = useOncallMessages()
  const { locale } = useLocale()
  const days = localDays(new Date(), 7)
  const from = new Date(days[0]!.start).toISOString()
  const to = new Date(days.at(-1)!.end).toISOString()
  const { data } = useQuery(oncallQueries.shifts(scheduleId, from, to))
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return (
    <section aria-label={m.week}>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', marginBottom: 4 }}>{fmt(m.weekZone, { zone })}</div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))', gap: 4 }}>
        {days.map((day) => (
          <div key={day.start} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 6, minHeight: 64 }}>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {new Date(day.start).toLocaleDateString(locale, { weekday: 'short', month: 'numeric', day: 'numeric' })}
            </div>
            {dayPieces(data ?? [], day).map((p) => (
              <div key={`${p.start}-${p.user.id}`} style={{ fontSize: 12 }}>
                <b>{p.user.displayName}</b> {clock(p.start, day)}–{clock(p.end, day)}
                {p.override && <Tag color="orange">{m.override}</Tag>}
              </div>
            ))}
          </div>
        ))}
      </div>
    </section>
  )
}
