import { useQuery } from '@tanstack/react-query'
import { useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission } from '../../contract/identity'
import { cmdbQueries } from '../../features/cmdb/api/cmdb-queries'
import { HostDrawer } from '../../features/cmdb/components/host-drawer'
import { sessionQueries } from '../../features/session/api/session-queries'

/** `/cmdb/hosts/:hostId`: the host drawer over the topology page; closing goes back to it. */
export function Component() {
  const { hostId } = useParams()
  const navigate = useNavigate()
  const { data: topology } = useQuery(cmdbQueries.topology())
  const { data: session } = useQuery(sessionQueries.me())
  return (
    <HostDrawer hostId={Number(hostId)} topology={topology} canWrite={hasPermission(session?.user.role ?? 'viewer', 'cmdb:write')}
      onClose={() => navigate(paths.cmdb.href())} />
  )
}
