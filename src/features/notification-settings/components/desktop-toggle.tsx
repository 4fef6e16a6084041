import { Button, Space } from 'antd'
import { useState } from 'react'
import { useSettingsMessages } from '../settings-messages'

/** Asks this browser for permission to show desktop notifications (the bell shows them for new pages). */
export function DesktopToggle() {
  const m = useSettingsMessages()
  const supported = typeof window !== 'undefined' && 'Notification' in window
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied')
  if (!supported) return null
  return (
    <Space>
      <span>{m.desktop}:</span>
      {permission === 'granted' ? (
        <b>{m.desktopOn}</b>
      ) : permission === 'denied' ? (
        <span>{m.desktopBlocked}</span>
      ) : (
        <Button size="small" onClick={() => Notification.requestPermission().then(setPermission)}>
          {m.enableDesktop}
        </Button>
      )}
    </Space>
  )
}
