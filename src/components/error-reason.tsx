import { useErrorText } from '../lib/error-text'

/** A failed call's reason in the reader's language, the server's sentence after it (see lib/error-text). */
export function ErrorReason({ error }: { error: unknown }) {
  return <>{useErrorText()(error)}</>
}
