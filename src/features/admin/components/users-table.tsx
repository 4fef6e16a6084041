import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Table, Tag } from 'antd'
import { useState } from 'react'
import type { Role, User } from '../../../contract/identity'
import { formatTime } from '../../../lib/format'
import { useUpdateUser } from '../api/admin-mutations'
import { adminQueries, USERS_PAGE_SIZE } from '../api/admin-queries'
import { useAdminMessages } from '../admin-messages'
import { ErrorReason } from '../../../components/error-reason'

const ROLE_COLORS: Record<Role, string> = {
  platform_admin: 'magenta',
  admin: 'red',
  operator: 'blue',
  reviewer: 'purple',
  viewer: 'default',
}

export interface UsersTableProps {
  canManage: boolean
  roleLabels: Record<Role, string>
}

/** Paged users of the tenant; admins can disable and re-enable accounts. */
export function UsersTable({ canManage, roleLabels }: UsersTableProps) {
  const m = useAdminMessages()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(USERS_PAGE_SIZE)
  const { data, isLoading, error } = useQuery(adminQueries.users(page, pageSize))
  const update = useUpdateUser({ successMessage: m.users.updated })
  if (error)
    return <Alert type="error" showIcon title={m.users.loadFailed} description={<ErrorReason error={error} />} />
  return (
    <Table<User>
      scroll={{ x: 'max-content' }}
      rowKey="id"
      loading={isLoading}
      dataSource={data?.items}
      locale={{ emptyText: m.users.empty }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total,
        onChange: (p, s) => {
          setPage(p)
          setPageSize(s)
        },
      }}
      columns={[
        { title: m.users.username, dataIndex: 'username' },
        { title: m.users.displayName, dataIndex: 'displayName' },
        {
          title: m.users.role,
          dataIndex: 'role',
          render: (r: Role) => <Tag color={ROLE_COLORS[r]}>{roleLabels[r]}</Tag>,
        },
        {
          title: m.users.status,
          dataIndex: 'disabled',
          render: (d: boolean) => (d ? <Tag>{m.users.disabled}</Tag> : <Tag color="green">{m.users.enabled}</Tag>),
        },
        { title: m.users.createdAt, dataIndex: 'createdAt', render: formatTime },
        ...(canManage
          ? [
              {
                title: '',
                key: 'actions',
                render: (_: unknown, u: User) => (
                  <Button size="small" onClick={() => update.mutate({ userId: u.id, body: { disabled: !u.disabled } })}>
                    {u.disabled ? m.users.enable : m.users.disable}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  )
}
