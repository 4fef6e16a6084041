import { z } from 'zod'
import { IdSchema, TimestampSchema } from './common'
import { defineRoute } from './http'

/**
 * File distribution (bk-job fast_push_file): a library of files uploaded to the console (stored under DATA_DIR
 * with their SHA-256) and push tickets that write them to a directory on hosts with an owner and a mode.
 */
export const StoredFileSchema = z.object({
  id: IdSchema,
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** `upload` (console or API) or `host` (fetched from a source host). */
  source: z.string(),
  createdBy: z.string(),
  createdAt: TimestampSchema,
})
export type StoredFile = z.infer<typeof StoredFileSchema>

/** A plain file name: no `/`, no NUL, not `.` or `..`, at most 255 characters. */
export const FileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !n.includes('/') && !n.includes('\0') && n !== '.' && n !== '..', 'a plain file name without "/"')

/**
 * Upload: `PUT /api/files?name=<file name>` with the raw bytes as `application/octet-stream` (streamed to disk,
 * never held in memory; FILE_MAX_MB caps the size). Answers 201 with the StoredFile; 413 over the cap. The
 * route is declared below for the docs and the drift test, but served by a raw-body handler (the body is a
 * stream, not JSON), and the SPA uploads with its own fetch.
 */
export const FILE_UPLOAD_PATH = '/api/files'
export const FileUploadQuerySchema = z.object({ name: FileNameSchema })

/** Accepts `a,b`, repeated `ids=a&ids=b`, or a single id. */
const FileIdList = z.preprocess(
  (v) =>
    v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter(Boolean),
  z.array(IdSchema).max(20).optional(),
)

export const FileListQuerySchema = z.object({
  q: z.string().max(255).optional(),
  /** Only these files (a picker naming the files it holds beyond its search page); at most 20, a push's limit. */
  ids: FileIdList,
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export const FilePageSchema = z.object({
  items: z.array(StoredFileSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
})

/** An absolute directory without `..` segments or NUL. */
export const TargetDirSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => p.startsWith('/') && !p.includes('\0') && !p.split('/').includes('..'), {
    message: 'an absolute path without ".." segments',
  })
/** Owner names as the agent looks them up (`id -u <name>`). */
export const OwnerSchema = z
  .string()
  .max(32)
  .regex(/^$|^[a-z_][a-z0-9_.-]*\$?$/i, 'a user name')
export const FileModeSchema = z.string().regex(/^0?[0-7]{3}$/, 'an octal mode such as 644')

export const PushFilesBodySchema = z.object({
  fileIds: z.array(IdSchema).min(1).max(20),
  targetDir: TargetDirSchema,
  /** Empty: the execute user. */
  owner: OwnerSchema.default(''),
  mode: FileModeSchema.default('644'),
  /** CMDB resource ids of the target hosts (online agents). */
  resourceIds: z.array(z.string()).min(1).max(200),
  timeout: z.number().int().min(5).max(86_400).default(600),
  executeUser: z.string().min(1).max(32).default('root'),
})
export type PushFilesBody = z.infer<typeof PushFilesBodySchema>

export const fileRoutes = {
  upload: defineRoute({
    method: 'PUT',
    path: FILE_UPLOAD_PATH,
    query: FileUploadQuerySchema,
    response: StoredFileSchema,
    status: 201,
    access: 'executions:run',
    summary: 'Upload a file (raw body, application/octet-stream; streamed to disk)',
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/files',
    query: FileListQuerySchema,
    response: FilePageSchema,
    access: 'read',
    summary: 'The file library',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/files/:fileId',
    params: z.object({ fileId: IdSchema }),
    response: z.object({ ok: z.literal(true) }),
    access: 'executions:run',
    summary: 'Delete a file from the library (its bytes too)',
  }),
  push: defineRoute({
    method: 'POST',
    path: '/api/files/push',
    body: PushFilesBodySchema,
    response: z.object({ executeUuid: z.string() }),
    status: 201,
    access: 'executions:run',
    summary: 'Push library files to hosts: a ticket like a script run',
  }),
}
