import { Tag } from 'antd'
import type { CompliantStatus, PatchStatus } from '../../../contract/patches'
import { usePatchMessages } from '../patches-messages'

const PATCH_COLORS: Record<PatchStatus, string> = {
  INSTALLED: 'green',
  INSTALLED_OTHER: 'cyan',
  MISSING: 'red',
  REJECT: 'magenta',
  FAILED: 'volcano',
  PENDING_REBOOT: 'gold',
}

export function CompliantTag({ status }: { status: CompliantStatus }) {
  const m = usePatchMessages()
  return <Tag color={status === 'compliant' ? 'green' : 'red'}>{m.status[status]}</Tag>
}

export function PatchStatusTag({ status }: { status: PatchStatus }) {
  const m = usePatchMessages()
  return <Tag color={PATCH_COLORS[status]}>{m.patchStatus[status]}</Tag>
}
