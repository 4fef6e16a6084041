import { z } from 'zod'
import { defineRoute } from './http'
import { PARAM_NAME_PATTERN, SCRIPT_LIMITS as L, SCRIPT_NAME_PATTERN } from './script-rules'
import { SCRIPT_STATUSES } from './script-review'

/** COC script types; the file suffix follows (sh, py, bat). */
export const ScriptTypeSchema = z.enum(['SHELL', 'PYTHON', 'BAT'])
export type ScriptType = z.infer<typeof ScriptTypeSchema>
export const RiskLevelSchema = z.enum(['LOW', 'MEDIUM', 'HIGH'])
export type RiskLevel = z.infer<typeof RiskLevelSchema>
/** How reviewers are notified. The console always adds an inbox message; see the review notifier for channels. */
export const ReviewProtocolSchema = z.enum([
  'DEFAULT',
  'SMS',
  'EMAIL',
  'DING_TALK',
  'WE_LINK',
  'WECHAT',
  'CALLNOTIFY',
  'NOT_TO_NOTIFY',
])
export type ReviewProtocol = z.infer<typeof ReviewProtocolSchema>
export const ScriptStatusSchema = z.enum(SCRIPT_STATUSES)

/** ReviewerInfo: an IAM user of the same project who holds the review permission. */
export const ReviewerInfoSchema = z.object({
  reviewer_name: z.string().min(1).max(L.reviewerNameMax),
  /** 32 hex characters (an IAM id, or a console user id without dashes); empty lets the name decide. */
  reviewer_id: z.string().max(L.reviewerIdMax).default(''),
})

export const ScriptPropertiesInputSchema = z.object({
  risk_level: RiskLevelSchema,
  version: z.string().min(1).max(L.versionMax),
  reviewers: z.array(ReviewerInfoSchema).max(L.reviewersMax).optional(),
  protocol: ReviewProtocolSchema.optional(),
})

/**
 * ScriptParamDefine: every field is required, as in the seed (tables 4-8, 4-22) and the SDK model. Values are
 * checked further by `paramListIssues` (character set, order 1..n, unique names).
 */
export const ScriptParamInputSchema = z.object({
  param_name: z.string().regex(PARAM_NAME_PATTERN, 'letters, digits and _ only (1–64)'),
  param_value: z.string().max(L.paramValueMax),
  param_description: z.string().max(L.paramDescriptionMax),
  param_order: z.number().int().min(1).max(L.paramsMax),
  sensitive: z.boolean(),
})
export type ScriptParamInput = z.infer<typeof ScriptParamInputSchema>

const content = z.string().min(1).max(L.contentMax)
const description = z.string().min(1).max(L.descriptionMax)

export const CreateScriptBodySchema = z.object({
  name: z.string().regex(SCRIPT_NAME_PATTERN, 'letters, digits and _ only (1–64)'),
  type: ScriptTypeSchema,
  description,
  content,
  properties: ScriptPropertiesInputSchema,
  script_params: z.array(ScriptParamInputSchema).max(L.paramsMax).default([]),
  /** Accepted for SDK compatibility; the project is the caller's. */
  enterprise_project_id: z.string().max(64).optional(),
})
export type CreateScriptBody = z.infer<typeof CreateScriptBodySchema>

/**
 * Modify. The seed's table has description, content, properties and script_params; its example also sends
 * name and type, so those are accepted. Leaving out properties or script_params keeps them. A sensitive
 * parameter sent back as `******` keeps its stored value. Reviewers may change only `properties.risk_level`.
 */
export const UpdateScriptBodySchema = z.object({
  name: z.string().regex(SCRIPT_NAME_PATTERN, 'letters, digits and _ only (1–64)').optional(),
  type: ScriptTypeSchema.optional(),
  description,
  content,
  properties: ScriptPropertiesInputSchema.optional(),
  /** The seed's modify table allows 0–5 parameters (create allows 20). */
  script_params: z.array(ScriptParamInputSchema).max(L.updateParamsMax).optional(),
  enterprise_project_id: z.string().max(64).optional(),
})
export type UpdateScriptBody = z.infer<typeof UpdateScriptBodySchema>

export const ScriptListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(L.listLimitMax),
  /** Cursor: the `id` of the last row of the previous page. */
  marker: z.coerce.number().int().min(0).optional(),
  name_like: z.string().min(1).max(L.nameLikeMax).optional(),
  creator: z.string().min(1).max(64).optional(),
  risk_level: RiskLevelSchema.optional(),
  type: ScriptTypeSchema.optional(),
  enterprise_project_id: z.string().max(64).optional(),
})
export type ScriptListQuery = z.infer<typeof ScriptListQuerySchema>

export const ScriptPropertiesSchema = z.object({
  risk_level: RiskLevelSchema,
  version: z.string(),
  reviewers: z.array(z.object({ reviewer_name: z.string(), reviewer_id: z.string() })),
  protocol: ReviewProtocolSchema,
})
export const ScriptParamSchema = z.object({
  param_name: z.string(),
  /** `******` when sensitive. */
  param_value: z.string(),
  param_description: z.string(),
  param_order: z.number().int(),
  sensitive: z.boolean(),
})
export type ScriptParam = z.infer<typeof ScriptParamSchema>

/** ScriptListModel. Times are epoch milliseconds. */
export const ScriptListItemSchema = z.object({
  /** Auto-increment id, the value to pass as `marker`. */
  id: z.number().int(),
  script_uuid: z.string(),
  enterprise_project_id: z.string(),
  name: z.string(),
  type: ScriptTypeSchema,
  status: ScriptStatusSchema,
  gmt_created: z.number().int(),
  gmt_modified: z.number().int(),
  creator: z.string(),
  creator_id: z.string(),
  operator: z.string(),
  properties: ScriptPropertiesSchema,
})
export type ScriptListItem = z.infer<typeof ScriptListItemSchema>

/** Details of a custom script: every field of seed table 4-25. */
export const ScriptDetailSchema = z.object({
  script_uuid: z.string(),
  name: z.string(),
  /** Deprecated in the seed; mirrors `properties.version`. */
  version: z.string(),
  description: z.string(),
  type: ScriptTypeSchema,
  content: z.string(),
  script_params: z.array(ScriptParamSchema),
  status: ScriptStatusSchema,
  gmt_created: z.number().int(),
  gmt_modified: z.number().int(),
  creator: z.string(),
  creator_id: z.string(),
  operator: z.string(),
  properties: ScriptPropertiesSchema,
  enterprise_project_id: z.string(),
})
export type ScriptDetail = z.infer<typeof ScriptDetailSchema>

const UuidData = z.object({ data: z.string() })
const ScriptUuidParams = z.object({ script_uuid: z.string().min(1).max(25) })

/** COC script management (seed 4.2.1–4.2.5): `{data}` envelopes, `{error_code, error_msg}` errors. */
export const cocScriptRoutes = {
  create: defineRoute({
    method: 'POST',
    path: '/v1/job/scripts',
    body: CreateScriptBodySchema,
    response: UuidData,
    access: 'scripts:write',
    summary: 'Create a custom script; returns its script_uuid',
  }),
  list: defineRoute({
    method: 'GET',
    path: '/v1/job/scripts',
    query: ScriptListQuerySchema,
    response: z.object({ data: z.object({ total: z.number().int(), data: z.array(ScriptListItemSchema) }) }),
    access: 'read',
    summary: 'List custom scripts (cursor paging by id)',
  }),
  detail: defineRoute({
    method: 'GET',
    path: '/v1/job/scripts/:script_uuid',
    params: ScriptUuidParams,
    response: z.object({ data: ScriptDetailSchema }),
    access: 'read',
    summary: 'Details of a custom script',
  }),
  // Authors (scripts:write) change everything; a reviewer of the script may change only the risk level.
  update: defineRoute({
    method: 'PUT',
    path: '/v1/job/scripts/:script_uuid',
    params: ScriptUuidParams,
    body: UpdateScriptBodySchema,
    response: UuidData,
    access: 'read',
    summary: 'Modify a custom script',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/v1/job/scripts/:script_uuid',
    params: ScriptUuidParams,
    response: UuidData,
    access: 'scripts:write',
    summary: 'Delete a custom script',
  }),
}

/** The create request of seed 001 §4.2.1, verbatim: documentation, and the acceptance test's input. */
export const SEED_CREATE_EXAMPLE = {
  type: 'SHELL',
  content: 'echo ${value}',
  name: '09101112',
  description: ' Instance Script',
  properties: {
    risk_level: 'HIGH',
    version: '1.0.0',
    reviewers: [{ reviewer_name: 'test', reviewer_id: '7a8513cd87b7448283a1d5190eb91234' }],
    protocol: 'WECHAT',
  },
  script_params: [
    { param_name: 'a', param_value: 'string', param_description: 'string', param_order: 1, sensitive: true },
  ],
} satisfies z.input<typeof CreateScriptBodySchema>
