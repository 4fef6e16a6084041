import { Card } from 'antd'
import { useBkAppsMessages } from '../../features/bk-apps/bk-apps-messages'
import { BkAppsPanel } from '../../features/bk-apps/components/bk-apps-panel'

export function Component() {
  const m = useBkAppsMessages()
  return (
    <Card title={m.title}>
      <BkAppsPanel />
    </Card>
  )
}
