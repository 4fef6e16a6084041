import { Button, Popconfirm, Space } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { OperationType } from '../../../contract/execution-rules'
import type { ExecutionDetail } from '../../../contract/executions'
import { toast } from '../../../lib/toast'
import { useOperateExecution, type OperationInput } from '../api/execution-mutations'
import { useExecutionMessages } from '../executions-messages'
import type { RelaunchMode } from '../utils/relaunch-body'
import { RelaunchModal } from './relaunch-modal'

/** True when the key press is meant for a text field, not for page shortcuts. */
export function isTyping(e: KeyboardEvent) {
  const t = e.target as HTMLElement | null
  return (
    (!!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) ||
    e.metaKey ||
    e.ctrlKey ||
    e.altKey
  )
}

/** Runs one operation on the ticket and toasts its outcome (errors toast the server's reason). */
export function useTicketOperation(executeUuid: string) {
  const m = useExecutionMessages()
  const operate = useOperateExecution(executeUuid)
  return {
    isPending: operate.isPending,
    run: (body: OperationInput) => operate.mutate(body, { onSuccess: () => toast.success(m.done[body.operation]) }),
  }
}

/** Ticket-level buttons, enabled only when the server lists the operation; `p` pauses and `r` retries failed hosts. */
export function TicketOperations({ detail, canRun = true }: { detail: ExecutionDetail; canRun?: boolean }) {
  const m = useExecutionMessages()
  const { run, isPending } = useTicketOperation(detail.executeUuid)
  const can = (op: OperationType) => detail.allowedOperations.includes(op) && !isPending
  const keys = useRef({ can, run })
  keys.current = { can, run }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e)) return
      const op = e.key === 'p' ? 'PAUSE_ORDER' : e.key === 'r' ? 'RETRY_FAILED' : null
      if (op && keys.current.can(op)) keys.current.run({ operation: op })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <Space wrap>
      <Button disabled={!can('PAUSE_ORDER')} onClick={() => run({ operation: 'PAUSE_ORDER' })}>
        {m.ops.PAUSE_ORDER}
      </Button>
      <Button type="primary" disabled={!can('CONTINUE_ORDER')} onClick={() => run({ operation: 'CONTINUE_ORDER' })}>
        {m.ops.CONTINUE_ORDER}
      </Button>
      <Button disabled={!can('RETRY_FAILED')} onClick={() => run({ operation: 'RETRY_FAILED' })}>
        {m.ops.RETRY_FAILED}
      </Button>
      <Popconfirm
        title={m.confirm.cancelOrder}
        okText={m.confirm.yes}
        cancelText={m.confirm.no}
        okButtonProps={{ danger: true }}
        disabled={!can('CANCEL_ORDER')}
        onConfirm={() => run({ operation: 'CANCEL_ORDER' })}
      >
        <Button danger disabled={!can('CANCEL_ORDER')}>
          {m.ops.CANCEL_ORDER}
        </Button>
      </Popconfirm>
      {canRun && <RunAgain detail={detail} />}
    </Space>
  )
}

/** "Run again" and "Retry with edits": each opens the relaunch form, pre-filled from this ticket. */
function RunAgain({ detail }: { detail: ExecutionDetail }) {
  const m = useExecutionMessages()
  const [mode, setMode] = useState<RelaunchMode | null>(null)
  const hasFailed = detail.counts.ABNORMAL + detail.counts.CANCELED > 0
  const isLive = detail.status === 'READY' || detail.status === 'PROCESSING' || detail.status === 'PAUSED'
  return (
    <>
      <Button onClick={() => setMode('rerun')}>{m.rerun.button}</Button>
      <Button disabled={!hasFailed || isLive} onClick={() => setMode('retry')}>
        {m.rerun.retryButton}
      </Button>
      {mode && <RelaunchModal detail={detail} mode={mode} onClose={() => setMode(null)} />}
    </>
  )
}
