import { useQuery } from '@tanstack/react-query'
import { Badge, Button } from 'antd'
import { fmt } from '../../../lib/i18n'
import { stuckAlarmQueries } from '../api/stuck-alarms-api'
import { useIncidentMessages } from '../incidents-messages'

export interface IntegrationKeysButtonProps {
  onClick: () => void
}

/**
 * Opens the alarm integrations drawer (admins only), badged with the number of stuck alarms so nobody has to
 * open the drawer to learn that accepted alarms never became incidents.
 */
export function IntegrationKeysButton({ onClick }: IntegrationKeysButtonProps) {
  const m = useIncidentMessages()
  const { data } = useQuery(stuckAlarmQueries.list())
  const stuck = data?.total ?? 0
  return (
    <Badge count={stuck} title={stuck ? fmt(m.stuck.badge, { n: stuck }) : undefined}>
      <Button onClick={onClick}>{m.keys.open}</Button>
    </Badge>
  )
}
