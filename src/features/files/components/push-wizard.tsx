import { Alert, Button, Descriptions, Form, Input, InputNumber, Space, Steps } from 'antd'
import { type ReactNode, useState } from 'react'
import { FileModeSchema, OwnerSchema, TargetDirSchema } from '../../../contract/files'
import { fmt } from '../../../lib/i18n'
import { usePushFiles } from '../api/file-mutations'
import { useFilesMessages } from '../files-messages'
import { FileLibrary } from './file-library'

/** A target host as the wizard needs it (the host picker comes from the page). */
export interface PushHost {
  name: string
  resourceId: string
}

export interface PushWizardProps<H extends PushHost> {
  /** Renders the host picker (the page composes the CMDB's) for the current selection. */
  renderHosts: (selected: H[], onChange: (hosts: H[]) => void) => ReactNode
  onStarted: (executeUuid: string) => void
}

/** Files → target directory, owner, mode → hosts → review; the push is a ticket the ticket page follows live. */
export function PushWizard<H extends PushHost>({ renderHosts, onStarted }: PushWizardProps<H>) {
  const m = useFilesMessages()
  const w = m.wizard
  const [step, setStep] = useState(0)
  const [fileIds, setFileIds] = useState<string[]>([])
  const [hosts, setHosts] = useState<H[]>([])
  const [target, setTarget] = useState({ targetDir: '/tmp', owner: '', mode: '644', executeUser: 'root', timeout: 600 })
  const push = usePushFiles({ successMessage: w.started, onStarted })
  const dirOk = TargetDirSchema.safeParse(target.targetDir).success
  const modeOk = FileModeSchema.safeParse(target.mode).success
  const ownerOk = OwnerSchema.safeParse(target.owner).success
  const canNext = [fileIds.length > 0, dirOk && modeOk && ownerOk, hosts.length > 0, true][step]
  const problem = [w.noFiles, !dirOk ? w.invalidDir : w.invalidMode, w.noHosts, ''][step]
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Steps
        current={step}
        size="small"
        items={[w.steps.files, w.steps.target, w.steps.hosts, w.steps.review].map((title) => ({ title }))}
      />
      {step === 0 && <FileLibrary canWrite selected={fileIds} onSelect={setFileIds} />}
      {step === 1 && (
        <Form layout="vertical" style={{ maxWidth: 520 }}>
          <Form.Item label={w.targetDir} extra={w.targetDirHelp} validateStatus={dirOk ? '' : 'error'}>
            <Input
              aria-label={w.targetDir}
              value={target.targetDir}
              onChange={(e) => setTarget((t) => ({ ...t, targetDir: e.target.value }))}
            />
          </Form.Item>
          <Form.Item label={w.owner} extra={w.ownerHelp} validateStatus={ownerOk ? '' : 'error'}>
            <Input
              aria-label={w.owner}
              value={target.owner}
              onChange={(e) => setTarget((t) => ({ ...t, owner: e.target.value }))}
            />
          </Form.Item>
          <Form.Item label={w.mode} validateStatus={modeOk ? '' : 'error'}>
            <Input
              aria-label={w.mode}
              value={target.mode}
              onChange={(e) => setTarget((t) => ({ ...t, mode: e.target.value }))}
            />
          </Form.Item>
          <Form.Item label={w.executeUser}>
            <Input
              aria-label={w.executeUser}
              value={target.executeUser}
              onChange={(e) => setTarget((t) => ({ ...t, executeUser: e.target.value }))}
            />
          </Form.Item>
          <Form.Item label={w.timeout}>
            <InputNumber
              aria-label={w.timeout}
              min={5}
              max={86_400}
              value={target.timeout}
              onChange={(v) => setTarget((t) => ({ ...t, timeout: v ?? 600 }))}
            />
          </Form.Item>
        </Form>
      )}
      {step === 2 && renderHosts(hosts, setHosts)}
      {step === 3 && (
        <Descriptions bordered size="small" column={1}>
          <Descriptions.Item label={w.steps.files}>{fileIds.length}</Descriptions.Item>
          <Descriptions.Item label={w.targetDir}>{target.targetDir}</Descriptions.Item>
          <Descriptions.Item label={w.owner}>{target.owner || target.executeUser}</Descriptions.Item>
          <Descriptions.Item label={w.mode}>{target.mode}</Descriptions.Item>
          <Descriptions.Item label={w.steps.hosts}>
            {fmt(w.hostsPicked, { n: hosts.length })}: {hosts.map((h) => h.name).join(', ')}
          </Descriptions.Item>
        </Descriptions>
      )}
      {!canNext && <Alert type="info" showIcon title={problem} />}
      <Space>
        {step > 0 && <Button onClick={() => setStep(step - 1)}>{w.back}</Button>}
        {step < 3 && (
          <Button type="primary" disabled={!canNext} onClick={() => setStep(step + 1)}>
            {w.next}
          </Button>
        )}
        {step === 3 && (
          <Button
            type="primary"
            loading={push.isPending}
            onClick={() => push.mutate({ fileIds, resourceIds: hosts.map((h) => h.resourceId), ...target })}
          >
            {w.submit}
          </Button>
        )}
      </Space>
    </Space>
  )
}
