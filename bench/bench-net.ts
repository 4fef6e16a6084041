import { createServer } from 'node:net'

/** A TCP port free on loopback right now (for a server the bench starts). */
export async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address() as { port: number }
  await new Promise((r) => srv.close(r))
  return port
}

/** Resolves once `url` answers 2xx; throws after `seconds`. */
export async function waitFor(url: string, seconds = 180) {
  const until = Date.now() + seconds * 1000
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`${url} did not come up in ${seconds} s`)
}
