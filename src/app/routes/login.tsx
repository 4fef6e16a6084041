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
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : paths.home.path
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      {/* A plain panel, not antd Card: Card drags Tabs and Skeleton onto the login screen. */}
      <main
        style={{
          // 380 px, narrower on a phone: the panel never makes the page scroll sideways.
          width: 'min(380px, calc(100vw - 24px))',
          boxSizing: 'border-box',
          padding: 24,
          background: '#fff',
          borderRadius: 8,
          boxShadow: '0 1px 2px rgba(0,0,0,0.06), 0 1px 6px -1px rgba(0,0,0,0.05)',
        }}
      >
        <h1 style={{ fontSize: 20, fontWeight: 600, margin: '0 0 16px' }}>{m.login.title}</h1>
        <LoginForm labels={m.login} onLoggedIn={() => navigate(target, { replace: true })} />
        <div style={{ marginTop: 16, textAlign: 'right' }}>
          <LanguageSwitch />
        </div>
      </main>
    </div>
  )
}
