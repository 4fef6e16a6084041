import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticPlugin } from './static'

const js = `export const x = ${JSON.stringify('a'.repeat(4000))}\n`
let app: ReturnType<typeof Fastify>

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'oc-static-'))
  mkdirSync(path.join(root, 'assets'))
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>')
  const asset = path.join(root, 'assets', 'index-abc.js')
  // What the build's precompress step writes beside each asset.
  writeFileSync(asset, js)
  writeFileSync(`${asset}.br`, brotliCompressSync(js))
  writeFileSync(`${asset}.gz`, gzipSync(js))
  app = Fastify()
  await app.register(staticPlugin, { root })
  await app.ready()
})
afterAll(() => app.close())

describe('static assets', () => {
  it('sends a JS asset brotli-compressed to a browser that accepts br', async () => {
    const res = await app.inject({ url: '/assets/index-abc.js', headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers.vary).toMatch(/accept-encoding/i)
    expect(res.rawPayload.length).toBeLessThan(js.length / 10)
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(js)
    expect(res.headers['cache-control']).toContain('immutable')
  })

  it('sends gzip to a browser that accepts only gzip, and plain text to one that accepts neither', async () => {
    const gz = await app.inject({ url: '/assets/index-abc.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js)
    const plain = await app.inject({ url: '/assets/index-abc.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(js)
  })
})
