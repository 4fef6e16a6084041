import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Card, Space } from 'antd'
import { useState } from 'react'
import { hasPermission, ROLES } from '../../contract/identity'
import { useAdminMessages } from '../../features/admin/admin-messages'
import { AccessKeysCard } from '../../features/admin/components/access-keys-card'
import { CreateUserModal } from '../../features/admin/components/create-user-modal'
import { ReplicasCard } from '../../features/admin/components/replicas-card'
import { UsersTable } from '../../features/admin/components/users-table'
import { sessionQueries } from '../../features/session/api/session-queries'
import { useShellMessages } from '../shell-messages'
import type { QueryClient } from '@tanstack/react-query'
import { adminQueries, USERS_PAGE_SIZE } from '../../features/admin/api/admin-queries'

/** Warms the users table's first page. */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(adminQueries.users(1, USERS_PAGE_SIZE))
}

/** Users of the tenant (admins manage them), the caller's own AK/SK access keys and, for the platform admin, the console's replicas. */
export function Component() {
  const m = useAdminMessages()
  const shell = useShellMessages()
  const { data: session } = useQuery(sessionQueries.me())
  const role = session?.user.role ?? 'viewer'
  const canManage = hasPermission(role, 'admin:manage')
  // Only a platform admin may grant the platform role; the server enforces the same.
  const assignableRoles = hasPermission(role, 'platform:manage') ? ROLES : ROLES.filter((r) => r !== 'platform_admin')
  const [isCreating, setCreating] = useState(false)
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={m.users.title}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {m.users.create}
            </Button>
          )
        }
      >
        <UsersTable canManage={canManage} roleLabels={shell.roles} />
      </Card>
      <AccessKeysCard />
      {hasPermission(role, 'platform:manage') && <ReplicasCard />}
      <CreateUserModal
        isOpen={isCreating}
        roleLabels={shell.roles}
        assignableRoles={assignableRoles}
        onClose={() => setCreating(false)}
      />
    </Space>
  )
}
