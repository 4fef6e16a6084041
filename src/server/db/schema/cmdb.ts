import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  unique,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core'
import type { CustomQueryInfo } from '../../../contract/custom-queries'
import { ts } from '../columns'
import { tenantIdColumn } from './identity'

/** BlueKing businesses (bk_biz). Exactly one per tenant is the default that new agents land in. */
export const cmdbBusinesses = pgTable(
  'cmdb_businesses',
  {
    id: serial('id').primaryKey(),
    tenantId: tenantIdColumn(),
    name: text('name').notNull(),
    maintainer: text('maintainer').notNull().default(''),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.tenantId, t.name),
    uniqueIndex('cmdb_businesses_default_idx').on(t.tenantId).where(sql`is_default`),
  ],
)

/** The columns of a set, module or saved query: its tenant and its business (it goes with the business). */
const ofBusiness = () => ({
  tenantId: tenantIdColumn(),
  bizId: integer('biz_id')
    .notNull()
    .references(() => cmdbBusinesses.id, { onDelete: 'cascade' }),
})

export const cmdbSets = pgTable(
  'cmdb_sets',
  {
    id: serial('id').primaryKey(),
    ...ofBusiness(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** The built-in set holding the idle and fault modules. */
    builtin: boolean('builtin').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.bizId, t.name)],
)

export const cmdbModules = pgTable(
  'cmdb_modules',
  {
    id: serial('id').primaryKey(),
    ...ofBusiness(),
    setId: integer('set_id')
      .notNull()
      .references(() => cmdbSets.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['normal', 'idle', 'fault'] })
      .notNull()
      .default('normal'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.setId, t.name), index('cmdb_modules_biz_idx').on(t.bizId)],
)

/** Hosts; the agent columns are kept up to date by the agent gateway. */
export const cmdbHosts = pgTable(
  'cmdb_hosts',
  {
    id: serial('id').primaryKey(),
    tenantId: tenantIdColumn(),
    moduleId: integer('module_id')
      .notNull()
      .references(() => cmdbModules.id, { onDelete: 'restrict' }),
    resourceId: uuid('resource_id').notNull().defaultRandom().unique(),
    name: text('name').notNull(),
    innerIp: text('inner_ip').notNull().default(''),
    /** BlueKing cloud area (bk_cloud_id); an inner IP is unique per tenant and cloud area. */
    cloudId: integer('cloud_id').notNull().default(0),
    outerIp: text('outer_ip').notNull().default(''),
    osType: text('os_type').notNull().default('linux'),
    osName: text('os_name').notNull().default(''),
    arch: text('arch').notNull().default(''),
    cloudRegion: text('cloud_region').notNull().default(''),
    cloudZone: text('cloud_zone').notNull().default(''),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    agentSn: text('agent_sn').unique(),
    agentStatus: text('agent_status', { enum: ['online', 'offline', 'none'] })
      .notNull()
      .default('none'),
    agentVersion: text('agent_version').notNull().default(''),
    lastSeenAt: ts('last_seen_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cmdb_hosts_tenant_module_idx').on(t.tenantId, t.moduleId),
    index('cmdb_hosts_status_seen_idx').on(t.agentStatus, t.lastSeenAt),
    // Host lists are online first (cmdb.repository's onlineFirst order); the expression is written as PostgreSQL
    // prints it, so the schema drift test compares it with the migrated index.
    index('cmdb_hosts_tenant_online_idx').on(t.tenantId, sql`((agent_status = 'online'::text)) DESC`, t.id),
    uniqueIndex('cmdb_hosts_cloud_ip_uniq').on(t.tenantId, t.cloudId, t.innerIp).where(sql`inner_ip <> ''`),
  ],
)

export const cmdbApps = pgTable(
  'cmdb_apps',
  {
    id: serial('id').primaryKey(),
    tenantId: tenantIdColumn(),
    parentId: integer('parent_id').references((): AnyPgColumn => cmdbApps.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    owner: text('owner').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.tenantId, t.name)],
)

/** `app_id` requires `required_app_id` (seed 003 required_apps). */
export const cmdbAppDeps = pgTable(
  'cmdb_app_deps',
  {
    tenantId: tenantIdColumn(),
    appId: integer('app_id')
      .notNull()
      .references(() => cmdbApps.id, { onDelete: 'cascade' }),
    requiredAppId: integer('required_app_id')
      .notNull()
      .references(() => cmdbApps.id, { onDelete: 'restrict' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.appId, t.requiredAppId] }),
    index('cmdb_app_deps_required_idx').on(t.requiredAppId),
    check('cmdb_app_deps_check', sql`app_id <> required_app_id`),
  ],
)

/** Saved host queries of a business (BlueKing custom queries, "dynamic groups"); `info` is the condition. */
export const cmdbCustomQueries = pgTable(
  'cmdb_custom_queries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ...ofBusiness(),
    name: text('name').notNull(),
    info: jsonb('info').$type<CustomQueryInfo>().notNull(),
    createdBy: text('created_by').notNull(),
    updatedBy: text('updated_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('cmdb_custom_queries_biz_name_key').on(t.bizId, t.name),
    index('cmdb_custom_queries_tenant_idx').on(t.tenantId, t.bizId),
  ],
)
export type CustomQueryRow = typeof cmdbCustomQueries.$inferSelect

/** Agent enrollment tokens; only a SHA-256 of the token is stored. */
export const agentTokens = pgTable('agent_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: tenantIdColumn(),
  tokenHash: text('token_hash').notNull().unique(),
  description: text('description').notNull(),
  createdBy: text('created_by').notNull(),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
})

/** Per-agent credentials: one secret (hashed) per agent_sn, minted at enrollment; see 0012_agent_credentials.sql. */
export const agentCredentials = pgTable(
  'agent_credentials',
  {
    agentSn: text('agent_sn').primaryKey(),
    tenantId: tenantIdColumn(),
    secretHash: text('secret_hash').notNull().unique(),
    enrolledWith: uuid('enrolled_with').references(() => agentTokens.id, { onDelete: 'set null' }),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('agent_credentials_tenant').on(t.tenantId)],
)
