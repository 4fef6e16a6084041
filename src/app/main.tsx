import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { env } from '../config/env'
import { App } from './app'

async function start() {
  // Mock mode (`npm run dev:mock`): MSW answers every API call before the first render.
  if (env.useMocks) {
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
