import { setupWorker } from 'msw/browser'
import { handlers } from './handlers'
import { setExecutionsTicking, setSignedIn } from './scenarios'

export const worker = setupWorker(...handlers)

/**
 * Mock mode starts signed in as the admin, so every page can be explored without a BFF; tickets advance as they are
 * watched.
 */
export async function startWorker() {
  setSignedIn('platform_admin')
  setExecutionsTicking(true)
  await worker.start({ onUnhandledFrame: 'bypass', quiet: false })
}
