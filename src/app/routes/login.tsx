import { Card, Typography } from 'antd'
import { useNavigate, useSearchParams } from 'react-router'
import { paths } from '../../config/paths'
import { LoginForm } from '../../features/session/components/login-form'
import { LanguageSwitch } from '../layout/language-switch'
import { useShellMessages } from '../shell-messages'

/** Public login page; returns to `?next=` (same-origin paths only) after signing in. */
export function Component() {
  const m = useShellMessages()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = params.get('next')
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : paths.home.path
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ marginTop: 0 }}>{m.login.title}</Typography.Title>
        </div>
        <LoginForm labels={m.login} onLoggedIn={() => navigate(target, { replace: true })} />
        <div style={{ marginTop: 16, textAlign: 'right' }}><LanguageSwitch /></div>
      </Card>
    </div>
  )
}
