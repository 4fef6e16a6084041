import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Button, Form } from 'antd'
// Deep imports: the Input barrel would bring TextArea, Search and OTP onto the login screen.
import Input from 'antd/es/input/Input'
import Password from 'antd/es/input/Password'
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
    <Form
      layout="vertical"
      requiredMark={false}
      onFinish={(v: { username: string; password: string }) => login.mutate(v)}
      disabled={login.isPending}
    >
      {login.error && (
        <div
          role="alert"
          style={{
            marginBottom: 16,
            padding: '8px 12px',
            border: '1px solid #ffccc7',
            background: '#fff2f0',
            borderRadius: 6,
          }}
        >
          <strong>{labels.failed}</strong>
          <div>{login.error.message}</div>
        </div>
      )}
      <Form.Item name="username" label={labels.username} rules={[{ required: true, message: labels.required }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
      </Form.Item>
      <Form.Item name="password" label={labels.password} rules={[{ required: true, message: labels.required }]}>
        <Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending}>
        {labels.submit}
      </Button>
    </Form>
  )
}
