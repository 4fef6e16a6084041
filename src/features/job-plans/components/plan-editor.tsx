import { ErrorReason } from '../../../components/error-reason'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Checkbox, Drawer, Form, Input, InputNumber, Select, Space } from 'antd'
import { HostIdsField } from '../../../components/host-ids-field'
import { PLAN_LIMITS, splitHosts } from '../../../contract/job-plans'
import { ROLES, type Role } from '../../../contract/permissions'
import { ApiError } from '../../../lib/api-client'
import { fmt } from '../../../lib/i18n'
import { jobPlanQueries, useSavePlan } from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'
import { LibraryFilePicker } from './library-file-picker'
import { type PlanForm, type StepForm, toBody, toForm } from './plan-form'

export interface PlanEditorProps {
  /** Absent: a new plan. */
  planId?: string
  onClose: () => void
  /** Role names in the reader's language (the shell's table), for the confirmer / approver role pickers. */
  roleLabels: Record<Role, string>
}

/** Plan editor (drawer over the list): name, hosts, variables, then the ordered steps by kind. */
export function PlanEditor({ planId, onClose, roleLabels }: PlanEditorProps) {
  const m = useJobPlanMessages()
  const plan = useQuery({ ...jobPlanQueries.detail(planId ?? ''), enabled: Boolean(planId) })
  const scripts = useQuery(jobPlanQueries.scripts())
  const save = useSavePlan(planId, { successMessage: m.saved, onSuccess: onClose, meta: { silent: true } })
  const [form] = Form.useForm<PlanForm>()
  const ready = !planId || plan.data
  const error = save.error instanceof ApiError ? save.error : null

  return (
    <Drawer open size={720} title={planId ? m.editPlan : m.newPlan} onClose={onClose} destroyOnHidden>
      {ready && (
        <Form<PlanForm>
          form={form}
          layout="vertical"
          initialValues={plan.data ? toForm(plan.data) : { name: '', steps: [{ kind: 'script', name: 'step 1' }] }}
          onFinish={(v) => save.mutate(toBody(v))}
        >
          <Form.Item name="name" label={m.name} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={m.description}>
            <Input />
          </Form.Item>
          <Form.Item name="hosts" label={m.hosts}>
            <HostIdsField aria-label={m.hosts} />
          </Form.Item>
          <h3>{m.variables}</h3>
          <Form.List name="variables">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                      <Input placeholder={m.variableName} aria-label={m.variableName} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'type']} initialValue="text">
                      <Select
                        aria-label={m.type}
                        style={{ width: 120 }}
                        options={(['text', 'sensitive', 'hosts'] as const).map((t) => ({
                          value: t,
                          label: m.varTypes[t],
                        }))}
                      />
                    </Form.Item>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue(['variables', f.name, 'type']) === 'hosts' ? (
                          // A host list's default is stored as comma-separated resource ids, picked by name here.
                          <Form.Item
                            name={[f.name, 'default']}
                            getValueProps={(v?: string) => ({ value: splitHosts(v ?? '') })}
                            normalize={(ids: string[]) => ids.join(',')}
                          >
                            <HostIdsField aria-label={m.default} />
                          </Form.Item>
                        ) : (
                          <Form.Item name={[f.name, 'default']}>
                            <Input placeholder={m.default} aria-label={m.default} />
                          </Form.Item>
                        )
                      }
                    </Form.Item>
                    <Form.Item name={[f.name, 'allowed']}>
                      <Input placeholder={m.allowed} aria-label={m.allowed} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'required']} valuePropName="checked">
                      <Checkbox>{m.required}</Checkbox>
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={m.remove} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ type: 'text' })}>
                  {m.addVariable}
                </Button>
              </>
            )}
          </Form.List>
          <h3 style={{ marginTop: 16 }}>{m.steps}</h3>
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    style={{ marginBottom: 8 }}
                    title={`${i + 1}.`}
                    extra={
                      <Button
                        size="small"
                        icon={<DeleteOutlined />}
                        aria-label={m.remove}
                        onClick={() => remove(f.name)}
                      />
                    }
                  >
                    <Space wrap>
                      <Form.Item name={[f.name, 'kind']} label={m.kind}>
                        <Select
                          style={{ width: 180 }}
                          options={(['script', 'confirm', 'approval', 'file'] as const).map((k) => ({
                            value: k,
                            label: m.kinds[k],
                          }))}
                        />
                      </Form.Item>
                      <Form.Item name={[f.name, 'name']} label={m.stepName} rules={[{ required: true }]}>
                        <Input />
                      </Form.Item>
                    </Space>
                    <Form.Item noStyle shouldUpdate>
                      {() => (
                        <StepFields
                          name={f.name}
                          roleLabels={roleLabels}
                          kind={(form.getFieldValue(['steps', f.name, 'kind']) as StepForm['kind']) ?? 'script'}
                          scripts={(scripts.data?.items ?? []).map((s) => ({
                            value: s.scriptUuid,
                            label: `${s.name} (${m.risk[s.riskLevel]})`,
                          }))}
                        />
                      )}
                    </Form.Item>
                  </Card>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: 'script', name: `step ${fields.length + 1}` })}
                >
                  {m.addStep}
                </Button>
              </>
            )}
          </Form.List>
          {error && <Alert style={{ marginTop: 16 }} type="error" showIcon title={<ErrorReason error={error} />} />}
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {m.save}
            </Button>
            <Button onClick={onClose}>{m.cancel}</Button>
          </Space>
        </Form>
      )}
    </Drawer>
  )
}

function StepFields({
  name,
  kind,
  scripts,
  roleLabels,
}: {
  name: number
  roleLabels: Record<Role, string>
  kind: StepForm['kind']
  scripts: { value: string; label: string }[]
}) {
  const m = useJobPlanMessages()
  const roleOptions = ROLES.map((r) => ({ value: r, label: roleLabels[r] }))
  const people = useQuery({ ...jobPlanQueries.people(), enabled: kind === 'confirm' || kind === 'approval' })
  const userOptions = (people.data ?? []).map((p) => ({
    value: p.username,
    label: p.displayName && p.displayName !== p.username ? `${p.displayName} (${p.username})` : p.username,
  }))
  if (kind === 'confirm' || kind === 'approval')
    return (
      <>
        <Form.Item name={[name, 'message']} label={m.message}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item name={[name, 'users']} label={kind === 'confirm' ? m.confirmers : m.approvers}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              loading={people.isLoading}
              placeholder={m.pickUsers}
              aria-label={kind === 'confirm' ? m.confirmers : m.approvers}
              style={{ width: 280 }}
              options={userOptions}
            />
          </Form.Item>
          <Form.Item name={[name, 'roles']} label={kind === 'confirm' ? m.confirmerRoles : m.approverRoles}>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              aria-label={kind === 'confirm' ? m.confirmerRoles : m.approverRoles}
              style={{ width: 220 }}
              options={roleOptions}
            />
          </Form.Item>
        </Space>
        {kind === 'approval' && (
          <Space wrap>
            <Form.Item name={[name, 'mode']} label={m.mode} initialValue="any">
              <Select
                style={{ width: 180 }}
                options={(['any', 'all'] as const).map((x) => ({ value: x, label: m.modes[x] }))}
              />
            </Form.Item>
            <Form.Item name={[name, 'timeoutMin']} label={m.timeoutMin} initialValue={1440}>
              <InputNumber min={1} max={10080} />
            </Form.Item>
            <Form.Item name={[name, 'rollback']} label={m.rollback}>
              <Input style={{ width: 280 }} />
            </Form.Item>
          </Space>
        )}
      </>
    )
  const hostFields = (
    <Space wrap>
      <Form.Item name={[name, 'hosts']} label={m.stepHosts}>
        <HostIdsField aria-label={m.stepHosts} emptyText={m.stepHostsEmpty} />
      </Form.Item>
      <Form.Item name={[name, 'hostsVariable']} label={m.hostsVariable}>
        <Input style={{ width: 160 }} />
      </Form.Item>
    </Space>
  )
  if (kind === 'file')
    return (
      <>
        <Alert type="info" title={m.fileNote} style={{ marginBottom: 8 }} />
        <Space wrap>
          <Form.Item name={[name, 'fileIds']} label={m.fileIds} rules={[{ required: true, message: m.pickFiles }]}>
            <LibraryFilePicker />
          </Form.Item>
          <Form.Item name={[name, 'targetPath']} label={m.targetPath} rules={[{ required: true }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
        </Space>
        {hostFields}
      </>
    )
  return (
    <>
      <Form.Item name={[name, 'scriptUuid']} label={m.script} rules={[{ required: true }]}>
        <Select showSearch optionFilterProp="label" options={scripts} />
      </Form.Item>
      <Form.Item name={[name, 'params']} label={m.params}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {hostFields}
      <Space wrap>
        <Form.Item name={[name, 'size']} label={m.batchSize} initialValue={10}>
          <InputNumber min={1} max={10} />
        </Form.Item>
        {/* No min/max on the input: it would clamp silently; the rule says what the range is instead. */}
        <Form.Item
          name={[name, 'timeout']}
          label={m.timeout}
          initialValue={300}
          rules={[
            {
              type: 'integer',
              required: true,
              min: PLAN_LIMITS.stepTimeoutMin,
              max: PLAN_LIMITS.stepTimeoutMax,
              message: fmt(m.timeoutRange, { min: PLAN_LIMITS.stepTimeoutMin, max: PLAN_LIMITS.stepTimeoutMax }),
            },
          ]}
        >
          <InputNumber style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={[name, 'executeUser']} label={m.executeUser} initialValue="root">
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={[name, 'pauseAfterEach']} valuePropName="checked">
          <Checkbox>{m.pauseAfterEach}</Checkbox>
        </Form.Item>
        <Form.Item name={[name, 'ignoreErrors']} valuePropName="checked">
          <Checkbox>{m.ignoreErrors}</Checkbox>
        </Form.Item>
      </Space>
    </>
  )
}
