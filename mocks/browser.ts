import { setupWorker } from 'msw/browser'
import { handlers } from './handlers'
import { setSignedIn } from './scenarios'

export const worker = setupWorker(...handlers)

/** Mock mode starts signed in as the admin, so every page can be explored without a BFF. */
export async function startWorker() {
  setSignedIn('admin')
  await worker.start({ onUnhandledFrame: 'bypass', quiet: false })
}
