import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Button, Checkbox, Form, Input, Radio, Select, Space, Switch, Typography } from 'antd'
import type { z } from 'zod'
import { PARAM_NAME_PATTERN, SCRIPT_LIMITS, SCRIPT_NAME_PATTERN } from '../../../contract/script-rules'
import {
  ReviewProtocolSchema,
  RiskLevelSchema,
  ScriptTypeSchema,
  type CreateScriptBodySchema,
  type ScriptDetail,
  type ScriptType,
} from '../../../contract/scripts'
import { scriptQueries } from '../api/script-queries'
import { useScriptsMessages } from '../scripts-messages'
import { SCRIPT_TYPE_NAMES } from '../../../lib/script-type-names'

export type ScriptFormBody = z.input<typeof CreateScriptBodySchema>

interface Values {
  name: string
  type: ScriptDetail['type']
  description: string
  content: string
  risk_level: ScriptDetail['properties']['risk_level']
  version: string
  protocol: ScriptDetail['properties']['protocol']
  reviewers: string[]
  params: { param_name: string; param_value: string; param_description: string; sensitive: boolean }[]
}

export interface ScriptFormProps {
  id: string
  initial?: ScriptDetail
  onSubmit: (body: ScriptFormBody) => void
}

function toValues(d?: ScriptDetail): Partial<Values> {
  if (!d) return { type: 'SHELL', risk_level: 'LOW', version: '1.0.0', protocol: 'DEFAULT', reviewers: [], params: [] }
  return {
    name: d.name,
    type: d.type,
    description: d.description,
    content: d.content,
    risk_level: d.properties.risk_level,
    version: d.properties.version,
    protocol: d.properties.protocol,
    reviewers: d.properties.reviewers.map((r) => r.reviewer_name),
    params: d.script_params.map(({ param_name, param_value, param_description, sensitive }) => ({
      param_name,
      param_value,
      param_description,
      sensitive,
    })),
  }
}

/** Create/edit form of a script; limits mirror the contract so most mistakes are caught before the server's check. */
export function ScriptForm({ id, initial, onSubmit }: ScriptFormProps) {
  const m = useScriptsMessages()
  const reviewers = useQuery(scriptQueries.reviewers())
  const required = { required: true, message: m.form.required }
  const submit = (v: Values) =>
    onSubmit({
      name: v.name,
      type: v.type,
      description: v.description,
      content: v.content,
      properties: {
        risk_level: v.risk_level,
        version: v.version,
        protocol: v.protocol,
        reviewers: v.reviewers.map((name) => ({ reviewer_name: name, reviewer_id: '' })),
      },
      script_params: (v.params ?? []).map((p, i) => ({
        ...p,
        param_description: p.param_description ?? '',
        sensitive: !!p.sensitive,
        param_order: i + 1,
      })),
    })
  return (
    <Form<Values> id={id} layout="vertical" initialValues={toValues(initial)} onFinish={submit}>
      <Form.Item
        name="name"
        label={m.form.name}
        rules={[required, { pattern: SCRIPT_NAME_PATTERN, message: m.form.namePattern }]}
      >
        <Input />
      </Form.Item>
      <Space size="large" wrap>
        <Form.Item name="type" label={m.form.type}>
          <Radio.Group
            optionType="button"
            options={ScriptTypeSchema.options.map((t) => ({ value: t, label: SCRIPT_TYPE_NAMES[t] }))}
          />
        </Form.Item>
        <Form.Item name="risk_level" label={m.form.riskLevel}>
          <Radio.Group
            optionType="button"
            options={RiskLevelSchema.options.map((r) => ({ value: r, label: m.risk[r] }))}
          />
        </Form.Item>
        <Form.Item name="version" label={m.form.version} rules={[required, { max: SCRIPT_LIMITS.versionMax }]}>
          <Input style={{ width: 120 }} />
        </Form.Item>
      </Space>
      <Form.Item
        name="description"
        label={m.form.description}
        rules={[required, { max: SCRIPT_LIMITS.descriptionMax }]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="content" label={m.form.content} rules={[required, { max: SCRIPT_LIMITS.contentMax }]}>
        <Input.TextArea
          rows={12}
          spellCheck={false}
          showCount
          maxLength={SCRIPT_LIMITS.contentMax}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }}
        />
      </Form.Item>
      <Form.Item
        name="reviewers"
        label={m.form.reviewers}
        extra={m.form.reviewersHint}
        rules={[
          {
            validator: (_, v: string[] = []) =>
              v.length <= SCRIPT_LIMITS.reviewersMax
                ? Promise.resolve()
                : Promise.reject(new Error(m.form.tooManyReviewers)),
          },
        ]}
      >
        {reviewers.data?.length === 0 ? (
          <Typography.Text type="secondary">{m.form.noReviewers}</Typography.Text>
        ) : (
          <Checkbox.Group
            options={(reviewers.data ?? []).map((u) => ({
              value: u.username,
              label: `${u.displayName} (${u.username})`,
            }))}
          />
        )}
      </Form.Item>
      <Form.Item name="protocol" label={m.form.protocol}>
        <Select
          style={{ width: 200 }}
          options={ReviewProtocolSchema.options.map((p) => ({ value: p, label: m.protocol[p] }))}
        />
      </Form.Item>
      <Typography.Title level={5}>{m.form.params}</Typography.Title>
      <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type}>
        {({ getFieldValue }) => (
          <Typography.Paragraph type="secondary">
            {m.form.paramsHint[(getFieldValue('type') as ScriptType | undefined) ?? 'SHELL']}
          </Typography.Paragraph>
        )}
      </Form.Item>
      <Form.List name="params">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" wrap>
                <Form.Item
                  name={[f.name, 'param_name']}
                  rules={[required, { pattern: PARAM_NAME_PATTERN, message: m.form.namePattern }]}
                >
                  <Input
                    placeholder={m.form.paramName}
                    aria-label={`${m.form.paramName} ${i + 1}`}
                    style={{ width: 140 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'param_value']}
                  rules={[{ max: SCRIPT_LIMITS.paramValueMax }]}
                  initialValue=""
                  extra={initial?.script_params[i]?.sensitive ? m.form.keepSecret : undefined}
                >
                  <Input
                    placeholder={m.form.paramValue}
                    aria-label={`${m.form.paramValue} ${i + 1}`}
                    style={{ width: 200 }}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'param_description']} initialValue="">
                  <Input
                    placeholder={m.form.paramDescription}
                    aria-label={`${m.form.paramDescription} ${i + 1}`}
                    style={{ width: 180 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'sensitive']}
                  valuePropName="checked"
                  initialValue={false}
                  label={m.form.sensitive}
                  layout="horizontal"
                >
                  <Switch aria-label={`${m.form.sensitive} ${i + 1}`} size="small" />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={`${m.form.remove} ${i + 1}`}
                  onClick={() => remove(f.name)}
                />
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              disabled={fields.length >= SCRIPT_LIMITS.paramsMax}
              onClick={() => add({ param_value: '', param_description: '', sensitive: false })}
            >
              {m.form.addParam}
            </Button>
          </>
        )}
      </Form.List>
    </Form>
  )
}
