import { Form, Input, Modal, Select } from 'antd'
import type { Role } from '../../../contract/identity'
import { useCreateUser } from '../api/admin-mutations'
import { useAdminMessages } from '../admin-messages'

export interface CreateUserModalProps {
  isOpen: boolean
  roleLabels: Record<Role, string>
  /** Roles the caller may grant: a tenant admin cannot create platform administrators. */
  assignableRoles: readonly Role[]
  onClose: () => void
}

/** Admin form for a new user; server validation errors are toasted and the modal stays open. */
export function CreateUserModal({ isOpen, roleLabels, assignableRoles, onClose }: CreateUserModalProps) {
  const m = useAdminMessages()
  const [form] = Form.useForm()
  const create = useCreateUser({
    successMessage: m.users.created,
    onSuccess: () => {
      form.resetFields()
      onClose()
    },
  })
  return (
    <Modal
      open={isOpen}
      title={m.users.create}
      okText={m.common.ok}
      cancelText={m.common.cancel}
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ role: 'operator' }}>
        <Form.Item
          name="username"
          label={m.users.username}
          rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{2,64}$/ }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={m.users.displayName} rules={[{ required: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={m.users.email} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={m.users.role} rules={[{ required: true }]}>
          <Select options={assignableRoles.map((r) => ({ value: r, label: roleLabels[r] }))} />
        </Form.Item>
        <Form.Item name="password" label={m.users.password} rules={[{ required: true, min: 8 }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  )
}
