import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Button } from 'antd'
// Deep imports: the Input barrel would bring TextArea, Search and OTP onto the login screen.
import Input from 'antd/es/input/Input'
import Password from 'antd/es/input/Password'
import { useId, useState, type FormEvent } from 'react'
import { ApiError } from '../../../lib/api-client'
import { useErrorText } from '../../../lib/error-text'
import { useLogin } from '../api/session-mutations'

export interface LoginFormLabels {
  username: string
  password: string
  submit: string
  required: string
  failed: string
  wrongCredentials: string
}

export interface LoginFormProps {
  labels: LoginFormLabels
  onLoggedIn: () => void
}

const field = { display: 'block', marginBottom: 16 } as const
const label = { display: 'block', marginBottom: 8 } as const
const fieldError = { color: '#ff4d4f', fontSize: 14, marginTop: 4 } as const

/**
 * User name + password; says why sign-in failed in the reader's language (wrong credentials, too many
 * attempts). A plain form with antd inputs: antd's Form (its field store and async validator) is ~25 kB gzip
 * the login screen, the first one, does not need for two required fields.
 */
export function LoginForm({ labels, onLoggedIn }: LoginFormProps) {
  const login = useLogin({ onSuccess: () => onLoggedIn() })
  const errorText = useErrorText()
  const id = useId()
  const [values, setValues] = useState({ username: '', password: '' })
  const [touched, setTouched] = useState(false)
  const missing = { username: !values.username.trim(), password: !values.password }
  function submit(e: FormEvent) {
    e.preventDefault()
    setTouched(true)
    if (missing.username || missing.password) return
    login.mutate(values)
  }
  const err = login.error
  const reason =
    err instanceof ApiError && err.status === 401 ? labels.wrongCredentials : err ? errorText(err) : undefined
  return (
    <form onSubmit={submit} noValidate>
      {reason && (
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
          <div>{reason}</div>
        </div>
      )}
      {(['username', 'password'] as const).map((name) => {
        const invalid = touched && missing[name]
        const common = {
          id: `${id}-${name}`,
          value: values[name],
          disabled: login.isPending,
          status: invalid ? ('error' as const) : undefined,
          'aria-invalid': invalid || undefined,
          'aria-describedby': invalid ? `${id}-${name}-error` : undefined,
          onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
        }
        return (
          <div key={name} style={field}>
            <label htmlFor={common.id} style={label}>
              {labels[name]}
            </label>
            {name === 'username' ? (
              <Input {...common} prefix={<UserOutlined />} autoComplete="username" autoFocus />
            ) : (
              <Password {...common} prefix={<LockOutlined />} autoComplete="current-password" />
            )}
            {invalid && (
              <div id={`${id}-${name}-error`} style={fieldError}>
                {labels.required}
              </div>
            )}
          </div>
        )
      })}
      <Button type="primary" htmlType="submit" block loading={login.isPending}>
        {labels.submit}
      </Button>
    </form>
  )
}
