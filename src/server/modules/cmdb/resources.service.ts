import type { z } from 'zod'
import { type Resource, type ResourceListQuerySchema, SERVER_PROVIDER, SERVER_TYPE } from '../../../contract/resources'
import { ValidationError } from '../../lib/errors'
import type { Principal } from '../../lib/principal'
import type { CmdbRepository } from './cmdb.repository'

type Row = Awaited<ReturnType<CmdbRepository['resourcesPage']>>[number]

/** COC's view of the CMDB: agent hosts as `ecs`/`cloudservers` resources of the caller's project. */
export class ResourcesService {
  constructor(private readonly repo: CmdbRepository) {}

  /**
   * ListResources. Pages by `marker` = the `id` of the last resource returned (ids ascend). Other
   * provider/type pairs hold nothing in this console, so they answer an empty list rather than an error.
   */
  async list(p: Principal, q: z.infer<typeof ResourceListQuerySchema>): Promise<{ data: Resource[] }> {
    let after = 0
    if (q.marker !== undefined && q.marker !== '') {
      after = Number(q.marker)
      if (!Number.isInteger(after) || after < 0)
        throw new ValidationError('marker must be the id of a resource from the previous page', [
          { path: 'querystring.marker', message: 'not a resource id' },
        ])
    }
    if (q.provider !== SERVER_PROVIDER || q.type !== SERVER_TYPE) return { data: [] }
    const rows = await this.repo.resourcesPage(p.tenantId, after, q.limit, q.resource_id_list)
    return { data: rows.map((r) => toResource(r, p)) }
  }
}

function toResource(r: Row, p: Principal): Resource {
  const h = r.host
  return {
    id: String(h.id),
    resource_id: h.resourceId,
    name: h.name,
    provider: SERVER_PROVIDER,
    type: SERVER_TYPE,
    // COC project ids are 32 hex characters: the tenant's UUID without dashes.
    project_id: p.tenantId.replace(/-/g, ''),
    region_id: h.cloudRegion,
    ep_id: p.tenantId,
    tags: h.tags ?? {},
    properties: {
      hostname: h.name,
      os_type: h.osType,
      os_name: h.osName,
      arch: h.arch,
      inner_ip: h.innerIp,
      outer_ip: h.outerIp,
      availability_zone: h.cloudZone,
      bk_biz_id: r.bizId,
      bk_biz_name: r.bizName,
      bk_set_id: r.setId,
      bk_set_name: r.setName,
      bk_module_id: h.moduleId,
      bk_module_name: r.moduleName,
      last_seen_at: h.lastSeenAt?.toISOString() ?? null,
    },
    agent_id: h.agentSn,
    agent_state: h.agentStatus === 'online' ? 'ONLINE' : h.agentStatus === 'offline' ? 'OFFLINE' : null,
    inner_ip: h.innerIp,
    create_time: h.createdAt.toISOString(),
    update_time: h.updatedAt.toISOString(),
  }
}
