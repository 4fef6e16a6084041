import { useEffect, useState } from 'react'

/** The current time, re-read every `intervalMs` while `isTicking` (a running clock); frozen otherwise. */
export function useNow(isTicking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!isTicking) return
    setNow(Date.now())
    const t = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(t)
  }, [isTicking, intervalMs])
  return now
}
