import { useQuery } from '@tanstack/react-query'
import { Card, Tabs } from 'antd'
import { useNavigate } from 'react-router'
import type { Host } from '../../contract/cmdb'
import { hasPermission } from '../../contract/identity'
import { paths } from '../../config/paths'
import { StepTargets } from '../../features/executions/components/wizard/step-targets'
import { FileLibrary } from '../../features/files/components/file-library'
import { PushWizard } from '../../features/files/components/push-wizard'
import { useFilesMessages } from '../../features/files/files-messages'
import { sessionQueries } from '../../features/session/api/session-queries'

/** File distribution: the library and the push wizard (hosts picked with the execution wizard's CMDB picker). */
export function Component() {
  const m = useFilesMessages()
  const navigate = useNavigate()
  const { data: session } = useQuery(sessionQueries.me())
  const canWrite = !!session && hasPermission(session.user.role, 'executions:run')
  return (
    <Card title={m.title}>
      <Tabs
        items={[
          { key: 'library', label: m.library, children: <FileLibrary canWrite={canWrite} /> },
          ...(canWrite
            ? [
                {
                  key: 'push',
                  label: m.push,
                  children: (
                    <PushWizard
                      onStarted={(uuid) => navigate(paths.ticket.href(uuid))}
                      renderHosts={(selected: Host[], onChange) => (
                        <StepTargets selected={selected} onChange={onChange} purpose="push" />
                      )}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  )
}
