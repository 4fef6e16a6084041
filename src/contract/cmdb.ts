import { z } from 'zod'
import { OkSchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'

/**
 * CMDB on the BlueKing mainline: business → set → module → host (research/seeds-digest.md §1.1). Ids are
 * BlueKing-style integers (bk_biz_id, bk_set_id, bk_module_id, bk_host_id). Every business owns a built-in
 * set holding its `idle` and `fault` modules; agents register into the idle module of the default business.
 */
export const BkIdSchema = z.coerce.number().int().min(1).max(2_147_483_647)
export const ModuleKindSchema = z.enum(['normal', 'idle', 'fault'])
/** `none`: a host without an agent (created by hand). */
export const AgentStatusSchema = z.enum(['online', 'offline', 'none'])
export type AgentStatus = z.infer<typeof AgentStatusSchema>
const NameSchema = z
  .string()
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces')
  .max(64)
/** Dotted IPv4 (a regex rather than z.ipv4(): the SPA bundle then needs no extra zod format code). */
const IPV4 = '((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const Ipv4Schema = z.string().regex(new RegExp(`^${IPV4}$`), 'an IPv4 address')
const OptionalIpv4Schema = z.string().regex(new RegExp(`^(${IPV4})?$`), 'an IPv4 address or empty')
const CountsShape = { hostCount: z.number().int(), onlineCount: z.number().int() }

export const TopoModuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ModuleKindSchema,
  ...CountsShape,
})
export const TopoSetSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The built-in set of idle/fault modules. */ builtin: z.boolean(),
  modules: z.array(TopoModuleSchema),
  ...CountsShape,
})
export const TopoBusinessSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  maintainer: z.string(),
  /** New agents land in this business's idle module. */
  isDefault: z.boolean(),
  sets: z.array(TopoSetSchema),
  ...CountsShape,
})
/** The mainline tree with aggregate counts only; hosts are fetched per module (lazy expansion). */
export const TopologySchema = z.object({
  businesses: z.array(TopoBusinessSchema),
  hostCount: z.number().int(),
  onlineCount: z.number().int(),
})
export type Topology = z.infer<typeof TopologySchema>

export const HostSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  innerIp: z.string(),
  outerIp: z.string(),
  osType: z.string(),
  osName: z.string(),
  arch: z.string(),
  cloudRegion: z.string(),
  cloudZone: z.string(),
  /** COC `agent_id`; null for a host without an agent. */
  agentSn: z.string().nullable(),
  agentStatus: AgentStatusSchema,
  agentVersion: z.string(),
  lastSeenAt: TimestampSchema.nullable(),
  /** Tags as key/value pairs, the COC SDK's shape. */
  tags: z.array(z.object({ key: z.string(), value: z.string() })),
  bizId: z.number().int(),
  bizName: z.string(),
  setId: z.number().int(),
  setName: z.string(),
  moduleId: z.number().int(),
  moduleName: z.string(),
  moduleKind: ModuleKindSchema,
  /** COC resource_id (36 chars). */
  resourceId: z.string(),
  createdAt: TimestampSchema,
})
export type Host = z.infer<typeof HostSchema>

/** Filters shared by the host list, "select all matching" and the paste resolver. */
const HostFilterShape = {
  /** Matches host name or IP (substring, case-insensitive). */
  q: z.string().max(64).optional(),
  bizId: BkIdSchema.optional(),
  setId: BkIdSchema.optional(),
  moduleId: BkIdSchema.optional(),
  status: AgentStatusSchema.optional(),
}
/** Hosts are listed online first, then by id, so the hosts a ticket can reach come first. */
export const HostListQuerySchema = z.object({
  ...HostFilterShape,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
})
export const HostFilterSchema = z.object(HostFilterShape)
export type HostFilter = z.infer<typeof HostFilterSchema>
/**
 * "Select all matching" across pages: the filter is resolved on the server to the ids of every matching host
 * (online first), so the page never loads thousands of rows. Capped at HOST_MATCH_MAX ids.
 */
export const HOST_MATCH_MAX = 10_000
export const HostMatchSchema = z.object({
  total: z.number().int(),
  onlineTotal: z.number().int(),
  ids: z.array(z.number().int()),
  /** More hosts matched than HOST_MATCH_MAX: `ids` holds the first of them. */
  truncated: z.boolean(),
})
export type HostMatch = z.infer<typeof HostMatchSchema>

/** At most this many lines can be pasted at once. */
export const HOST_PASTE_MAX = 5000
/** Splits pasted text (lines, commas, semicolons, spaces) into distinct entries, in the order given. */
export function parseHostList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))]
}
/**
 * A pasted list of inner/outer IPs, host names or resource ids (job plans store hosts by resource id), optionally
 * limited to a business, set or module.
 */
export const ResolveHostsBodySchema = z.object({
  entries: z.array(z.string().trim().min(1).max(255)).min(1).max(HOST_PASTE_MAX),
  bizId: BkIdSchema.optional(),
  setId: BkIdSchema.optional(),
  moduleId: BkIdSchema.optional(),
})
export const ResolveHostsResultSchema = z.object({
  /** Every host some entry matched (exact IP, resource id or exact name, case-insensitive), once, online first. */
  hosts: z.array(HostSchema),
  /** Entries that matched no host, as given. */
  unmatched: z.array(z.string()),
})
export type ResolveHostsResult = z.infer<typeof ResolveHostsResultSchema>
/** Up to 10 tags with distinct keys of letters, digits, `_ . -`; a later duplicate key wins. */
const TagsSchema = z.array(z.object({ key: z.string().regex(/^[\w.-]{1,36}$/), value: z.string().max(64) })).max(10)
export const CreateHostBodySchema = z.object({
  name: NameSchema,
  innerIp: Ipv4Schema,
  outerIp: OptionalIpv4Schema.default(''),
  osType: z.enum(['linux', 'windows', 'darwin']).default('linux'),
  cloudRegion: z.string().max(64).default(''),
  cloudZone: z.string().max(64).default(''),
  tags: TagsSchema.default([]),
  /** Defaults to the idle module of the default business. */
  moduleId: BkIdSchema.optional(),
})
export const UpdateHostBodySchema = z.object({
  name: NameSchema.optional(),
  outerIp: OptionalIpv4Schema.optional(),
  cloudRegion: z.string().max(64).optional(),
  cloudZone: z.string().max(64).optional(),
  tags: TagsSchema.optional(),
})
/**
 * BlueKing transfer_host_module: the hosts end up in exactly this module (a host belongs to one module here). Up to
 * HOST_MATCH_MAX hosts, so a "select all matching" selection can be moved at once.
 */
export const MoveHostsBodySchema = z.object({
  hostIds: z.array(BkIdSchema).min(1).max(HOST_MATCH_MAX),
  moduleId: BkIdSchema,
})

export const BusinessSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  maintainer: z.string(),
  isDefault: z.boolean(),
})
export const CreateBusinessBodySchema = z.object({ name: NameSchema, maintainer: z.string().max(64).default('') })
export const UpdateBusinessBodySchema = z.object({
  name: NameSchema.optional(),
  maintainer: z.string().max(64).optional(),
})
export const SetSchema = z.object({
  id: z.number().int(),
  bizId: z.number().int(),
  name: z.string(),
  description: z.string(),
  builtin: z.boolean(),
})
export const CreateSetBodySchema = z.object({
  bizId: BkIdSchema,
  name: NameSchema,
  description: z.string().max(256).default(''),
})
export const UpdateSetBodySchema = z.object({
  name: NameSchema.optional(),
  description: z.string().max(256).optional(),
})
export const ModuleSchema = z.object({
  id: z.number().int(),
  bizId: z.number().int(),
  setId: z.number().int(),
  name: z.string(),
  kind: ModuleKindSchema,
})
export const CreateModuleBodySchema = z.object({ setId: BkIdSchema, name: NameSchema })
export const UpdateModuleBodySchema = z.object({ name: NameSchema })

/** Applications (seed 003): a tree of any depth plus "requires" edges between any two applications. */
export const AppSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Dotted path from the root, e.g. `shop.web.cart`. */ fullName: z.string(),
  parentId: z.number().int().nullable(),
  description: z.string(),
  owner: z.string(),
  /** Ids of the applications this one depends on. */
  requires: z.array(z.number().int()),
  /** Ids of the applications that depend on this one (read-only view). */
  requiredBy: z.array(z.number().int()),
})
export type App = z.infer<typeof AppSchema>
export const CreateAppBodySchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1–64)'),
  parentId: BkIdSchema.nullable().default(null),
  description: z.string().max(256).default(''),
  owner: z.string().max(64).default(''),
})
export const UpdateAppBodySchema = z.object({
  name: CreateAppBodySchema.shape.name.optional(),
  parentId: BkIdSchema.nullable().optional(),
  description: z.string().max(256).optional(),
  owner: z.string().max(64).optional(),
})
export const AddDependencyBodySchema = z.object({ requiredAppId: BkIdSchema })

export const AppGraphQuerySchema = z.object({
  /** Centre of the graph; all applications when absent. */
  rootId: BkIdSchema.optional(),
  depth: z.coerce.number().int().min(1).max(6).default(2),
  direction: z.enum(['requires', 'required-by', 'both']).default('both'),
  /** Keep nodes whose name contains this (and edges between them). */
  q: z.string().max(64).optional(),
})
export const AppGraphSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      fullName: z.string(),
      parentId: z.number().int().nullable(),
      /** Hops from the root (0 = root); null without a root. */ distance: z.number().int().nullable(),
    }),
  ),
  edges: z.array(z.object({ from: z.number().int(), to: z.number().int(), kind: z.enum(['requires', 'contains']) })),
})
export type AppGraph = z.infer<typeof AppGraphSchema>

const HostId = z.object({ hostId: BkIdSchema })
const BizId = z.object({ bizId: BkIdSchema })
const SetId = z.object({ setId: BkIdSchema })
const ModuleId = z.object({ moduleId: BkIdSchema })
const AppId = z.object({ appId: BkIdSchema })

export const cmdbRoutes = {
  topology: defineRoute({
    method: 'GET',
    path: '/api/cmdb/topology',
    response: TopologySchema,
    access: 'read',
    summary: 'Business → set → module tree with host and online counts',
  }),
  listHosts: defineRoute({
    method: 'GET',
    path: '/api/cmdb/hosts',
    query: HostListQuerySchema,
    response: pageOf(HostSchema),
    access: 'read',
    summary: 'Search hosts by name/IP, business, set, module, agent status',
  }),
  matchingHosts: defineRoute({
    method: 'GET',
    path: '/api/cmdb/hosts/matching',
    query: HostFilterSchema,
    response: HostMatchSchema,
    access: 'read',
    summary: 'Ids of every host matching a filter, online first ("select all matching")',
  }),
  resolveHosts: defineRoute({
    method: 'POST',
    path: '/api/cmdb/hosts/resolve',
    body: ResolveHostsBodySchema,
    response: ResolveHostsResultSchema,
    access: 'read',
    summary: 'Find the hosts of a pasted list of IPs, names or resource ids; reports the entries that matched nothing',
  }),
  getHost: defineRoute({
    method: 'GET',
    path: '/api/cmdb/hosts/:hostId',
    params: HostId,
    response: HostSchema,
    access: 'read',
    summary: 'One host',
  }),
  createHost: defineRoute({
    method: 'POST',
    path: '/api/cmdb/hosts',
    body: CreateHostBodySchema,
    response: HostSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Add a host without an agent',
  }),
  updateHost: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/hosts/:hostId',
    params: HostId,
    body: UpdateHostBodySchema,
    response: HostSchema,
    access: 'cmdb:write',
    summary: 'Change host attributes',
  }),
  deleteHost: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/hosts/:hostId',
    params: HostId,
    response: OkSchema,
    access: 'cmdb:write',
    summary: 'Remove a host (only from the idle or fault module)',
  }),
  moveHosts: defineRoute({
    method: 'POST',
    path: '/api/cmdb/hosts/move',
    body: MoveHostsBodySchema,
    response: z.object({ moved: z.number().int() }),
    access: 'cmdb:write',
    summary: 'Transfer hosts to a module of the same business',
  }),
  createBusiness: defineRoute({
    method: 'POST',
    path: '/api/cmdb/businesses',
    body: CreateBusinessBodySchema,
    response: BusinessSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Create a business (with its idle and fault modules)',
  }),
  updateBusiness: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/businesses/:bizId',
    params: BizId,
    body: UpdateBusinessBodySchema,
    response: BusinessSchema,
    access: 'cmdb:write',
    summary: 'Rename a business',
  }),
  deleteBusiness: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/businesses/:bizId',
    params: BizId,
    response: OkSchema,
    access: 'cmdb:write',
    summary: 'Delete an empty, non-default business',
  }),
  createSet: defineRoute({
    method: 'POST',
    path: '/api/cmdb/sets',
    body: CreateSetBodySchema,
    response: SetSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Create a set in a business',
  }),
  updateSet: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/sets/:setId',
    params: SetId,
    body: UpdateSetBodySchema,
    response: SetSchema,
    access: 'cmdb:write',
    summary: 'Change a set',
  }),
  deleteSet: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/sets/:setId',
    params: SetId,
    response: OkSchema,
    access: 'cmdb:write',
    summary: 'Delete a set whose modules hold no hosts',
  }),
  createModule: defineRoute({
    method: 'POST',
    path: '/api/cmdb/modules',
    body: CreateModuleBodySchema,
    response: ModuleSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Create a module in a set',
  }),
  updateModule: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/modules/:moduleId',
    params: ModuleId,
    body: UpdateModuleBodySchema,
    response: ModuleSchema,
    access: 'cmdb:write',
    summary: 'Rename a module',
  }),
  deleteModule: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/modules/:moduleId',
    params: ModuleId,
    response: OkSchema,
    access: 'cmdb:write',
    summary: 'Delete a module without hosts',
  }),
  listApps: defineRoute({
    method: 'GET',
    path: '/api/cmdb/apps',
    response: z.array(AppSchema),
    access: 'read',
    summary: 'All applications',
  }),
  createApp: defineRoute({
    method: 'POST',
    path: '/api/cmdb/apps',
    body: CreateAppBodySchema,
    response: AppSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Create an application',
  }),
  updateApp: defineRoute({
    method: 'PATCH',
    path: '/api/cmdb/apps/:appId',
    params: AppId,
    body: UpdateAppBodySchema,
    response: AppSchema,
    access: 'cmdb:write',
    summary: 'Change an application (rename, re-parent)',
  }),
  deleteApp: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/apps/:appId',
    params: AppId,
    response: OkSchema,
    access: 'cmdb:write',
    summary: 'Delete an application without children or dependants',
  }),
  addDependency: defineRoute({
    method: 'POST',
    path: '/api/cmdb/apps/:appId/dependencies',
    params: AppId,
    body: AddDependencyBodySchema,
    response: AppSchema,
    status: 201,
    access: 'cmdb:write',
    summary: 'Record that the application requires another (no cycles)',
  }),
  removeDependency: defineRoute({
    method: 'DELETE',
    path: '/api/cmdb/apps/:appId/dependencies/:requiredAppId',
    params: z.object({ appId: BkIdSchema, requiredAppId: BkIdSchema }),
    response: AppSchema,
    access: 'cmdb:write',
    summary: 'Remove a dependency edge',
  }),
  appGraph: defineRoute({
    method: 'GET',
    path: '/api/cmdb/app-graph',
    query: AppGraphQuerySchema,
    response: AppGraphSchema,
    access: 'read',
    summary: 'Dependency graph around an application, by depth and direction',
  }),
}
