import type { RequestHandler } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlers } from '../../mocks/handlers'
import { testApp } from '../server/testing/test-app'
import type { App } from '../server/app'
import { allRoutes } from '.'

/** The contract is the single list of endpoints: the BFF must serve each one and MSW must mock each one. */
describe('contract drift', () => {
  let app: App
  beforeAll(async () => {
    app = await testApp({ autoClose: false })
  })
  afterAll(async () => {
    await app?.close()
    await app?.services.handle.close()
  })

  const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`

  it.each(allRoutes.map((r) => [key(r.method, r.path), r] as const))('%s is served by the BFF', (_, r) => {
    expect(app.hasRoute({ method: r.method, url: r.path })).toBe(true)
  })

  it('every contract route has an MSW handler, and every handler a contract route', () => {
    const mocked = new Set(
      (handlers as RequestHandler[]).map((h) => {
        const info = h.info as unknown as { method: string; path: string }
        return key(info.method, String(info.path))
      }),
    )
    const declared = new Set(allRoutes.map((r) => key(r.method, r.path)))
    expect([...declared].filter((k) => !mocked.has(k))).toEqual([])
    expect([...mocked].filter((k) => !declared.has(k))).toEqual([])
  })

  it('declares each method+path once', () => {
    const keys = allRoutes.map((r) => key(r.method, r.path))
    expect(keys.length).toBe(new Set(keys).size)
  })
})
