import { closeSync, constants, fstatSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import path from 'node:path'

const FILE = 'agent.secret'

/**
 * The agent's own secret, minted by the console when it enrolled. Read only from a regular file of ours that
 * nobody else can read (O_NOFOLLOW: a planted symlink is not followed); a file others could read is refused,
 * because anyone holding it can impersonate this host.
 */
export function loadSecret(workDir: string): string | undefined {
  let fd: number
  try {
    fd = openSync(path.join(workDir, FILE), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  try {
    const st = fstatSync(fd)
    const uid = process.getuid?.()
    if (!st.isFile()) throw new Error(`${FILE} is not a regular file`)
    if (uid !== undefined && (st.uid !== uid || st.mode & 0o077))
      throw new Error(`${path.join(workDir, FILE)} must belong to the agent's user with mode 0600`)
    return readFileSync(fd, 'utf8').trim() || undefined
  } finally {
    closeSync(fd)
  }
}

/** Writes the secret with mode 0600 (to a new file, then renamed over the old one). */
export function saveSecret(workDir: string, secret: string) {
  const tmp = path.join(workDir, `${FILE}.${process.pid}.tmp`)
  const fd = openSync(
    tmp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
    0o600,
  )
  try {
    writeSync(fd, `${secret}\n`)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, path.join(workDir, FILE))
}
