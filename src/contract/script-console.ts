import { z } from 'zod'
import { PageQuerySchema, TimestampSchema } from './common'
import { defineRoute, pageOf } from './http'
import { RiskLevelSchema, ScriptDetailSchema, ScriptParamSchema, ScriptStatusSchema, ScriptTypeSchema } from './scripts'

const optionalText = (max: number) => z.string().max(max).optional()

export const ScriptSummaryQuerySchema = PageQuerySchema.extend({
  nameLike: optionalText(64),
  type: ScriptTypeSchema.optional(),
  riskLevel: RiskLevelSchema.optional(),
  status: ScriptStatusSchema.optional(),
  creator: optionalText(64),
})
export type ScriptSummaryQuery = z.infer<typeof ScriptSummaryQuerySchema>

export const ReviewDecisionSchema = z.enum(['pending', 'approved', 'rejected'])

/** One reviewer's decision on one revision. */
export const ScriptReviewSchema = z.object({
  reviewerId: z.string(),
  reviewerName: z.string(),
  revision: z.number().int(),
  decision: ReviewDecisionSchema,
  comment: z.string(),
  decidedAt: TimestampSchema.nullable(),
})
export type ScriptReview = z.infer<typeof ScriptReviewSchema>

export const RiskFindingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['high', 'medium']),
  message: z.string(),
  line: z.number().int(),
  excerpt: z.string(),
})

/** A row of the library table. `highRiskFindings` counts rule matches in the content. */
export const ScriptSummarySchema = z.object({
  scriptUuid: z.string(),
  name: z.string(),
  type: ScriptTypeSchema,
  riskLevel: RiskLevelSchema,
  status: ScriptStatusSchema,
  version: z.string(),
  revision: z.number().int(),
  creator: z.string(),
  operator: z.string(),
  updatedAt: TimestampSchema,
  reviewers: z.array(z.object({ name: z.string(), decision: ReviewDecisionSchema })),
  highRiskFindings: z.number().int(),
})
export type ScriptSummary = z.infer<typeof ScriptSummarySchema>

/** The library's detail view: the COC detail plus review state, risk findings and the last rejection. */
export const ScriptViewSchema = z.object({
  script: ScriptDetailSchema,
  revision: z.number().int(),
  /** Revision last approved, null when never approved. */
  approvedRevision: z.number().int().nullable(),
  findings: z.array(RiskFindingSchema),
  /** Reviews of the current revision. */
  reviews: z.array(ScriptReviewSchema),
  /** Visible to the author after a rejection. */
  rejection: z.object({ by: z.string(), comment: z.string(), at: TimestampSchema }).nullable(),
})
export type ScriptView = z.infer<typeof ScriptViewSchema>

export const VersionChangeSchema = z.enum(['create', 'update', 'risk-level'])
export const ScriptVersionSummarySchema = z.object({
  revision: z.number().int(),
  version: z.string(),
  change: VersionChangeSchema,
  author: z.string(),
  createdAt: TimestampSchema,
})
export type ScriptVersionSummary = z.infer<typeof ScriptVersionSummarySchema>

/** A stored revision; sensitive values masked. */
export const ScriptVersionSchema = ScriptVersionSummarySchema.extend({
  name: z.string(),
  type: ScriptTypeSchema,
  description: z.string(),
  content: z.string(),
  riskLevel: RiskLevelSchema,
  params: z.array(ScriptParamSchema),
  reviewers: z.array(z.string()),
})
export type ScriptVersion = z.infer<typeof ScriptVersionSchema>

export const DiffLineSchema = z.object({
  op: z.enum(['equal', 'add', 'remove']),
  text: z.string(),
  oldLine: z.number().int().optional(),
  newLine: z.number().int().optional(),
})
/** A field that differs between two revisions; a changed secret shows as `******` on both sides. */
export const FieldChangeSchema = z.object({
  field: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
})
export const ScriptDiffSchema = z.object({
  /** Null when diffing against nothing (a script never approved). */
  from: ScriptVersionSummarySchema.nullable(),
  to: ScriptVersionSummarySchema,
  lines: z.array(DiffLineSchema),
  fields: z.array(FieldChangeSchema),
})
export type ScriptDiff = z.infer<typeof ScriptDiffSchema>

export const DiffQuerySchema = z.object({
  from: z.coerce.number().int().min(0),
  to: z.coerce.number().int().min(1),
})

/** What a review link opens: the revision to decide on, its diff against the last approved one, findings. */
export const ReviewLinkViewSchema = z.object({
  view: ScriptViewSchema,
  diff: ScriptDiffSchema,
  /** The reviewer's own decision on this revision. */
  myDecision: ReviewDecisionSchema,
  canDecide: z.boolean(),
  expiresAt: TimestampSchema,
  /**
   * The decision this link already carried, when it was used: who took it, what, when and why. A used link
   * opens read-only with this instead of refusing, so a second tap shows what happened.
   */
  decided: z
    .object({
      by: z.string(),
      decision: ReviewDecisionSchema,
      at: TimestampSchema.nullable(),
      comment: z.string(),
    })
    .nullable(),
})
export type ReviewLinkView = z.infer<typeof ReviewLinkViewSchema>

export const ReviewDecisionBodySchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(512).default(''),
    /**
     * Reviewers may adjust the risk level while deciding (seed 4.2.4: "the reviewer can only modify the risk level").
     */
    riskLevel: RiskLevelSchema.optional(),
  })
  .refine((b) => b.decision === 'approve' || b.comment.trim().length > 0, {
    message: 'a rejection needs a reason',
    path: ['comment'],
  })

const ScriptUuidParams = z.object({ scriptUuid: z.string().min(1).max(25) })
/** `<link id>.<expiry, base 36>.<HMAC>`; see review-links on the server. */
const TokenParams = z.object({ token: z.string().min(10).max(200) })

export const scriptConsoleRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/scripts',
    query: ScriptSummaryQuerySchema,
    response: pageOf(ScriptSummarySchema),
    access: 'read',
    summary: 'Script library page with filters',
  }),
  view: defineRoute({
    method: 'GET',
    path: '/api/scripts/:scriptUuid',
    params: ScriptUuidParams,
    response: ScriptViewSchema,
    access: 'read',
    summary: 'A script with its review state and risk findings',
  }),
  versions: defineRoute({
    method: 'GET',
    path: '/api/scripts/:scriptUuid/versions',
    params: ScriptUuidParams,
    response: z.array(ScriptVersionSummarySchema),
    access: 'read',
    summary: 'Revisions of a script, newest first',
  }),
  version: defineRoute({
    method: 'GET',
    path: '/api/scripts/:scriptUuid/versions/:revision',
    params: ScriptUuidParams.extend({ revision: z.coerce.number().int().min(1) }),
    response: ScriptVersionSchema,
    access: 'read',
    summary: 'One revision (sensitive values masked)',
  }),
  diff: defineRoute({
    method: 'GET',
    path: '/api/scripts/:scriptUuid/diff',
    params: ScriptUuidParams,
    query: DiffQuerySchema,
    response: ScriptDiffSchema,
    access: 'read',
    summary: 'Diff between two revisions (from=0: against nothing)',
  }),
  openReviewLink: defineRoute({
    method: 'GET',
    path: '/api/review-links/:token',
    params: TokenParams,
    response: ReviewLinkViewSchema,
    access: 'authenticated',
    summary: 'Open a signed review link (only as the reviewer it was sent to)',
  }),
  decide: defineRoute({
    method: 'POST',
    path: '/api/review-links/:token/decision',
    params: TokenParams,
    body: ReviewDecisionBodySchema,
    response: ReviewLinkViewSchema,
    access: 'scripts:review',
    summary: 'Approve or reject through a review link; uses the link up',
  }),
}
