import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { hasPermission } from '../../contract/identity'
import { sessionQueries } from '../../features/session/api/session-queries'
import { fmt } from '../../lib/i18n'
import { NAV } from '../nav'
import { useShellMessages } from '../shell-messages'

const tile: React.CSSProperties = {
  display: 'block',
  padding: '16px 20px',
  background: '#fff',
  border: '1px solid #f0f0f0',
  borderRadius: 8,
  color: 'rgba(0,0,0,0.88)',
  fontWeight: 500,
}

/** Start page: a tile per page the role may open (plain markup: this is the first screen after login). */
export function Component() {
  const m = useShellMessages()
  const { data } = useQuery(sessionQueries.me())
  const role = data?.user.role ?? 'viewer'
  return (
    <>
      <h2 style={{ fontSize: 24, fontWeight: 600, margin: '0 0 8px' }}>
        {fmt(m.home.welcome, { name: data?.user.displayName ?? '' })}
      </h2>
      <p style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 24 }}>{fmt(m.home.intro, { role: m.roles[role] })}</p>
      <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))' }}>
        {NAV.filter((n) => n.group !== 'admin' && hasPermission(role, n.access)).map((n) => (
          <Link key={n.key} to={n.path} style={tile}>
            {m.nav[n.key]}
          </Link>
        ))}
      </div>
    </>
  )
}
