import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Space } from 'antd'
import { useState } from 'react'
import { PATCH_NOW_MAX_HOSTS, type InstanceCompliant } from '../../../contract/patches'
import { fmt } from '../../../lib/i18n'
import { patchQueries, type ReportQuery } from '../api/patches-queries'
import { usePatchMessages } from '../patches-messages'
import { fetchAllPages } from '../utils/fetch-all-pages'

export interface PatchSelectAllProps {
  /** The report's current filters; only its non-compliant nodes are chosen. */
  query: ReportQuery
  onSelect: (rows: InstanceCompliant[]) => void
}

/**
 * Patch now's "select all matching": the non-compliant nodes of the current filter, counted on the server and fetched
 * only when they fit in one ticket (PATCH_NOW_MAX_HOSTS); past that, the limit is explained instead.
 */
export function PatchSelectAll({ query, onSelect }: PatchSelectAllProps) {
  const m = usePatchMessages().patchNow
  const queryClient = useQueryClient()
  const [refused, setRefused] = useState(false)
  const filter: ReportQuery = { ...query, compliant_status: 'non_compliant', offset: 1 }
  const count = useQuery({
    ...patchQueries.reports({ ...filter, limit: 1 }),
    enabled: query.compliant_status !== 'compliant',
  })
  const n = query.compliant_status === 'compliant' ? 0 : (count.data?.count ?? 0)
  if (!n) return null
  async function selectAll() {
    if (n > PATCH_NOW_MAX_HOSTS) return setRefused(true)
    setRefused(false)
    const rows = await fetchAllPages(async (offset) => {
      const page = await queryClient.fetchQuery(patchQueries.reports({ ...filter, offset, limit: 100 }))
      return { count: page.count, items: page.instance_compliant }
    }, PATCH_NOW_MAX_HOSTS)
    onSelect(rows)
  }
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }} className="no-print">
      <Button size="small" onClick={selectAll}>
        {fmt(m.selectAll, { n })}
      </Button>
      {refused && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setRefused(false)}
          title={fmt(m.overLimit, { n, max: PATCH_NOW_MAX_HOSTS })}
        />
      )}
    </Space>
  )
}
