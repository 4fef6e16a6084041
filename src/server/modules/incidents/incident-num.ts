import { randomInt } from 'node:crypto'
import { utcStamp } from '../../../contract/common'

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `IM` + yyyyMMddHHmmss + 10 random digits, like IM202403221515060171753781. */
export function newIncidentNum(now = new Date()) {
  return `IM${utcStamp(now)}${pad(randomInt(0, 100_000), 5)}${pad(randomInt(0, 100_000), 5)}`
}
