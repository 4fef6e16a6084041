import { Button, Result } from 'antd'
import { Link, useMatches } from 'react-router'
import { paths } from '../../config/paths'
import { fmt } from '../../lib/i18n'
import { navEntry, type NavKey } from '../nav'
import { useShellMessages } from '../shell-messages'

/** Honest placeholder for a page whose issue has not landed: says so, shows no fake data. */
export function Component() {
  const m = useShellMessages()
  const key = (useMatches().at(-1)?.handle as { navKey?: NavKey } | undefined)?.navKey
  // Every not-built route is declared from NAV with its navKey handle (router.tsx).
  if (!key) throw new Error('not-built page rendered outside a NAV route')
  const entry = navEntry(key)
  return (
    <Result
      status="info"
      title={fmt(m.notBuilt.title, { page: m.nav[key] })}
      subTitle={fmt(m.notBuilt.body, { issue: entry.issue })}
      extra={
        <Link to={paths.home.path}>
          <Button>{m.notBuilt.back}</Button>
        </Link>
      }
    />
  )
}
