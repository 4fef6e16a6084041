import { describe, expect, it } from 'vitest'
import { loginAs, testApp } from '../../testing/test-app'

/** The library list: by name, and by id (a picker naming the files it holds beyond its search page). */
describe('file library list', () => {
  it('answers only the live files named by ids, whatever their age; a bad id is refused', async () => {
    const app = await testApp()
    const session = await loginAs(app, 'operator', 'operator-demo-1')
    const put = async (name: string) => {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/files?name=${name}`,
        headers: { ...session, 'content-type': 'application/octet-stream' },
        payload: Buffer.from(`content of ${name}\n`),
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }
    const a = await put('a.conf')
    const b = await put('b.conf')
    const c = await put('c.conf')
    const gone = await put('gone.conf')
    const del = await app.inject({ method: 'DELETE', url: `/api/files/${gone}`, headers: session })
    expect(del.statusCode).toBe(200)

    const list = async (query: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/files?${query}`, headers: session })
      expect(res.statusCode, res.body).toBe(200)
      return (res.json().items as { name: string }[]).map((f) => f.name).sort()
    }
    expect(await list(`ids=${a}&ids=${c}&ids=${gone}`)).toEqual(['a.conf', 'c.conf'])
    expect(await list(`ids=${b}`)).toEqual(['b.conf'])
    expect(await list(`ids=${a},${b}&q=b.conf`)).toEqual(['b.conf'])
    expect(await list('pageSize=100')).toEqual(['a.conf', 'b.conf', 'c.conf'])
    const bad = await app.inject({ method: 'GET', url: '/api/files?ids=not-an-id', headers: session })
    expect(bad.statusCode).toBe(400)
  })
})
