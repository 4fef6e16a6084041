import { isIP } from 'node:net'

function isLoopback(host: string) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  return h === '::1'
}

/**
 * Why connecting to `server` is unsafe, or null: plain http:// / ws:// to anything but this machine sends the
 * agent's credential and every run command (with decrypted sensitive parameters) in clear text.
 */
export function transportWarning(server: string): string | null {
  const url = new URL(server)
  if (url.protocol === 'https:' || url.protocol === 'wss:' || isLoopback(url.hostname)) return null
  return `${url.protocol}//${url.host} is not encrypted: the agent credential and run commands (with their sensitive parameters) travel in clear text. Use https:// (and --ca for a private CA).`
}
