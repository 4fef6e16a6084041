import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Drawer, Space, Spin } from 'antd'
import { fmt } from '../../../lib/i18n'
import { useCreateScript, useUpdateScript } from '../api/script-mutations'
import { scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { ScriptForm } from './script-form'
import { ErrorReason } from '../../../components/error-reason'

export interface ScriptEditorProps {
  /** Absent: create a new script. */
  scriptUuid?: string
  onClose: () => void
  onSaved: (scriptUuid: string) => void
}

/** The create/edit drawer. Server errors (duplicate name, bad parameter value) are toasted; the drawer stays open. */
export function ScriptEditor({ scriptUuid, onClose, onSaved }: ScriptEditorProps) {
  const m = useScriptsMessages()
  const detail = useQuery({ ...scriptQueries.detail(scriptUuid ?? ''), enabled: !!scriptUuid })
  const create = useCreateScript({ successMessage: m.saved, onSuccess: onSaved })
  const update = useUpdateScript({ successMessage: m.saved, onSuccess: onSaved })
  const isSaving = create.isPending || update.isPending
  const formId = 'script-form'
  return (
    <Drawer
      open
      size={760}
      onClose={onClose}
      destroyOnHidden
      title={scriptUuid ? fmt(m.form.editTitle, { name: detail.data?.name ?? '' }) : m.form.createTitle}
      extra={
        <Space>
          <Button onClick={onClose}>{m.form.cancel}</Button>
          <Button type="primary" htmlType="submit" form={formId} loading={isSaving}>
            {m.form.save}
          </Button>
        </Space>
      }
    >
      {detail.error ? (
        <Alert type="error" showIcon title={<ErrorReason error={detail.error} />} />
      ) : scriptUuid && !detail.data ? (
        <Spin />
      ) : (
        <ScriptForm
          id={formId}
          initial={detail.data}
          onSubmit={(body) => (scriptUuid ? update.mutate({ scriptUuid, body }) : create.mutate(body))}
        />
      )}
    </Drawer>
  )
}
