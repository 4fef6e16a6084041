import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { resetDb } from '../../mocks/db'
import { server } from '../../mocks/node'
import { disposeRendered } from './render'

// Lazy route modules load on first use; the first render of a test file can take a few seconds.
configure({ asyncUtilTimeout: 5000 })

// jsdom lacks these; antd and echarts need them.
window.matchMedia ??= ((q: string) => ({
  matches: false,
  media: q,
  onchange: null,
  addListener() {},
  removeListener() {},
  addEventListener() {},
  removeEventListener() {},
  dispatchEvent: () => false,
})) as typeof window.matchMedia
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver
HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  server.resetHandlers()
  cleanup()
  disposeRendered()
  resetDb()
  localStorage.clear()
})
afterAll(() => server.close())
