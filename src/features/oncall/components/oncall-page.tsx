import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Space, Tabs, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { hasPermission } from '../../../contract/identity'
import type { EscalationPolicy, Schedule } from '../../../contract/oncall'
import { paths } from '../../../config/paths'
import { oncallQueries } from '../api/oncall-queries'
import { useOncallMessages } from '../oncall-messages'
import { PolicyFormModal } from './policy-form'
import { PolicyList } from './policy-list'
import { ScheduleCard } from './schedule-card'
import { ScheduleForm } from './schedule-form'
import { ErrorReason } from '../../../components/error-reason'

export interface OncallPageProps {
  role: Parameters<typeof hasPermission>[0]
}

/** Schedules (who is on call, the week, overrides) and escalation policies, with their editors. */
export function OncallPage({ role }: OncallPageProps) {
  const m = useOncallMessages()
  const canEdit = hasPermission(role, 'incidents:write')
  const schedules = useQuery(oncallQueries.schedules())
  const policies = useQuery(oncallQueries.policies())
  const [editing, setEditing] = useState<{ schedule?: Schedule } | null>(null)
  const [editingPolicy, setEditingPolicy] = useState<{ policy?: EscalationPolicy } | null>(null)
  const error = schedules.error ?? policies.error
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3}>{m.title}</Typography.Title>
        <Link to={paths.notificationSettings.href()}>{m.mySettings}</Link>
      </Space>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <Tabs
        items={[
          {
            key: 'schedules',
            label: m.schedules,
            children: (
              <>
                {canEdit && (
                  <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setEditing({})}>
                    {m.newSchedule}
                  </Button>
                )}
                {schedules.data?.map((s) => (
                  <ScheduleCard key={s.id} schedule={s} canEdit={canEdit} onEdit={() => setEditing({ schedule: s })} />
                ))}
              </>
            ),
          },
          {
            key: 'policies',
            label: m.policies,
            children: (
              <>
                {canEdit && (
                  <Button type="primary" style={{ marginBottom: 16 }} onClick={() => setEditingPolicy({})}>
                    {m.newPolicy}
                  </Button>
                )}
                <PolicyList
                  policies={policies.data ?? []}
                  canEdit={canEdit}
                  onEdit={(policy) => setEditingPolicy({ policy })}
                />
              </>
            ),
          },
        ]}
      />
      {editing && <ScheduleForm schedule={editing.schedule} onClose={() => setEditing(null)} />}
      {editingPolicy && <PolicyFormModal policy={editingPolicy.policy} onClose={() => setEditingPolicy(null)} />}
    </>
  )
}
