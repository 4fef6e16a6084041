import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'

/**
 * Writes `.br` and `.gz` next to every text asset of the build (≥ 1 kB), so the BFF serves them to browsers
 * that accept them (@fastify/static `preCompressed`) without compressing on each request.
 */
function precompress(): Plugin {
  return {
    name: 'precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((n) => {
          const f = path.join(dir, n)
          return statSync(f).isDirectory() ? walk(f) : [f]
        })
      for (const file of walk(path.resolve('dist'))) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue
        const data = readFileSync(file)
        if (data.length < 1024) continue
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        )
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

// One config for the SPA build, the dev server (proxying the BFF) and the test projects.
export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy:
      process.env.VITE_MSW === '1'
        ? undefined
        : {
            '/api': 'http://127.0.0.1:8080',
            '/v1': 'http://127.0.0.1:8080',
            '/v3': 'http://127.0.0.1:8080',
          },
  },
  build: {
    chunkSizeWarningLimit: 800,
    // The bundle bench reads the manifest to add up what the first screen loads.
    manifest: true,
    rolldownOptions: {
      treeshake: {
        // antd's rc-component packages declare no `sideEffects`, so a bare `import { FormProvider } from
        // '@rc-component/form'` (antd's ContextIsolator, under every Tooltip/Dropdown) kept the whole form
        // engine and its validator on the first screen. They are plain components and hooks: nothing runs on
        // import, so unused exports are dropped.
        moduleSideEffects: [{ test: /node_modules[\\/]@rc-component[\\/]/, sideEffects: false }],
      },
      output: {
        // antd is deliberately not one vendor group: that would put Table & co. on the first screen.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 25 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  test: {
    // React's scheduler can run a passive-effect flush (it reads `window.event`) on a setImmediate after a dom
    // test file finished and jsdom was torn down. It cannot change a result that is already in, so exactly that
    // error is dropped; every other unhandled error still fails the run.
    onUnhandledError(error) {
      const afterTeardown =
        error.message === 'window is not defined' && /performWorkUntilDeadline|react-dom-client/.test(error.stack ?? '')
      if (afterTeardown) return false
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/**/*.test.tsx', 'mocks/**/*.test.ts'],
          setupFiles: ['./src/testing/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts'],
          globalSetup: ['./src/server/testing/pg-global-setup.ts'],
          setupFiles: ['./src/server/testing/node-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
