import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Spin, Typography } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { paths } from '../../../config/paths'
import { EXECUTION_LIMITS as L, relaunchTimeoutMax } from '../../../contract/execution-rules'
import { EXECUTION_ROLLBACK_MAX, type ExecutionDetail, type InstanceView } from '../../../contract/executions'
import { fmt } from '../../../lib/i18n'
import { toast } from '../../../lib/toast'
import { useRerunExecution } from '../api/execution-mutations'
import { executionQueries } from '../api/execution-queries'
import { useExecutionMessages } from '../executions-messages'
import { initialForm, isFailed, relaunchBody, type RelaunchForm, type RelaunchMode } from '../utils/relaunch-body'

export interface RelaunchModalProps {
  detail: ExecutionDetail
  mode: RelaunchMode
  onClose: () => void
}

/**
 * Run again / Retry with edits (AWX "relaunch with prompts"): parameters, hosts, batches and options start
 * as the ticket's and can be changed; secrets stay unless retyped. The result is a new ticket.
 */
export function RelaunchModal({ detail, mode, onClose }: RelaunchModalProps) {
  const m = useExecutionMessages()
  const { data, error } = useQuery(executionQueries.instances(detail.executeUuid, { page: 1, pageSize: L.hostsMax }))
  return (
    <Modal
      open
      width={640}
      title={mode === 'rerun' ? m.rerun.title : m.rerun.retryTitle}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {error ? (
        <Alert type="error" showIcon title={error.message} />
      ) : !data ? (
        <Spin />
      ) : (
        <RelaunchFormBody detail={detail} mode={mode} instances={data.items} onClose={onClose} />
      )}
    </Modal>
  )
}

function RelaunchFormBody({ detail, mode, instances, onClose }: RelaunchModalProps & { instances: InstanceView[] }) {
  const m = useExecutionMessages()
  const navigate = useNavigate()
  const [form, setForm] = useState<RelaunchForm>(() => initialForm(detail, instances, mode))
  const set = (patch: Partial<RelaunchForm>) => setForm((f) => ({ ...f, ...patch }))
  const rerun = useRerunExecution(detail.executeUuid, {
    onSuccess: (r) => {
      onClose()
      // A HIGH-risk run by a non-admin waits for an approval (no ticket yet): open that approval.
      if (r.executeUuid === null) {
        toast.success(m.rerun.waiting)
        navigate(paths.approval.href(r.approvalId))
        return
      }
      toast.success(m.rerun.started)
      navigate(paths.ticket.href(r.executeUuid))
    },
  })
  const high = detail.riskLevel === 'HIGH'
  const failed = instances.filter(isFailed).length
  const blocked = form.instanceIds.length === 0 || (high && !form.confirmHighRisk)
  // A plan step's ticket may have a longer timeout than the console's 1800 s: it keeps it and may go up to it.
  const timeoutMax = relaunchTimeoutMax(detail.timeout)
  return (
    <Form layout="vertical" onFinish={() => rerun.mutate(relaunchBody(detail, instances, mode, form))}>
      <Typography.Paragraph>{mode === 'rerun' ? m.rerun.editBody : m.rerun.retryBody}</Typography.Paragraph>
      <Typography.Title level={5}>{m.rerun.params}</Typography.Title>
      {detail.params.length === 0 && <Typography.Text type="secondary">{m.rerun.noParams}</Typography.Text>}
      {detail.params.map((p) => (
        <Form.Item key={p.name} label={p.name} style={{ marginBottom: 12 }}>
          {p.sensitive ? (
            <Input.Password
              aria-label={p.name}
              autoComplete="new-password"
              placeholder={m.rerun.sensitiveKept}
              value={form.params[p.name]}
              onChange={(e) => set({ params: { ...form.params, [p.name]: e.target.value } })}
            />
          ) : (
            <Input
              aria-label={p.name}
              value={form.params[p.name]}
              onChange={(e) => set({ params: { ...form.params, [p.name]: e.target.value } })}
            />
          )}
        </Form.Item>
      ))}
      <Typography.Title level={5}>{m.rerun.hosts}</Typography.Title>
      <Form.Item
        extra={
          mode === 'retry' ? fmt(m.rerun.hostsFailed, { n: failed }) : fmt(m.rerun.hostsAll, { n: instances.length })
        }
        validateStatus={form.instanceIds.length === 0 ? 'error' : undefined}
        help={
          form.instanceIds.length === 0
            ? mode === 'retry' && failed === 0
              ? m.rerun.noFailed
              : m.rerun.noHosts
            : undefined
        }
      >
        <Select
          mode="multiple"
          aria-label={m.rerun.hosts}
          maxTagCount="responsive"
          value={form.instanceIds}
          onChange={(ids: number[]) =>
            set({ instanceIds: instances.filter((i) => ids.includes(i.id)).map((i) => i.id) })
          }
          options={instances.map((i) => ({ value: i.id, label: `${i.hostName} ${i.ip}` }))}
          optionFilterProp="label"
        />
      </Form.Item>
      <Form.Item label={m.rerun.batchSize} extra={m.rerun.batchHint}>
        <InputNumber
          aria-label={m.rerun.batchSize}
          min={1}
          max={L.hostsPerBatchMax}
          placeholder={m.rerun.keepBatches}
          style={{ width: 220 }}
          value={form.batchSize}
          onChange={(v) => set({ batchSize: v ?? null })}
        />
      </Form.Item>
      <Typography.Title level={5}>{m.rerun.options}</Typography.Title>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0 16px' }}>
        <Form.Item
          label={m.wizard.options.timeout}
          extra={fmt(m.rerun.timeoutRange, { min: L.timeoutMin, max: timeoutMax })}
        >
          <InputNumber
            aria-label={m.wizard.options.timeout}
            min={L.timeoutMin}
            max={timeoutMax}
            value={form.timeout}
            onChange={(v) => set({ timeout: v })}
          />
        </Form.Item>
        <Form.Item label={m.wizard.options.successRate}>
          <InputNumber
            aria-label={m.wizard.options.successRate}
            min={L.successRateMin}
            max={L.successRateMax}
            step={0.1}
            value={form.successRate}
            onChange={(v) => set({ successRate: v })}
          />
        </Form.Item>
        <Form.Item label={m.wizard.options.executeUser}>
          <Input
            aria-label={m.wizard.options.executeUser}
            value={form.executeUser}
            onChange={(e) => set({ executeUser: e.target.value })}
          />
        </Form.Item>
      </div>
      {high && (
        <Form.Item>
          <Checkbox checked={form.confirmHighRisk} onChange={(e) => set({ confirmHighRisk: e.target.checked })}>
            {m.rerun.confirmHigh}
          </Checkbox>
        </Form.Item>
      )}
      {high && (
        <Form.Item label={m.wizard.review.rollback} htmlFor="relaunch-rollback" extra={m.wizard.review.rollbackHelp}>
          <Input.TextArea
            id="relaunch-rollback"
            value={form.rollback}
            maxLength={EXECUTION_ROLLBACK_MAX}
            autoSize={{ minRows: 2, maxRows: 6 }}
            onChange={(e) => set({ rollback: e.target.value })}
          />
        </Form.Item>
      )}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onClose}>{m.confirm.no}</Button>
        <Button type="primary" htmlType="submit" disabled={blocked} loading={rerun.isPending}>
          {mode === 'rerun' ? m.rerun.ok : m.rerun.retryButton}
        </Button>
      </Flex>
    </Form>
  )
}
