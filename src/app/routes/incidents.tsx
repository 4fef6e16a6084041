import { PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Input, Select, Space, Statistic, Tag, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import {
  INCIDENT_LEVELS,
  INCIDENT_SOURCES,
  INCIDENT_TYPES,
  type IncidentCard,
  type IncidentStatus,
  type OperateKey,
} from '../../contract/incidents'
import { hasPermission } from '../../contract/identity'
import { paths } from '../../config/paths'
import { useHandleIncident } from '../../features/incidents/api/incidents-mutations'
import { incidentQueries, type BoardQuery } from '../../features/incidents/api/incidents-queries'
import { CreateIncidentModal } from '../../features/incidents/components/create-incident-modal'
import { DROP_KEYS, IncidentBoard } from '../../features/incidents/components/incident-board'
import { IncidentDrawer } from '../../features/incidents/components/incident-drawer'
import { IntegrationKeysButton } from '../../features/incidents/components/integration-keys-button'
import { IntegrationKeysDrawer } from '../../features/incidents/components/integration-keys-drawer'
import { useIncidentMessages } from '../../features/incidents/incidents-messages'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt, useLocale } from '../../lib/i18n'
import { useLiveRefetch } from '../../lib/live-events'
import { toast } from '../../lib/toast'
import type { QueryClient } from '@tanstack/react-query'
import type { LoaderFunctionArgs } from 'react-router'
import { ErrorReason } from '../../components/error-reason'

/** Warms the board (no filters) and the incident of the drawer at /incidents/:incidentNum. */
export function clientLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) =>
    Promise.all([
      queryClient.ensureQueryData(incidentQueries.board({})),
      params.incidentNum && queryClient.ensureQueryData(incidentQueries.view(params.incidentNum)),
    ])
}

/**
 * Incident lifecycle board: MTTA/MTTR, filters, columns per status, drag to transition, drawer at
 * /incidents/:incidentNum.
 */
export function Component() {
  const m = useIncidentMessages()
  const { locale } = useLocale()
  const navigate = useNavigate()
  const { incidentNum } = useParams()
  const { data: session } = useQuery(sessionQueries.me())
  const canWrite = hasPermission(session?.user.role ?? 'viewer', 'incidents:write')
  const isAdmin = hasPermission(session?.user.role ?? 'viewer', 'admin:manage')
  const [keysOpen, setKeysOpen] = useState(false)
  const operator = session?.user.id ?? ''
  // `?resource_id=…&host=…`: the host drawer's link to the incidents of one host.
  const [search, setSearch] = useSearchParams()
  const [query, setQuery] = useState<BoardQuery>(() => ({ resource_id: search.get('resource_id') ?? undefined }))
  const hostName = search.get('host') ?? search.get('resource_id')
  const [selected, setSelected] = useState<string | null>(null)
  const [pending, setPending] = useState<{ key: OperateKey; confirmResult?: boolean } | null>(null)
  const [isCreating, setCreating] = useState(false)
  // Changes made anywhere (another user, an alarm, another replica) show at once; the board's polling stays as the fallback.
  useLiveRefetch(['incident', 'war-room'], incidentQueries.all())
  const { data: incidents, error } = useQuery(incidentQueries.board(query))
  const { data: metrics } = useQuery(incidentQueries.metrics())
  const handle = useHandleIncident(operator)
  const name = (e: { zh: string; en: string }) => (locale === 'zh-CN' ? e.zh : e.en)
  const open = (num: string) => navigate(paths.incident.href(num))

  function move(i: IncidentCard, to: IncidentStatus) {
    const drop = DROP_KEYS[i.status]?.[to]
    if (!drop || !i.allowed_actions.includes(drop.key)) {
      toast.error(fmt(m.notAllowed, { from: i.status }))
      return
    }
    // Accepting and a passing verification need no input; the others open their form in the drawer.
    if (drop.key === 'acceptedIncident1' || drop.key === 'submitDraft1')
      handle.mutate(
        { incident_num: i.incident_num, operate_key: drop.key },
        { onSuccess: () => toast.success(m.done[drop.key]) },
      )
    else {
      setPending(drop)
      open(i.incident_num)
    }
  }

  const minutes = (v: number | null | undefined) => (v === null || v === undefined ? m.none : fmt(m.minutes, { n: v }))
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 16 }}
      >
        <Typography.Title level={3} style={{ margin: 0 }}>
          {m.title}
        </Typography.Title>
        <Space size="large" wrap>
          <Statistic title={m.mtta} value={minutes(metrics?.mtta_minutes)} />
          <Statistic title={m.mttr} value={minutes(metrics?.mttr_minutes)} />
          <Statistic title={m.open} value={metrics?.open ?? 0} />
          {isAdmin && <IntegrationKeysButton onClick={() => setKeysOpen(true)} />}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {m.create}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small">
        <Space wrap>
          {query.resource_id && (
            <Tag
              closable
              color="blue"
              onClose={() => {
                setQuery({ ...query, resource_id: undefined })
                setSearch({})
              }}
            >
              {fmt(m.filters.host, { name: hostName ?? '' })}
            </Tag>
          )}
          <Input.Search
            allowClear
            placeholder={m.filters.search}
            aria-label={m.filters.search}
            onSearch={(v) => setQuery({ ...query, q: v || undefined })}
            style={{ width: 200 }}
          />
          <Select
            aria-label={m.filters.level}
            allowClear
            placeholder={m.filters.level}
            style={{ width: 110 }}
            value={query.level}
            onChange={(v) => setQuery({ ...query, level: v })}
            options={INCIDENT_LEVELS.map((l) => ({ value: l.key, label: name(l) }))}
          />
          <Select
            aria-label={m.filters.type}
            allowClear
            placeholder={m.filters.type}
            style={{ width: 180 }}
            value={query.type}
            onChange={(v) => setQuery({ ...query, type: v })}
            options={INCIDENT_TYPES.map((t) => ({ value: t.key, label: name(t) }))}
          />
          <Select
            aria-label={m.filters.source}
            allowClear
            placeholder={m.filters.source}
            style={{ width: 150 }}
            value={query.source}
            onChange={(v) => setQuery({ ...query, source: v })}
            options={INCIDENT_SOURCES.map((t) => ({ value: t.key, label: name(t) }))}
          />
          <Input
            allowClear
            placeholder={m.filters.app}
            style={{ width: 160 }}
            onChange={(e) => setQuery({ ...query, application_id: e.target.value || undefined })}
          />
          <Input
            allowClear
            placeholder={m.filters.assignee}
            style={{ width: 140 }}
            onChange={(e) => setQuery({ ...query, assignee: e.target.value || undefined })}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.keyboard}
          </Typography.Text>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />}
      <IncidentBoard
        incidents={incidents ?? []}
        selected={selected}
        onSelect={setSelected}
        onOpen={open}
        onMove={move}
        onAccept={(i) =>
          handle.mutate(
            { incident_num: i.incident_num, operate_key: 'acceptedIncident1' },
            { onSuccess: () => toast.success(m.done.acceptedIncident1) },
          )
        }
      />
      <IncidentDrawer
        num={incidentNum ?? null}
        operator={operator}
        pending={pending}
        onClose={() => {
          setPending(null)
          navigate(paths.incidents.path)
        }}
      />
      <IntegrationKeysDrawer isOpen={keysOpen} onClose={() => setKeysOpen(false)} />
      <CreateIncidentModal
        isOpen={isCreating}
        creator={session?.user.username ?? ''}
        onClose={() => setCreating(false)}
      />
    </Space>
  )
}
