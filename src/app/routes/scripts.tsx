import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Card } from 'antd'
import { Outlet, useNavigate } from 'react-router'
import { hasPermission } from '../../contract/identity'
import { paths } from '../../config/paths'
import { ScriptsTable } from '../../features/scripts/components/scripts-table'
import { useScriptsMessages } from '../../features/scripts/scripts-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import type { QueryClient } from '@tanstack/react-query'
import { SCRIPTS_FIRST_PAGE, scriptQueries } from '../../features/scripts/api/script-queries'

/** Warms the library's first page (no filters). */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(scriptQueries.list(SCRIPTS_FIRST_PAGE))
}

/** Script library; create, detail and edit open as drawers in child routes. */
export function Component() {
  const m = useScriptsMessages()
  const navigate = useNavigate()
  const { data: session } = useQuery(sessionQueries.me())
  const canWrite = hasPermission(session?.user.role ?? 'viewer', 'scripts:write')
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{m.title}</h1>}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(paths.scriptNew.href())}>
            {m.create}
          </Button>
        )
      }
    >
      <ScriptsTable
        canWrite={canWrite}
        onOpen={(id) => navigate(paths.script.href(id))}
        onEdit={(id) => navigate(paths.scriptEdit.href(id))}
      />
      <Outlet />
    </Card>
  )
}
