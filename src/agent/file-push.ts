import { createHash, randomBytes } from 'node:crypto'
import {
  chownSync,
  closeSync,
  constants,
  createReadStream,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import type { FetchCommandSpec, PushCommandSpec } from '../contract/agents'
import { UnsafePathError } from './safe-dirs'

export interface PushResult {
  ok: boolean
  /** Why it failed (shown as the host's message). */
  error?: string
  /** What was written and how fast. */
  summary?: string
}

export interface PushOptions {
  /** The console's base URL (the one the agent connected to). */
  server: string
  ca?: Buffer
  /** The agent's own credential headers: a signed link is honoured only together with them. */
  headers?: Record<string, string>
  /** uid/gid of the owner to give the files, when the agent runs as root. */
  ids?: { uid: number; gid: number }
  signal: AbortSignal
  log(line: string): void
}

const MiB = 1024 * 1024
const fmt = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`
const myUid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined)

/**
 * Creates `dir` and its missing parents one level at a time, never following a symlink: every existing
 * component must be a real directory owned by root, the agent or the target owner, and not writable by others
 * unless sticky (so nobody else can swap it between the check and the write). New directories go to `ids`.
 */
export function ensureTargetDir(dir: string, ids?: { uid: number; gid: number }) {
  const parts = path.resolve(dir).split('/').filter(Boolean)
  let p = '/'
  for (const part of ['', ...parts]) {
    p = part ? path.join(p, part) : p
    let st: ReturnType<typeof lstatSync>
    try {
      st = lstatSync(p)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      let created = true
      try {
        mkdirSync(p, { mode: 0o755 })
      } catch (mkErr) {
        // Made by another process meanwhile (two pushes to one directory): checked below like any existing one.
        if ((mkErr as NodeJS.ErrnoException).code !== 'EEXIST') throw mkErr
        created = false
      }
      st = lstatSync(p)
      if (created) {
        if (st.isDirectory() && !st.isSymbolicLink() && ids) chownSync(p, ids.uid, ids.gid)
        continue
      }
    }
    if (st.isSymbolicLink()) throw new UnsafePathError(`${p} is a symlink; refusing to write through it`)
    if (!st.isDirectory()) throw new UnsafePathError(`${p} is not a directory`)
    const uid = myUid()
    if (uid !== undefined && st.uid !== 0 && st.uid !== uid && st.uid !== ids?.uid)
      throw new UnsafePathError(`${p} is owned by uid ${st.uid}, not by root, the agent or the file owner`)
    if (st.mode & 0o002 && !(st.mode & 0o1000))
      throw new UnsafePathError(`${p} is writable by others without the sticky bit`)
  }
}

/** Streams one URL into an open fd, hashing as it goes; resolves with the bytes written and their SHA-256. */
function download(url: URL, fd: number, opts: PushOptions, maxBytes: number) {
  return new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get
    const req = get(url, { signal: opts.signal, headers: opts.headers, ...(opts.ca ? { ca: opts.ca } : {}) }, (res) => {
      if (res.statusCode !== 200) {
        res.resume()
        return reject(new Error(`download refused: HTTP ${res.statusCode}`))
      }
      const hash = createHash('sha256')
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes > maxBytes) {
          res.destroy(new Error(`file too large: more than the announced ${maxBytes} bytes`))
          return
        }
        hash.update(chunk)
        let off = 0
        while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off)
      })
      res.on('end', () => resolve({ bytes, sha256: hash.digest('hex') }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

/**
 * Pushes the files of `spec`: each is downloaded into a fresh hidden file in the target directory (O_EXCL |
 * O_NOFOLLOW, mode 0600 while incomplete), checked (size and SHA-256), given its owner and mode, synced and
 * renamed over the target name (a rename replaces a symlink planted there instead of writing through it).
 * Stops at the first failure; a partial temp file is removed.
 */
export async function pushFiles(spec: PushCommandSpec, opts: PushOptions): Promise<PushResult> {
  const started = Date.now()
  let total = 0
  const mode = Number.parseInt(spec.mode, 8)
  for (const f of spec.files) {
    const dir = f.dir ?? spec.targetDir
    try {
      ensureTargetDir(dir, opts.ids)
    } catch (err) {
      return { ok: false, error: `target directory refused: ${(err as Error).message}` }
    }
    const target = path.join(dir, f.name)
    const temp = path.join(dir, `.ops-push-${randomBytes(6).toString('hex')}`)
    const t0 = Date.now()
    let fd: number | undefined
    try {
      fd = openSync(
        temp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o600,
      )
      const got = await download(new URL(f.path, opts.server), fd, opts, f.size)
      if (got.bytes !== f.size) throw new Error(`download incomplete: ${got.bytes} of ${f.size} bytes`)
      if (got.sha256 !== f.sha256) throw new Error(`sha256 mismatch: got ${got.sha256}, expected ${f.sha256}`)
      if (opts.ids) fchownSync(fd, opts.ids.uid, opts.ids.gid)
      fchmodSync(fd, mode)
      fsyncSync(fd)
      closeSync(fd)
      fd = undefined
      renameSync(temp, target)
      const sec = Math.max(0.001, (Date.now() - t0) / 1000)
      total += got.bytes
      opts.log(
        `[push] ${f.name}: ${fmt(got.bytes)} in ${sec.toFixed(2)} s (${fmt(got.bytes / sec)}/s), sha256 ${got.sha256} ok, mode ${spec.mode} → ${target}\n`,
      )
    } catch (err) {
      if (fd !== undefined) closeSync(fd)
      try {
        unlinkSync(temp)
      } catch {
        // never created
      }
      const why = opts.signal.aborted ? 'canceled or timed out' : (err as Error).message
      return { ok: false, error: `${f.name}: ${why}` }
    }
  }
  const sec = Math.max(0.001, (Date.now() - started) / 1000)
  const n = spec.files.length
  return {
    ok: true,
    summary: `${n} file${n === 1 ? '' : 's'}, ${fmt(total)} in ${sec.toFixed(1)} s (${fmt(total / sec)}/s)`,
  }
}

/** Expands a source path: `REGEX:<pattern>` as the last component matches the directory's regular files. */
export function expandSource(p: string): string[] {
  const dir = path.dirname(p)
  const last = path.basename(p)
  if (!last.startsWith('REGEX:')) return [p]
  const re = new RegExp(`^(?:${last.slice('REGEX:'.length)})$`)
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && re.test(d.name))
    .map((d) => path.join(dir, d.name))
    .sort()
}

/** Streams one local file to the console by HTTP PUT; resolves with the bytes sent. */
function upload(file: string, url: URL, opts: Omit<PushOptions, 'ids'>) {
  return new Promise<number>((resolve, reject) => {
    // O_NOFOLLOW: a symlink at the source path is refused rather than read through.
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    const st = fstatSync(fd)
    if (!st.isFile()) {
      closeSync(fd)
      return reject(new Error(`${file} is not a regular file`))
    }
    const stream = createReadStream('', { fd })
    const request = url.protocol === 'https:' ? https.request : http.request
    const req = request(
      url,
      {
        method: 'PUT',
        signal: opts.signal,
        headers: { ...opts.headers, 'content-type': 'application/octet-stream', 'content-length': String(st.size) },
        ...(opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        let text = ''
        res.on('data', (d) => (text += d))
        res.on('end', () =>
          res.statusCode === 201
            ? resolve(st.size)
            : reject(new Error(`upload refused: HTTP ${res.statusCode} ${text.slice(0, 200)}`)),
        )
      },
    )
    req.on('error', reject)
    stream.on('error', reject)
    stream.pipe(req)
  })
}

/** A source host's part of a push: every matching file is uploaded to the console's library. */
export async function fetchFiles(spec: FetchCommandSpec, opts: Omit<PushOptions, 'ids'>): Promise<PushResult> {
  const started = Date.now()
  let total = 0
  let n = 0
  for (const p of spec.paths) {
    let files: string[]
    try {
      files = expandSource(p)
    } catch (err) {
      return { ok: false, error: `source file ${p} not found: ${(err as Error).message}` }
    }
    if (files.length === 0) return { ok: false, error: `source file ${p} not found: nothing matches` }
    for (const file of files) {
      const t0 = Date.now()
      const url = new URL(spec.uploadPath, opts.server)
      url.searchParams.set('name', path.basename(file))
      url.searchParams.set('path', file)
      try {
        const bytes = await upload(file, url, opts)
        const sec = Math.max(0.001, (Date.now() - t0) / 1000)
        total += bytes
        n++
        opts.log(`[fetch] ${file}: ${fmt(bytes)} in ${sec.toFixed(2)} s (${fmt(bytes / sec)}/s)\n`)
      } catch (err) {
        const e = err as NodeJS.ErrnoException
        const why =
          e.code === 'ENOENT' ? 'source file does not exist' : opts.signal.aborted ? 'canceled or timed out' : e.message
        return { ok: false, error: `${file}: ${why}` }
      }
    }
  }
  const sec = Math.max(0.001, (Date.now() - started) / 1000)
  return {
    ok: true,
    summary: `sent ${n} file${n === 1 ? '' : 's'}, ${fmt(total)} in ${sec.toFixed(1)} s (${fmt(total / sec)}/s)`,
  }
}

/** The agent's own user name (for the not-root notice). */
export const agentUser = () => os.userInfo().username
