import { Alert, Form, Input, Modal, Select, Typography } from 'antd'
import type { AgentStatus, Topology } from '../../../contract/cmdb'
import { CUSTOM_QUERY_NAME_MAX } from '../../../contract/custom-queries'
import { fmt } from '../../../lib/i18n'
import { useCreateCustomQuery } from '../api/custom-query-mutations'
import { useCmdbMessages } from '../cmdb-messages'
import { useSavedQueryMessages } from '../saved-query-messages'
import { filterToQuery, scopeBusiness, searchField } from '../utils/saved-query'
import type { Scope } from '../utils/scope'

export interface SaveQueryModalProps {
  scope: Scope
  /** The host list's search text and agent status, as filtered now. */
  q?: string
  status?: AgentStatus
  topology?: Topology
  onClose: () => void
}

type FormValues = { name: string; bizId?: number }

/**
 * Saves the host list's current filter (scope, search text, agent status) as a saved host query of a
 * business; says in words what the query will select, since a query tests one field where the list's search
 * tests name and IP.
 */
export function SaveQueryModal({ scope, q, status, topology, onClose }: SaveQueryModalProps) {
  const m = useSavedQueryMessages()
  const cm = useCmdbMessages()
  const [form] = Form.useForm<FormValues>()
  const fixedBiz = scopeBusiness(scope, topology)
  // Errors show in the dialog (silent: no toast), success as a toast.
  const create = useCreateCustomQuery({ onSuccess: onClose, meta: { silent: true, successMessage: m.saved } })
  const lines = [
    scope.kind === 'all' ? m.wholeBusiness : fmt(m.scopeLine, { scope: scope.name }),
    ...(q ? [fmt(searchField(q) === 'bk_host_innerip' ? m.searchIp : m.searchName, { q })] : []),
    ...(status ? [fmt(m.statusLine, { status: cm.status[status] })] : []),
  ]
  const submit = (v: FormValues) =>
    create.mutate({ bizId: fixedBiz ?? v.bizId!, name: v.name.trim(), info: filterToQuery({ scope, q, status }) })
  return (
    <Modal
      open
      title={m.saveTitle}
      okText={m.save}
      cancelText={m.cancel}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form<FormValues> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={m.name}
          rules={[{ required: true, whitespace: true, max: CUSTOM_QUERY_NAME_MAX, message: m.nameRequired }]}
        >
          <Input maxLength={CUSTOM_QUERY_NAME_MAX} />
        </Form.Item>
        {fixedBiz === null && (
          <Form.Item name="bizId" label={m.business} rules={[{ required: true, message: m.pickBusiness }]}>
            <Select<number> options={topology?.businesses.map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
        )}
      </Form>
      <Typography.Text strong>{m.savedAs}</Typography.Text>
      <ul aria-label={m.conditions}>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {q && <Typography.Paragraph type="secondary">{m.searchNote}</Typography.Paragraph>}
      {create.error && <Alert type="error" showIcon title={create.error.message} />}
    </Modal>
  )
}
