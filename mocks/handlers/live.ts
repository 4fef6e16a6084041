import { HttpResponse, http } from 'msw'
import { liveRoutes } from '../../src/contract/live-events'

/**
 * The live stream stays open with its `hello` and nothing more: the mock data changes only through the SPA's
 * own calls, whose mutations refetch what they touch. (An empty stream would end at once and the SPA would
 * reconnect, and refetch, every few seconds.)
 */
export const liveHandlers = [
  http.get(liveRoutes.events.path, () => {
    const stream = new ReadableStream({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('retry: 2000\n\ndata: {"type":"hello"}\n\n'))
      },
    })
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } })
  }),
]
