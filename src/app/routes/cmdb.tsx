import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Flex, Statistic, Tabs } from 'antd'
import { useCallback, useState } from 'react'
import { useMatch, useNavigate } from 'react-router'
import { paths } from '../../config/paths'
import { hasPermission } from '../../contract/identity'
import { sessionQueries } from '../../features/session/api/session-queries'
import { cmdbQueries } from '../../features/cmdb/api/cmdb-queries'
import { useCmdbMessages } from '../../features/cmdb/cmdb-messages'
import { AgentTokensPanel } from '../../features/cmdb/components/agent-tokens-panel'
import { AppGraphPanel } from '../../features/cmdb/components/app-graph-panel'
import { HostDrawer } from '../../features/cmdb/components/host-drawer'
import { HostsTable } from '../../features/cmdb/components/hosts-table'
import { SavedQueriesPanel } from '../../features/cmdb/components/saved-queries-panel'
import { ScopeActions } from '../../features/cmdb/components/scope-actions'
import { ScopePicker } from '../../features/cmdb/components/scope-picker'
import { TopologyChart } from '../../features/cmdb/components/topology-chart'
import type { Scope } from '../../features/cmdb/utils/scope'
import type { QueryClient } from '@tanstack/react-query'
import { PanelBoundary } from '../../components/panel-boundary'

/** Warms the topology tree the page opens on. */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(cmdbQueries.topology())
}

/**
 * CMDB topology: fleet counts, the business tree with the hosts of the selected node, the application graph; hosts open
 * in a drawer at `/cmdb/hosts/:hostId` (deep-linkable; closing returns here).
 */
export function Component() {
  const m = useCmdbMessages()
  const navigate = useNavigate()
  const [scope, setScope] = useState<Scope>({ kind: 'all' })
  const { data: topology, error } = useQuery(cmdbQueries.topology())
  const { data: session } = useQuery(sessionQueries.me())
  const isAdmin = hasPermission(session?.user.role ?? 'viewer', 'admin:manage')
  const canWrite = hasPermission(session?.user.role ?? 'viewer', 'cmdb:write')
  const canRun = hasPermission(session?.user.role ?? 'viewer', 'executions:run')
  const hostMatch = useMatch(paths.cmdbHost.path)
  const openHost = useCallback((hostId: number) => navigate(paths.cmdbHost.href(hostId)), [navigate])
  if (error) return <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
  const offline = topology ? topology.hostCount - topology.onlineCount : 0
  return (
    <Card title={m.title}>
      <Flex gap={32} style={{ marginBottom: 16 }}>
        <Statistic title={m.hosts} value={topology?.hostCount ?? '—'} />
        <Statistic title={m.online} value={topology?.onlineCount ?? '—'} styles={{ content: { color: '#3f8600' } }} />
        <Statistic
          title={`${m.offline} / ${m.noAgent}`}
          value={topology ? offline : '—'}
          styles={{ content: { color: offline ? '#cf1322' : undefined } }}
        />
      </Flex>
      <Tabs
        items={[
          {
            key: 'topology',
            label: m.tabs.topology,
            children: (
              <>
                {topology && (
                  <PanelBoundary title={m.tabs.topology}>
                    <TopologyChart topology={topology} scope={scope} onScopeChange={setScope} onOpenHost={openHost} />
                  </PanelBoundary>
                )}
                {topology && (
                  <Flex gap={12} wrap>
                    <ScopePicker topology={topology} scope={scope} onScopeChange={setScope} />
                    {canWrite && <ScopeActions scope={scope} topology={topology} onScopeChange={setScope} />}
                  </Flex>
                )}
                <HostsTable
                  key={JSON.stringify(scope)}
                  scope={scope}
                  onOpenHost={openHost}
                  topology={topology}
                  canWrite={canWrite}
                />
              </>
            ),
          },
          {
            key: 'queries',
            label: m.tabs.queries,
            children: (
              <PanelBoundary title={m.tabs.queries}>
                <SavedQueriesPanel topology={topology} canWrite={canWrite} canRun={canRun} />
              </PanelBoundary>
            ),
          },
          {
            key: 'apps',
            label: m.tabs.apps,
            children: (
              <PanelBoundary title={m.tabs.apps}>
                <AppGraphPanel canWrite={canWrite} />
              </PanelBoundary>
            ),
          },
          ...(isAdmin
            ? [
                {
                  key: 'agents',
                  label: m.tabs.agents,
                  children: (
                    <PanelBoundary title={m.tabs.agents}>
                      <AgentTokensPanel />
                    </PanelBoundary>
                  ),
                },
              ]
            : []),
        ]}
      />
      {hostMatch && (
        <HostDrawer
          hostId={Number(hostMatch.params.hostId)}
          topology={topology}
          onClose={() => navigate(paths.cmdb.href())}
          canWrite={canWrite}
          isAdmin={isAdmin}
        />
      )}
    </Card>
  )
}
