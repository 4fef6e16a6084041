import { Alert, Space, Typography } from 'antd'

/** One line of a SecretOnce: a value to copy (the secret, a URL, a command) or a note between them. */
export type SecretLine = { copy: string } | { note: string }

/**
 * A secret the server shows exactly once (integration key, agent enrollment token, BlueKing app secret): a
 * dismissable warning whose lines can be copied. The caller keeps it until the user closes it.
 */
export function SecretOnce({ title, lines, onClose }: { title: string; lines: SecretLine[]; onClose: () => void }) {
  return (
    <Alert
      type="warning"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      title={title}
      description={
        <Space orientation="vertical">
          {lines.map((line, i) =>
            'copy' in line ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines are fixed for one secret
              <Typography.Text key={i} copyable code>
                {line.copy}
              </Typography.Text>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: the lines are fixed for one secret
              <Typography.Text key={i} type="secondary">
                {line.note}
              </Typography.Text>
            ),
          )}
        </Space>
      }
    />
  )
}
