import { PlayCircleOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Spin, Tabs } from 'antd'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { ScriptOverview } from './script-overview'
import { VersionHistory } from './version-history'
import { PanelBoundary } from '../../../components/panel-boundary'
import { ErrorReason } from '../../../components/error-reason'

export interface ScriptDetailsDrawerProps {
  scriptUuid: string
  tab?: 'details' | 'versions'
  onClose: () => void
}

/** Detail drawer over the library: overview and version history with diff. */
export function ScriptDetailsDrawer({ scriptUuid, tab = 'details', onClose }: ScriptDetailsDrawerProps) {
  const m = useScriptsMessages()
  const view = useQuery(scriptQueries.view(scriptUuid))
  return (
    <Drawer
      open
      size={860}
      onClose={onClose}
      title={view.data?.script.name ?? scriptUuid}
      extra={
        view.data?.script.status === 'APPROVED' && (
          <Link to={paths.executionWizard.href(scriptUuid)}>
            <Button type="primary" icon={<PlayCircleOutlined />}>
              {m.run}
            </Button>
          </Link>
        )
      }
    >
      {view.error ? (
        <Alert type="error" showIcon title={<ErrorReason error={view.error} />} />
      ) : !view.data ? (
        <Spin />
      ) : (
        <Tabs
          defaultActiveKey={tab}
          items={[
            { key: 'details', label: m.details, children: <ScriptOverview view={view.data} /> },
            {
              key: 'versions',
              label: m.versions,
              children: (
                <PanelBoundary title={m.versions}>
                  <VersionHistory scriptUuid={scriptUuid} />
                </PanelBoundary>
              ),
            },
          ]}
        />
      )}
    </Drawer>
  )
}
