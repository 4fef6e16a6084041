import { z } from 'zod'
import { defineRoute } from './http'

/** Accepts `a,b`, repeated `resource_id_list=a&resource_id_list=b`, or a single value. */
const StringList = z.preprocess((v) => {
  if (v === undefined) return undefined
  const arr = Array.isArray(v) ? v : [v]
  return arr
    .flatMap((x) => String(x).split(','))
    .map((x) => x.trim())
    .filter(Boolean)
}, z.array(z.string().max(64)).max(100, 'at most 100 resource ids').optional())

/** `GET /v1/resources` query, seed 001 §4.1.1: limit is mandatory and at most 100. */
export const ResourceListQuerySchema = z.object({
  provider: z.string().min(1).max(64),
  type: z.string().min(1).max(32),
  limit: z.coerce.number().int().min(1).max(100),
  /** The `id` of the last resource of the previous page. */
  marker: z.string().max(64).optional(),
  resource_id_list: StringList,
})

/** One resource as the seed's Table 4-3 lists it, plus the SDK's agent_state and inner_ip. */
export const ResourceSchema = z.object({
  /** CMDB id (bk_host_id as a string). */
  id: z.string(),
  resource_id: z.string(),
  name: z.string(),
  provider: z.string(),
  type: z.string(),
  project_id: z.string(),
  region_id: z.string(),
  ep_id: z.string(),
  tags: z.record(z.string(), z.string()),
  properties: z.record(z.string(), z.unknown()),
  /** The agent_sn of the host's agent (COC UniAgent id). */
  agent_id: z.string().nullable(),
  agent_state: z.enum(['ONLINE', 'OFFLINE', 'INSTALLING', 'FAILED', 'UNINSTALLED']).nullable(),
  inner_ip: z.string(),
  create_time: z.string(),
  update_time: z.string(),
})
export type Resource = z.infer<typeof ResourceSchema>

/** The provider/type pair COC uses for servers; agent hosts are served under it. */
export const SERVER_PROVIDER = 'ecs'
export const SERVER_TYPE = 'cloudservers'

export const resourceRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/v1/resources',
    query: ResourceListQuerySchema,
    response: z.object({ data: z.array(ResourceSchema) }),
    access: 'read',
    summary: 'COC ListResources: tenant hosts (ecs/cloudservers) with their agent ids',
  }),
}
