import { theme } from 'antd'
import type { CSSProperties, ReactNode } from 'react'
import { useHomeMessages } from './home-messages'

/**
 * A plain bordered box with a header, drawn like a small antd Card. The home board is the first screen after
 * sign-in: antd's Card pulls Tabs (its tab list) and Skeleton/Empty/Badge their own styles, ~25 kB gzip that
 * this page does not need.
 */
export function BoardCard({
  title,
  extra,
  children,
  style,
}: {
  title: ReactNode
  extra?: ReactNode
  children: ReactNode
  style?: CSSProperties
}) {
  const { token } = theme.useToken()
  return (
    <section
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        minWidth: 0,
        ...style,
      }}
    >
      <header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
          minHeight: 38,
          padding: '0 12px',
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          fontWeight: 600,
        }}
      >
        <h2 style={{ margin: 0, fontSize: token.fontSize, fontWeight: 600, minWidth: 0 }}>{title}</h2>
        {extra && <span style={{ fontWeight: 400, flex: 'none' }}>{extra}</span>}
      </header>
      <div style={{ padding: 12 }}>{children}</div>
    </section>
  )
}

/** The count next to a panel title: red when something needs attention, blue when there is work, grey at 0. */
export function CountPill({ count, isAlert, label }: { count: number; isAlert?: boolean; label: string }) {
  const bg = isAlert && count > 0 ? '#ff4d4f' : count > 0 ? '#1677ff' : '#d9d9d9'
  return (
    <span
      role="img"
      aria-label={label}
      style={{
        display: 'inline-block',
        minWidth: 20,
        height: 20,
        padding: '0 6px',
        borderRadius: 10,
        background: bg,
        color: count > 0 ? '#fff' : 'rgba(0,0,0,0.65)',
        fontSize: 12,
        lineHeight: '20px',
        textAlign: 'center',
        fontWeight: 400,
        verticalAlign: 'middle',
      }}
    >
      {count > 999 ? '999+' : count}
    </span>
  )
}

/** Three grey bars while a panel loads. */
export function LoadingBars({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} aria-busy="true">
      {[100, 85, 60].map((w) => (
        <div key={w} style={{ height: 14, width: `${w}%`, margin: '8px 0', borderRadius: 4, background: '#f0f0f0' }} />
      ))}
    </div>
  )
}

/** A panel whose code is still loading: its title and the loading bars. */
export function PanelPlaceholder({ title }: { title: string }) {
  const m = useHomeMessages()
  return (
    <BoardCard style={{ height: '100%' }} title={title}>
      <LoadingBars label={m.loading} />
    </BoardCard>
  )
}
