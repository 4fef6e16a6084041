import { z } from 'zod'
import { TimestampSchema } from './common'
import {
  BatchStatusSchema,
  InstanceViewSchema,
  LogStreamSchema,
  OrderStatusSchema,
  StatusCountsSchema,
} from './executions'

/**
 * Live events of one ticket, sent as server-sent events (`data: <json>`) by
 * `GET /api/executions/:executeUuid/events` and read by the SPA's one live client, which patches the
 * react-query caches. Log chunks are already masked (sensitive parameter values replaced by `******`).
 */
export const ExecutionEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ticket'),
    executeUuid: z.string(),
    status: OrderStatusSchema,
    currentBatch: z.number().int(),
    counts: StatusCountsSchema,
    finishedAt: z.string().nullable(),
    message: z.string(),
  }),
  z.object({ type: z.literal('batch'), executeUuid: z.string(), index: z.number().int(), status: BatchStatusSchema }),
  z.object({ type: z.literal('instance'), executeUuid: z.string(), instance: InstanceViewSchema }),
  z.object({
    type: z.literal('log'),
    executeUuid: z.string(),
    instanceId: z.number().int(),
    attempt: z.number().int(),
    data: z.string(),
    /** The stream the text came from and when the agent read it. */
    stream: LogStreamSchema,
    at: TimestampSchema,
  }),
])
export type ExecutionEvent = z.infer<typeof ExecutionEventSchema>
