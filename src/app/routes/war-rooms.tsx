import { useQuery } from '@tanstack/react-query'
import { Card, Space, Typography } from 'antd'
import { useParams } from 'react-router'
import { warRoomQueries } from '../../features/war-rooms/api/war-rooms-queries'
import { WarRoomCharts } from '../../features/war-rooms/components/war-room-charts'
import { WarRoomDetail } from '../../features/war-rooms/components/war-room-detail'
import { WarRoomTable } from '../../features/war-rooms/components/war-room-table'
import { useWarRoomMessages } from '../../features/war-rooms/war-rooms-messages'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { PanelBoundary } from '../../components/panel-boundary'
import { useLiveRefetch } from '../../lib/live-events'

/** The dashboard's period. */
const STATS_DAYS = 30

/** Warms the room at /war-rooms/:warRoomId, else the dashboard's statistics. */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) =>
    params.warRoomId
      ? queryClient.ensureQueryData(warRoomQueries.detail(params.warRoomId))
      : queryClient.ensureQueryData(warRoomQueries.stats(STATS_DAYS))
}

/** WarRoom dashboard (counts, charts, filterable list) and, at /war-rooms/:warRoomId, one room. */
export function Component() {
  const m = useWarRoomMessages()
  const { warRoomId } = useParams()
  // Notes, members and status from others (and rooms opened for incidents) show at once; polling is the fallback.
  useLiveRefetch(['war-room', 'incident'], warRoomQueries.all())
  const { data: stats } = useQuery({ ...warRoomQueries.stats(STATS_DAYS), enabled: !warRoomId })
  if (warRoomId) return <WarRoomDetail id={warRoomId} />
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {m.title}
      </Typography.Title>
      {stats && (
        <PanelBoundary>
          <WarRoomCharts stats={stats} />
        </PanelBoundary>
      )}
      <Card>
        <WarRoomTable />
      </Card>
    </Space>
  )
}
