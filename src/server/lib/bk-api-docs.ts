import type { FastifyInstance } from 'fastify'
import type { z } from 'zod'

/** One BlueKing job API as the OpenAPI document shows it: its name (the path's last part) and own parameters. */
export interface BkApiDoc {
  name: string
  params: z.ZodType
  /** The API's path (a CMDB API is under `/api/c/compapi/v2/cc/`); absent: the job API's path. */
  path?: string
}

const registered = new WeakMap<FastifyInstance, BkApiDoc[]>()

/** Records a job API registered on `app` (bkApi does, once per API), so /api/docs documents it. */
export function documentBkApi(app: FastifyInstance, doc: BkApiDoc) {
  const list = registered.get(app) ?? []
  if (!list.some((d) => d.name === doc.name)) list.push(doc)
  registered.set(app, list)
}

/** The job APIs registered on `app` so far. */
export const bkApiDocs = (app: FastifyInstance): BkApiDoc[] => registered.get(app) ?? []
