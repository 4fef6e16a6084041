import { Card } from 'antd'
import { useAdminMessages } from '../../features/admin/admin-messages'
import { AuditTable } from '../../features/admin/components/audit-table'
import type { QueryClient } from '@tanstack/react-query'
import { adminQueries, AUDIT_FIRST_PAGE } from '../../features/admin/api/admin-queries'

/** Warms the audit log's first page (no filters). */
export function clientLoader(queryClient: QueryClient) {
  return () => queryClient.ensureQueryData(adminQueries.audit(AUDIT_FIRST_PAGE))
}

export function Component() {
  const m = useAdminMessages()
  return (
    <Card title={m.audit.title}>
      <AuditTable />
    </Card>
  )
}
