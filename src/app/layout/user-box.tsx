import { LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import type { Session } from '../../contract/identity'
import { useShellMessages } from '../shell-messages'

export interface UserBoxProps {
  session: Session | undefined
  isLoggingOut: boolean
  onLogout: () => void
  /** Phone width: the name only, and an icon-only sign-out button (its label stays as the accessible name). */
  isCompact?: boolean
}

/** Who is signed in (name, role, project) and a sign-out button; plain markup to keep Dropdown off the first screen. */
export function UserBox({ session, isLoggingOut, onLogout, isCompact = false }: UserBoxProps) {
  const m = useShellMessages()
  if (!session) return null
  const { user } = session
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: isCompact ? 8 : 12 }}>
      {!isCompact && <UserOutlined aria-hidden />}
      <span style={{ lineHeight: 1.3, whiteSpace: 'nowrap' }}>
        <strong>{user.displayName}</strong>
        {!isCompact && (
          <>
            <br />
            <span
              style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}
            >{`${m.roles[user.role]} · ${user.tenantName}`}</span>
          </>
        )}
      </span>
      <Button icon={<LogoutOutlined />} loading={isLoggingOut} onClick={onLogout} aria-label={m.user.logout}>
        {isCompact ? null : m.user.logout}
      </Button>
    </div>
  )
}
