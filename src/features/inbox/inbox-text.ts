import { useCallback } from 'react'
import type { Locale } from '../../contract/common'
import type { InboxMessage } from '../../contract/inbox'
import { renderPhrase } from '../../contract/inbox-text'
import { formatTime } from '../../lib/format'
import { useLocale } from '../../lib/i18n'

/**
 * A message's title and body in `locale`: rendered from its phrases when it has them, else (messages older
 * than the phrase table) the stored English text. A body the server did not compose (a comment) stays as sent.
 */
export function inboxText(msg: Pick<InboxMessage, 'title' | 'body' | 'phrases'>, locale: Locale) {
  if (!msg.phrases) return { title: msg.title, body: msg.body }
  const { title, body } = msg.phrases
  return {
    title: renderPhrase(title, locale, formatTime),
    body: body ? renderPhrase(body, locale, formatTime) : msg.body,
  }
}

/** `inboxText` in the reader's language, for components. */
export function useInboxText() {
  const { locale } = useLocale()
  return useCallback((msg: Pick<InboxMessage, 'title' | 'body' | 'phrases'>) => inboxText(msg, locale), [locale])
}
