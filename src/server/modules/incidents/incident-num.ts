import { randomInt } from 'node:crypto'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `IM` + yyyyMMddHHmmss + 10 random digits, like IM202403221515060171753781. */
export function newIncidentNum(now = new Date()) {
  const d = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`
  return `IM${d}${pad(randomInt(0, 100_000), 5)}${pad(randomInt(0, 100_000), 5)}`
}
