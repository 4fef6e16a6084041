import { useQuery } from '@tanstack/react-query'
import { OncallPage } from '../../features/oncall/components/oncall-page'
import { sessionQueries } from '../../features/session/api/session-queries'

export function Component() {
  const { data: session } = useQuery(sessionQueries.me())
  return <OncallPage role={session?.user.role ?? 'viewer'} />
}
