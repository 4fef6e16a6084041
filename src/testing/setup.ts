import { cleanup, configure } from '@testing-library/react'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { resetDb } from '../../mocks/db'
import { server } from '../../mocks/node'
import { disposeRendered } from './render'

// Lazy route modules load (and are transformed) on first use: on a loaded 2-core machine the first render of a
// test file took 5–10 s. Waiting longer changes nothing for a passing test and only delays a failing one.
configure({ asyncUtilTimeout: 15_000 })

// jsdom lacks these; antd and echarts need them.
// Page tests render at a desktop width: min-width queries (antd's breakpoints) match up to 1280 px.
const TEST_VIEWPORT_PX = 1280
window.matchMedia ??= ((q: string) => ({
  matches: Number(/min-width:\s*(\d+)px/.exec(q)?.[1] ?? Number.POSITIVE_INFINITY) <= TEST_VIEWPORT_PX,
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
afterEach(async () => {
  server.resetHandlers()
  cleanup()
  disposeRendered()
  resetDb()
  localStorage.clear()
  // antd's static toasts live outside the rendered tree: one still showing from a test ("Saved") was a second
  // match for the next test's findByText when the machine was slow (seen once in CI on job-plans.test.tsx).
  ;(await import('antd/es/message')).default.destroy()
})
afterAll(() => server.close())
