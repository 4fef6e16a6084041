import type { LiveEvent } from '../../contract/live-events'

/**
 * A client of `GET /api/live/events` at `baseUrl`, reading the stream as EventSource does: the events so far,
 * how to stop, and a promise that settles when the stream ended.
 */
export function followLive(baseUrl: string, headers: Record<string, string>) {
  const events: LiveEvent[] = []
  const ctrl = new AbortController()
  const done = (async () => {
    const res = await fetch(`${baseUrl}/api/live/events`, { headers, signal: ctrl.signal })
    if (res.status !== 200 || !res.headers.get('content-type')?.includes('text/event-stream'))
      throw new Error(`live stream: HTTP ${res.status} ${res.headers.get('content-type')}`)
    const decoder = new TextDecoder()
    let buf = ''
    for await (const chunk of res.body!) {
      buf += decoder.decode(chunk as Uint8Array, { stream: true })
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const data = buf
          .slice(0, i)
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n')
        buf = buf.slice(i + 2)
        if (data) events.push(JSON.parse(data))
      }
    }
  })().catch((err) => {
    if (!ctrl.signal.aborted) throw err
  })
  // A stream cut by a test that already failed (its servers killed) must not add an unhandled rejection.
  done.catch(() => {})
  return { events, stop: () => ctrl.abort(), done }
}
