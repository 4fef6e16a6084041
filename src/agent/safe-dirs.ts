import {
  chownSync,
  closeSync,
  constants,
  fchownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'

/** Refused because a path could be redirected by another local user (symlink, foreign owner, writable by others). */
export class UnsafePathError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnsafePathError'
  }
}

const myUid = () => (typeof process.getuid === 'function' ? process.getuid() : undefined)

/**
 * Checks that nobody but us (and root) can redirect `dir`: it is a real directory (lstat, never following a
 * symlink) owned by us and not writable by group or others, and every ancestor is owned by root or us and is
 * either not writable by others or sticky (like /tmp, where others cannot rename our entries). This is the
 * "secure path" rule of OpenSSH's StrictModes. A no-op where there are no uids (Windows).
 */
export function assertPrivateDir(dir: string) {
  const uid = myUid()
  if (uid === undefined) return
  const st = lstatSync(dir)
  if (st.isSymbolicLink()) throw new UnsafePathError(`${dir} is a symlink; refusing to use it`)
  if (!st.isDirectory()) throw new UnsafePathError(`${dir} is not a directory`)
  if (st.uid !== uid) throw new UnsafePathError(`${dir} is owned by uid ${st.uid}, not by the agent (uid ${uid})`)
  if (st.mode & 0o022) throw new UnsafePathError(`${dir} is writable by group or others`)
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const a = lstatSync(p)
    if (a.isSymbolicLink()) throw new UnsafePathError(`${p} (a parent of ${dir}) is a symlink`)
    if (a.uid !== 0 && a.uid !== uid) throw new UnsafePathError(`${p} (a parent of ${dir}) is owned by uid ${a.uid}`)
    if (a.mode & 0o002 && !(a.mode & 0o1000))
      throw new UnsafePathError(`${p} (a parent of ${dir}) is writable by others without the sticky bit`)
    if (p === path.dirname(p)) break
  }
}

/**
 * Creates `dir` (one level, never following a planted symlink: mkdir fails on an existing name) with `mode`,
 * or accepts an existing one, then checks it with assertPrivateDir. The parent must exist.
 */
export function ensurePrivateDir(dir: string, mode: number) {
  try {
    mkdirSync(dir, { mode })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  assertPrivateDir(dir)
  return dir
}

/**
 * A fresh run directory under the checked `base`: mkdtemp (unpredictable name, created 0700 by us), checked
 * again with lstat, and only then handed to the execute user. Nothing here follows a symlink, so no planted
 * link can make the agent chown or write another directory.
 */
export function makeRunDir(base: string, owner?: { uid: number; gid: number }) {
  assertPrivateDir(base)
  const dir = mkdtempSync(path.join(base, 'run-'))
  const st = lstatSync(dir)
  if (!st.isDirectory() || st.uid !== myUid()) throw new UnsafePathError(`${dir} changed under the agent`)
  return {
    dir,
    /** Writes a new file (O_EXCL | O_NOFOLLOW) and gives it to the owner; then the dir itself. */
    writeScript(name: string, content: string) {
      const file = path.join(dir, name)
      const fd = openSync(
        file,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
        0o700,
      )
      try {
        writeSync(fd, content)
        if (owner) fchownSync(fd, owner.uid, owner.gid)
      } finally {
        closeSync(fd)
      }
      // The dir is ours and inside a base nobody else can write, so this path cannot have been swapped.
      if (owner) chownSync(dir, owner.uid, owner.gid)
      return file
    },
  }
}
