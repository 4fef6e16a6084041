import { sql } from 'drizzle-orm'
import type { z } from 'zod'
import type { CreateIncidentBodySchema, IncidentStatus } from '../../../contract/incidents'
import type { Tx } from '../../db/client'
import { insertJson, rowsOf } from '../../db/insert-json'
import { incidentTimeline, incidents } from '../../db/schema'
import type { Principal, RequestContext } from '../../lib/principal'
import type { AuditService } from '../audit/audit.service'
import type { IncidentRow } from './incident-dto'
import { newIncidentNum } from './incident-num'

type Actor = Pick<Principal, 'username' | 'tenantId'> & { userId: string | null }
/** One incident for createMany. */
export interface NewIncident {
  actor: Actor
  body: z.infer<typeof CreateIncidentBodySchema>
  ctx?: RequestContext
  draft?: boolean
}

/**
 * Inserts incidents with one statement each for the incidents, their `create` timeline entries and their audit
 * records; returns the rows in input order. The rows are assembled from what was inserted plus the generated
 * columns, instead of being read back (that select cost as much as the insert on PGlite); `satisfies` keeps
 * the assembly complete when a column is added.
 */
export async function insertIncidents(tx: Tx, audit: AuditService, items: NewIncident[]): Promise<IncidentRow[]> {
  if (!items.length) return []
  const values = items.map(({ actor, body, draft }) => ({
    tenantId: actor.tenantId,
    incidentNum: newIncidentNum(),
    title: body.incident_title,
    description: body.incident_description,
    level: body.incident_level,
    type: body.incident_type,
    source: body.incident_source,
    status: (draft ? 'incident_draft' : 'INCIDENT_STATUS_TRIGGERED') as IncidentStatus,
    region: body.region?.[0] || null,
    enterpriseProject: body.enterprise_project?.[0] || null,
    // '' = no owning application (the seed allows 0 items).
    applicationId: body.current_cloud_service?.[0] ?? '',
    isServiceInterrupt: body.is_service_interrupt,
    assignee: body.incident_assignee?.[0] || null,
    assigneeScene: body.assignee_scene || body.assignee_scenario || '',
    assigneeRole: body.assignee_role ?? '',
    creator: body.creator,
  }))
  const generated = rowsOf<{ id: number; incident_num: string; created_at: string | Date; updated_at: string | Date }>(
    await tx.execute(sql`${insertJson(incidents, values)} returning id, incident_num, created_at, updated_at`),
  )
  // RETURNING order is not promised by SQL: match rows back by their (unique) number.
  const byNum = new Map(generated.map((g) => [g.incident_num, g]))
  const rows = values.map((v) => {
    const g = byNum.get(v.incidentNum)!
    return {
      ...v,
      id: g.id,
      createdAt: new Date(g.created_at),
      updatedAt: new Date(g.updated_at),
      warroomId: null,
      mtmType: null,
      cause: null,
      solution: null,
      handleTime: null,
      acknowledgedAt: null,
      resolvedAt: null,
      completedAt: null,
    } satisfies IncidentRow
  })
  await tx.execute(
    insertJson(
      incidentTimeline,
      rows.map((row, i) => ({
        incidentId: row.id,
        actor: items[i].actor.username,
        action: 'create',
        toStatus: row.status,
        fields: { level: row.level, source: row.source, title: row.title },
      })),
    ),
  )
  await audit.recordMany(
    tx,
    rows.map((row, i) => ({
      actor: items[i].actor,
      ctx: items[i].ctx,
      event: { action: 'incident.create', targetType: 'incident', targetId: row.incidentNum, after: items[i].body },
    })),
  )
  return rows
}
