import { Alert } from 'antd'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { PanelBoundary } from '../../../components/panel-boundary'
import { BoardCard, CountPill, LoadingBars } from './board-card'
import { useHomeMessages } from './home-messages'
import { ErrorReason } from '../../../components/error-reason'

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
          <Alert type="error" showIcon title={m.loadFailed} description={<ErrorReason error={error} />} />
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
