import { useEffect, useRef } from 'react'
import { useNavigate } from 'react-router'
import type { InboxMessage } from '../../../contract/inbox'
import { useInboxText } from '../inbox-text'

/** Kinds that deserve a desktop notification while the console is open. */
const URGENT = new Set(['incident.page'])

/**
 * Shows a desktop notification (Notification API, when the user allowed it) for each unread page that arrives
 * after the console opened; clicking it opens the page's link. Messages present at start are not replayed.
 */
export function useDesktopPages(messages: InboxMessage[] | undefined) {
  const seen = useRef<Set<string> | null>(null)
  const navigate = useNavigate()
  const text = useInboxText()
  useEffect(() => {
    if (!messages) return
    const fresh = messages.filter((m) => !m.read && URGENT.has(m.kind))
    if (seen.current === null) {
      seen.current = new Set(fresh.map((m) => m.id))
      return
    }
    const known = seen.current
    for (const m of fresh) {
      if (known.has(m.id)) continue
      known.add(m.id)
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') continue
      const { title, body } = text(m)
      const n = new Notification(title, { body, tag: m.id })
      n.onclick = () => {
        window.focus()
        if (m.link) void navigate(m.link)
      }
    }
  }, [messages, navigate, text])
}
