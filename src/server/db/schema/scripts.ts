import { bigserial, bigint, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core'
import { ts } from '../columns'
import { tenants, users } from './identity'

/** A stored parameter; `value` is AES-GCM ciphertext (keyring) when `sensitive`. */
export interface StoredParam {
  param_name: string
  value: string
  param_description: string
  param_order: number
  sensitive: boolean
}
export interface StoredReviewer {
  userId: string
  username: string
}

/** Custom scripts (seed 4.2). `id` is COC's auto-increment id (list marker), `uuid` the script_uuid. */
export const scripts = pgTable(
  'scripts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: text('uuid').notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    type: text('type', { enum: ['SHELL', 'PYTHON', 'BAT'] }).notNull(),
    description: text('description').notNull(),
    content: text('content').notNull(),
    riskLevel: text('risk_level', { enum: ['LOW', 'MEDIUM', 'HIGH'] }).notNull(),
    version: text('version').notNull(),
    protocol: text('protocol').notNull().default('DEFAULT'),
    params: jsonb('params').$type<StoredParam[]>().notNull().default([]),
    reviewers: jsonb('reviewers').$type<StoredReviewer[]>().notNull().default([]),
    status: text('status', { enum: ['PENDING_APPROVE', 'APPROVED', 'REJECTED'] }).notNull(),
    revision: integer('revision').notNull().default(1),
    /** The revision the current review round is about (a reviewer's risk-level change adds a revision, not a round). */
    reviewRevision: integer('review_revision').notNull().default(1),
    approvedRevision: integer('approved_revision'),
    creatorId: uuid('creator_id').notNull(),
    creatorName: text('creator_name').notNull(),
    operatorName: text('operator_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('scripts_tenant_name_uq').on(t.tenantId, t.name),
    index('scripts_tenant_idx').on(t.tenantId, t.id),
    index('scripts_tenant_updated_idx').on(t.tenantId, t.updatedAt.desc(), t.id.desc()),
  ],
)

/** Every revision of a script: what it was, who wrote it, when. */
export const scriptVersions = pgTable(
  'script_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scriptId: bigint('script_id', { mode: 'number' })
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    change: text('change', { enum: ['create', 'update', 'risk-level'] }).notNull(),
    name: text('name').notNull(),
    type: text('type', { enum: ['SHELL', 'PYTHON', 'BAT'] }).notNull(),
    description: text('description').notNull(),
    content: text('content').notNull(),
    riskLevel: text('risk_level', { enum: ['LOW', 'MEDIUM', 'HIGH'] }).notNull(),
    version: text('version').notNull(),
    params: jsonb('params').$type<StoredParam[]>().notNull().default([]),
    reviewers: jsonb('reviewers').$type<StoredReviewer[]>().notNull().default([]),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('script_versions_rev_uq').on(t.scriptId, t.revision)],
)

/** One reviewer's decision on one revision. */
export const scriptReviews = pgTable(
  'script_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scriptId: bigint('script_id', { mode: 'number' })
      .notNull()
      .references(() => scripts.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => users.id),
    reviewerName: text('reviewer_name').notNull(),
    decision: text('decision', { enum: ['pending', 'approved', 'rejected'] })
      .notNull()
      .default('pending'),
    comment: text('comment').notNull().default(''),
    decidedAt: ts('decided_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('script_reviews_uq').on(t.scriptId, t.revision, t.reviewerId)],
)

/** Signed review links; the token carries the id, the row makes them single-use. */
export const reviewLinks = pgTable('review_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  reviewId: uuid('review_id')
    .notNull()
    .references(() => scriptReviews.id, { onDelete: 'cascade' }),
  reviewerId: uuid('reviewer_id')
    .notNull()
    .references(() => users.id),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
})
