import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testApp } from './test-app'

describe('test apps', () => {
  it('keep their DATA_DIR (file library, agents, secret key) outside the repository', async () => {
    const app = await testApp({ demoSeed: false })
    const dir = app.services.config.dataDir
    expect(path.relative(process.cwd(), dir).startsWith('..')).toBe(true)
    expect(dir.startsWith(path.resolve(tmpdir()))).toBe(true)
  })
})
