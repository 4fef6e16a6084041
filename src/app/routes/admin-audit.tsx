import { Card } from 'antd'
import { useAdminMessages } from '../../features/admin/admin-messages'
import { AuditTable } from '../../features/admin/components/audit-table'

export function Component() {
  const m = useAdminMessages()
  return (
    <Card title={m.audit.title}>
      <AuditTable />
    </Card>
  )
}
