import { Button, Result } from 'antd'
import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { paths } from '../../config/paths'
import { ApiError } from '../../lib/api-client'
import { useShellMessages } from '../shell-messages'

/** errorElement of every top-level route: says what failed and offers a way on, never a blank page. */
export function RouteError() {
  const m = useShellMessages()
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : error instanceof ApiError ? error.status : 500
  const detail = isRouteErrorResponse(error) ? error.statusText : error instanceof Error ? error.message : String(error)
  return (
    <Result
      status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
      title={m.errors.title}
      subTitle={detail}
      extra={[
        <Button key="retry" type="primary" onClick={() => window.location.reload()}>{m.errors.retry}</Button>,
        <Link key="home" to={paths.home.path}><Button>{m.errors.home}</Button></Link>,
      ]}
    />
  )
}
