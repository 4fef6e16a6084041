import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Checkbox, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import { type ChannelBody, ChannelKindSchema } from '../../../contract/notification-channels'
import { fmt } from '../../../lib/i18n'
import { channelQueries, useAddChannel, useRemoveChannel, useTestChannel } from '../api/channels-queries'
import { useSettingsMessages } from '../settings-messages'
import { DesktopToggle } from './desktop-toggle'
import { ErrorReason } from '../../../components/error-reason'

/** The caller's channels: add, send a test, remove; plus desktop notifications for this browser. */
export function ChannelSettings() {
  const m = useSettingsMessages()
  const [form] = Form.useForm<ChannelBody>()
  const { data = [], error } = useQuery(channelQueries.list())
  const add = useAddChannel({ onSuccess: () => form.resetFields() })
  const remove = useRemoveChannel()
  const test = useTestChannel()
  const [result, setResult] = useState<{ type: 'success' | 'error' | 'warning'; text: string } | null>(null)
  const runTest = (id: string) =>
    test.mutate(id, {
      onSuccess: (r) =>
        setResult(
          r.status === 'sent'
            ? { type: 'success', text: m.sent }
            : r.status === 'failed'
              ? { type: 'error', text: fmt(m.failed, { reason: r.reason ?? '' }) }
              : { type: 'warning', text: fmt(m.skipped, { reason: r.reason ?? '' }) },
        ),
    })
  return (
    <>
      <Typography.Title level={3}>{m.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{m.intro}</Typography.Paragraph>
      <DesktopToggle />
      {error && <Alert type="error" showIcon title={<ErrorReason error={error} />} />}
      {result && <Alert role="status" type={result.type} showIcon title={result.text} style={{ margin: '12px 0' }} />}
      <Table
        rowKey="id"
        scroll={{ x: 'max-content' }}
        size="small"
        pagination={false}
        dataSource={data}
        columns={[
          { title: m.kind, dataIndex: 'kind', render: (k: keyof typeof m.kinds) => m.kinds[k] },
          { title: m.name, dataIndex: 'name' },
          { title: m.target, dataIndex: 'targetHint' },
          {
            title: m.urgencies,
            dataIndex: 'urgencies',
            render: (u: ('high' | 'low')[]) => u.map((x) => <Tag key={x}>{m[x]}</Tag>),
          },
          {
            key: 'actions',
            render: (_, c) => (
              <Space>
                <Button size="small" loading={test.isPending && test.variables === c.id} onClick={() => runTest(c.id)}>
                  {m.test}
                </Button>
                <Button size="small" danger onClick={() => remove.mutate(c.id)}>
                  {m.remove}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 560, marginTop: 24 }}
        initialValues={{ kind: 'email', urgencies: ['high', 'low'], enabled: true }}
        onFinish={(body) => add.mutate(body)}
      >
        <Form.Item name="kind" label={m.kind}>
          <Select options={ChannelKindSchema.options.map((k) => ({ value: k, label: m.kinds[k] }))} />
        </Form.Item>
        <Form.Item name="name" label={m.name} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="target" label={m.target} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="secret" label={m.secret}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="urgencies" label={m.urgencies}>
          <Checkbox.Group
            options={[
              { value: 'high', label: m.high },
              { value: 'low', label: m.low },
            ]}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {m.add}
        </Button>
      </Form>
    </>
  )
}
