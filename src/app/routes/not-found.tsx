import { Button, Result } from 'antd'
import { Link, useLocation } from 'react-router'
import { paths } from '../../config/paths'
import { fmt } from '../../lib/i18n'
import { useShellMessages } from '../shell-messages'

export function Component() {
  const m = useShellMessages()
  const { pathname } = useLocation()
  return (
    <Result
      status="404"
      title={m.errors.notFound}
      subTitle={fmt(m.errors.notFoundBody, { path: pathname })}
      extra={
        <Link to={paths.home.path}>
          <Button type="primary">{m.errors.home}</Button>
        </Link>
      }
    />
  )
}
