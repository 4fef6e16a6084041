import { ArrowLeftOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Card, Col, Row, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { paths } from '../../config/paths'
import type { InstanceView } from '../../contract/executions'
import { useExecutionLive } from '../../features/executions/api/execution-live'
import { executionQueries } from '../../features/executions/api/execution-queries'
import { InstanceLogDrawer } from '../../features/executions/components/instance-log-drawer'
import { TicketBatches } from '../../features/executions/components/ticket-batches'
import { TicketHeader } from '../../features/executions/components/ticket-header'
import { TicketInstances } from '../../features/executions/components/ticket-instances'
import { TicketOperations } from '../../features/executions/components/ticket-operations'
import { TicketStatsChart } from '../../features/executions/components/ticket-stats-chart'
import { useExecutionMessages } from '../../features/executions/executions-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import { hasPermission } from '../../contract/identity'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { PanelBoundary } from '../../components/panel-boundary'
import { ErrorReason } from '../../components/error-reason'

/** Warms the ticket's detail. */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) =>
    queryClient.ensureQueryData(executionQueries.detail(params.executeUuid ?? ''))
}

/** One ticket: header, operations, statistics, batches, hosts; `/hosts/:instanceId` opens a host's log. */
export function Component() {
  const m = useExecutionMessages()
  const navigate = useNavigate()
  const { executeUuid = '', instanceId } = useParams()
  const [opened, setOpened] = useState<InstanceView | undefined>()
  const { data: detail, error } = useQuery(executionQueries.detail(executeUuid))
  const { data: session } = useQuery(sessionQueries.me())
  const canRun = hasPermission(session?.user.role ?? 'viewer', 'executions:run')
  const mode = useExecutionLive(executeUuid, detail?.status)
  const back = (
    <Link to={paths.tickets.href()}>
      <ArrowLeftOutlined /> {m.detail.back}
    </Link>
  )
  if (error)
    return (
      <Space orientation="vertical">
        {back}
        <Alert type="error" showIcon title={m.detail.notFound} description={<ErrorReason error={error} />} />
      </Space>
    )
  if (!detail) return <Spin />
  const openLog = (i: InstanceView) => {
    setOpened(i)
    navigate(paths.ticketHost.href(executeUuid, i.id))
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {back}
      <Card>
        <TicketHeader detail={detail} mode={mode} />
      </Card>
      <Card size="small" title={<TicketOperations detail={detail} canRun={canRun} />}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {m.detail.keyboard}
        </Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card size="small" title={m.detail.stats}>
            <PanelBoundary title={m.detail.stats}>
              <TicketStatsChart counts={detail.counts} label={m.detail.stats} />
            </PanelBoundary>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={m.detail.batches}>
            <PanelBoundary title={m.detail.batches}>
              <TicketBatches detail={detail} />
            </PanelBoundary>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={m.detail.hosts}>
        <TicketInstances detail={detail} onOpenLog={openLog} />
      </Card>
      {instanceId && (
        <InstanceLogDrawer
          executeUuid={executeUuid}
          instanceId={Number(instanceId)}
          instance={opened?.id === Number(instanceId) ? opened : undefined}
          onClose={() => navigate(paths.ticket.href(executeUuid))}
        />
      )}
    </Space>
  )
}
