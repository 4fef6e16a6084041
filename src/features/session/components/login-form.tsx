import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Form, Input } from 'antd'
import { useLogin } from '../api/session-mutations'

export interface LoginFormLabels {
  username: string
  password: string
  submit: string
  required: string
  failed: string
}

export interface LoginFormProps {
  labels: LoginFormLabels
  onLoggedIn: () => void
}

/** User name + password; shows the server's reason (wrong password, rate limit) inline. */
export function LoginForm({ labels, onLoggedIn }: LoginFormProps) {
  const login = useLogin({ onSuccess: () => onLoggedIn() })
  return (
    <Form layout="vertical" requiredMark={false} onFinish={(v: { username: string; password: string }) => login.mutate(v)} disabled={login.isPending}>
      {login.error && <Alert type="error" showIcon title={labels.failed} description={login.error.message} style={{ marginBottom: 16 }} />}
      <Form.Item name="username" label={labels.username} rules={[{ required: true, message: labels.required }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={labels.password} rules={[{ required: true, message: labels.required }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending}>{labels.submit}</Button>
    </Form>
  )
}
