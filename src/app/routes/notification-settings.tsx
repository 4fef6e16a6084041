import { ChannelSettings } from '../../features/notification-settings/components/channel-settings'

export function Component() {
  return <ChannelSettings />
}
