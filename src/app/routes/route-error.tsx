import { isRouteErrorResponse, useRouteError } from 'react-router'
import { paths } from '../../config/paths'
import { ApiError } from '../../lib/api-client'
import { useShellMessages } from '../shell-messages'

/**
 * errorElement of every top-level route: says what failed and offers a way on, never a blank page.
 * Plain markup on purpose: it must render even when a chunk failed to load, and stay off the first screen's weight.
 */
export function RouteError() {
  const m = useShellMessages()
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : error instanceof ApiError ? error.status : 500
  const detail = isRouteErrorResponse(error) ? error.statusText : error instanceof Error ? error.message : String(error)
  return (
    <div
      role="alert"
      style={{
        maxWidth: 720,
        margin: '48px auto',
        padding: '16px 24px',
        border: '1px solid #ffccc7',
        background: '#fff2f0',
        borderRadius: 8,
      }}
    >
      <h2 style={{ fontSize: 18, margin: '0 0 8px' }}>{`${m.errors.title} (${status})`}</h2>
      <p style={{ margin: '0 0 16px', whiteSpace: 'pre-wrap' }}>{detail}</p>
      <button type="button" onClick={() => window.location.reload()} style={{ marginRight: 8 }}>
        {m.errors.retry}
      </button>
      <a href={paths.home.href()}>{m.errors.home}</a>
    </div>
  )
}
