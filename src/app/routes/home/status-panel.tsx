import { Alert, theme } from 'antd'
import type { CSSProperties, ReactNode } from 'react'
import { Link } from 'react-router'
import { PanelBoundary } from '../../../components/panel-boundary'
import { useHomeMessages } from './home-messages'

export interface StatusPanelProps {
  title: string
  /** How many things need attention; shown as a badge (red when `isAlert`). */
  count?: number
  isAlert?: boolean
  /** Where the whole list lives. */
  viewAll?: string
  isLoading: boolean
  error: Error | null
  /** Shown when the panel has nothing to report: what that means and, where useful, what to do. */
  empty?: ReactNode
  isEmpty: boolean
  children?: ReactNode
}

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
function CountPill({ count, isAlert, label }: { count: number; isAlert?: boolean; label: string }) {
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
function LoadingBars({ label }: { label: string }) {
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

/** One card of the home board: title with a count, an inline error, a placeholder, an empty state or the rows. */
export function StatusPanel(props: StatusPanelProps) {
  const m = useHomeMessages()
  const { title, count, isAlert, viewAll, isLoading, error, empty, isEmpty, children } = props
  return (
    <BoardCard
      style={{ height: '100%' }}
      title={
        <span>
          {title} {count !== undefined && <CountPill count={count} isAlert={isAlert} label={`${title}: ${count}`} />}
        </span>
      }
      extra={viewAll ? <Link to={viewAll}>{m.viewAll}</Link> : undefined}
    >
      <PanelBoundary title={title}>
        {error ? (
          <Alert type="error" showIcon title={m.loadFailed} description={error.message} />
        ) : isLoading ? (
          <LoadingBars label={m.loading} />
        ) : isEmpty ? (
          <div style={{ margin: '8px 0', color: 'rgba(0,0,0,0.45)', textAlign: 'center' }}>{empty}</div>
        ) : (
          children
        )}
      </PanelBoundary>
    </BoardCard>
  )
}

/** One line of a panel: the thing (a link to where you act), a tag, and a short fact on the right. */
export function PanelRow({ main, tag, aside }: { main: ReactNode; tag?: ReactNode; aside?: ReactNode }) {
  return (
    <li
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        gap: '4px 8px',
        padding: '6px 0',
        borderBottom: '1px solid #f5f5f5',
      }}
    >
      <span
        style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flex: '1 1 160px' }}
      >
        {main}
      </span>
      {tag}
      {aside && <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{aside}</span>}
    </li>
  )
}

export function PanelList({ children, label }: { children: ReactNode; label: string }) {
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {children}
    </ul>
  )
}
