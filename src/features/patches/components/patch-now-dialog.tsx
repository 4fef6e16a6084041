import { Alert, Modal, Space, Tag, Typography } from 'antd'
import { PATCH_NOW_MAX_HOSTS, type InstanceCompliant } from '../../../contract/patches'
import { fmt } from '../../../lib/i18n'
import { usePatchNow } from '../api/patches-mutations'
import { usePatchMessages } from '../patches-messages'
import { ErrorReason } from '../../../components/error-reason'

export interface PatchNowDialogProps {
  hosts: InstanceCompliant[]
  onClose: () => void
  /** The ticket was created: its execute UUID. */
  onStarted: (executeUuid: string) => void
}

/**
 * Confirms Patch now for the chosen non-compliant nodes: what will happen (the reviewed patch_install script
 * installs each host's missing required patches, as one ticket), the host limit, and the server's refusal.
 */
export function PatchNowDialog({ hosts, onClose, onStarted }: PatchNowDialogProps) {
  const m = usePatchMessages()
  const patchNow = usePatchNow({ onSuccess: (r) => onStarted(r.executeUuid) })
  const missing = hosts.reduce((n, h) => n + h.non_compliant_summary.non_compliant_count, 0)
  const over = hosts.length > PATCH_NOW_MAX_HOSTS
  return (
    <Modal
      open
      title={fmt(m.patchNow.title, { n: hosts.length })}
      okText={m.patchNow.confirm}
      cancelText={m.cancel}
      onCancel={onClose}
      okButtonProps={{ disabled: over || !hosts.length, loading: patchNow.isPending }}
      onOk={() => patchNow.mutate(hosts.map((h) => h.instance_id))}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>{fmt(m.patchNow.what, { n: missing })}</Typography.Paragraph>
        <Typography.Text type="secondary">{fmt(m.patchNow.limit, { max: PATCH_NOW_MAX_HOSTS })}</Typography.Text>
        <div style={{ maxHeight: 160, overflow: 'auto' }}>
          {hosts.map((h) => (
            <Tag key={h.id} style={{ marginBottom: 4 }}>
              {h.name}
              {h.ip ? ` · ${h.ip}` : ''}
            </Tag>
          ))}
        </div>
        {over && <Alert type="warning" showIcon title={fmt(m.patchNow.tooMany, { max: PATCH_NOW_MAX_HOSTS })} />}
        {patchNow.error && (
          <Alert
            type="error"
            showIcon
            title={m.patchNow.refused}
            description={<ErrorReason error={patchNow.error} />}
          />
        )}
      </Space>
    </Modal>
  )
}
