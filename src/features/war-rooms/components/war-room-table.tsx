import { useQuery } from '@tanstack/react-query'
import { Alert, Input, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router'
import { paths } from '../../../config/paths'
import { INCIDENT_LEVELS } from '../../../contract/incidents'
import type { WarRoomTenantInfo } from '../../../contract/war-rooms'
import { useLocale } from '../../../lib/i18n'
import { formatTime } from '../../../lib/format'
import { warRoomQueries, type WarRoomFilter } from '../api/war-rooms-queries'
import { useWarRoomMessages } from '../war-rooms-messages'
import { ErrorReason } from '../../../components/error-reason'

const PAGE = 10

/**
 * The seed's list API with its filters; `limit` is the first row, `offset` the page size (as the seed defines them).
 */
export function WarRoomTable() {
  const m = useWarRoomMessages()
  const { locale } = useLocale()
  const [page, setPage] = useState(1)
  const [filter, setFilter] = useState<WarRoomFilter>({})
  const { data, error, isFetching } = useQuery(
    warRoomQueries.list({ ...filter, limit: (page - 1) * PAGE, offset: PAGE }),
  )
  const set = (f: Partial<WarRoomFilter>) => {
    setFilter({ ...filter, ...f })
    setPage(1)
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={m.filters.title}
          aria-label={m.filters.title}
          onSearch={(v) => set({ title: v || undefined })}
          style={{ width: 200 }}
        />
        <Select
          aria-label={m.filters.status}
          allowClear
          mode="multiple"
          placeholder={m.filters.status}
          style={{ minWidth: 160 }}
          onChange={(v: string[]) => set({ status: v.length ? v : undefined })}
          options={[
            { value: 'running', label: m.running },
            { value: 'closed', label: m.closed },
          ]}
        />
        <Select
          aria-label={m.filters.level}
          allowClear
          mode="multiple"
          placeholder={m.filters.level}
          style={{ minWidth: 160 }}
          onChange={(v: string[]) => set({ incident_levels: v.length ? v : undefined })}
          options={INCIDENT_LEVELS.map((l) => ({ value: l.key, label: l.en }))}
        />
        <Input
          allowClear
          placeholder={m.filters.incident}
          style={{ width: 240 }}
          onChange={(e) => set({ incident_num: e.target.value || undefined })}
        />
        <Input
          allowClear
          placeholder={m.filters.admin}
          style={{ width: 140 }}
          onChange={(e) => set({ admin: e.target.value ? [e.target.value] : undefined })}
        />
      </Space>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <Table<WarRoomTenantInfo>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="middle"
        loading={isFetching}
        dataSource={data?.list}
        locale={{ emptyText: m.table.empty }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          {
            title: m.table.title,
            dataIndex: 'title',
            render: (t: string, r) => <Link to={paths.warRoom.href(r.id)}>{t}</Link>,
          },
          {
            title: m.table.incident,
            key: 'incident',
            render: (_: unknown, r) => (
              <Link to={paths.incident.href(r.incident.incident_id)}>{r.incident.incident_id}</Link>
            ),
          },
          {
            title: m.table.level,
            key: 'level',
            render: (_: unknown, r) =>
              INCIDENT_LEVELS.find((l) => l.key === r.incident.failure_level)?.en ?? r.incident.failure_level,
          },
          {
            title: m.table.status,
            key: 'status',
            render: (_: unknown, r) => (
              <Tag color={r.war_room_status.id === 'running' ? 'red' : 'default'}>
                {locale === 'zh-CN' ? r.war_room_status.name_zh : r.war_room_status.name_en}
              </Tag>
            ),
          },
          { title: m.table.admin, dataIndex: 'admin' },
          {
            title: m.table.apps,
            key: 'apps',
            render: (_: unknown, r) => r.impacted_application.map((a) => a.name).join(', '),
          },
          {
            title: m.table.regions,
            key: 'regions',
            render: (_: unknown, r) => r.regions.map((x) => x.name).join(', '),
          },
          { title: m.table.occur, key: 'occur', render: (_: unknown, r) => formatTime(r.occur_time) },
          { title: m.table.processing, dataIndex: 'processing_duration' },
          { title: m.table.restoration, dataIndex: 'restoration_duration' },
        ]}
      />
    </>
  )
}
