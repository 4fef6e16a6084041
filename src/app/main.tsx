import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'

async function start() {
  // Mock mode (`npm run dev:mock`): MSW answers every API call before the first render.
  // Inline env check (not config/env) so production builds drop the MSW chunk entirely.
  if (import.meta.env.VITE_MSW === '1') {
    // biome-ignore lint/style/noRestrictedImports: dev-only MSW worker, loaded on demand, never in production
    const { startWorker } = await import('../../mocks/browser')
    await startWorker()
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
void start()
