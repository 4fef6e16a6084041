import { Button, Input, Modal, Popconfirm, Space } from 'antd'
import { useState } from 'react'
import type { Topology } from '../../../contract/cmdb'
import { type MainlineEdit, useMainlineEdit } from '../api/mainline-mutations'
import { useCmdbMessages } from '../cmdb-messages'
import type { Scope } from '../utils/scope'

export interface ScopeActionsProps {
  scope: Scope
  topology: Topology
  onScopeChange: (scope: Scope) => void
}

type Pending = { title: string; initial: string; build: (name: string) => MainlineEdit }

/** Create, rename and delete buttons for the selected tree node; built-in sets and idle/fault modules offer none. */
export function ScopeActions({ scope, topology, onScopeChange }: ScopeActionsProps) {
  const m = useCmdbMessages()
  const [pending, setPending] = useState<Pending | null>(null)
  const [name, setName] = useState('')
  const edit = useMainlineEdit({
    successMessage: m.edit.saved,
    onSuccess: (e) => {
      setPending(null)
      if (e.op === 'delete') onScopeChange({ kind: 'all' })
      else if (e.op === 'rename' && scope.kind !== 'all') onScopeChange({ ...scope, name: e.name })
    },
  })
  const ask = (p: Pending) => {
    setName(p.initial)
    setPending(p)
  }
  const sets = topology.businesses.flatMap((b) => b.sets)
  const buttons: React.ReactNode[] = []
  if (scope.kind === 'all')
    buttons.push(
      <Button
        key="nb"
        onClick={() =>
          ask({ title: m.edit.newBusiness, initial: '', build: (n) => ({ op: 'create-business', name: n }) })
        }
      >
        {m.edit.newBusiness}
      </Button>,
    )
  if (scope.kind === 'biz')
    buttons.push(
      <Button
        key="ns"
        onClick={() =>
          ask({ title: m.edit.newSet, initial: '', build: (n) => ({ op: 'create-set', bizId: scope.id, name: n }) })
        }
      >
        {m.edit.newSet}
      </Button>,
    )
  const isBuiltinSet = scope.kind === 'set' && sets.find((s) => s.id === scope.id)?.builtin
  const isInternalModule =
    scope.kind === 'module' && sets.flatMap((s) => s.modules).find((x) => x.id === scope.id)?.kind !== 'normal'
  if (scope.kind === 'set' && !isBuiltinSet)
    buttons.push(
      <Button
        key="nm"
        onClick={() =>
          ask({
            title: m.edit.newModule,
            initial: '',
            build: (n) => ({ op: 'create-module', setId: scope.id, name: n }),
          })
        }
      >
        {m.edit.newModule}
      </Button>,
    )
  if (scope.kind !== 'all' && !isBuiltinSet && !isInternalModule) {
    const kind = scope.kind
    buttons.push(
      <Button
        key="rn"
        onClick={() =>
          ask({
            title: m.edit.rename,
            initial: scope.name,
            build: (n) => ({ op: 'rename', kind, id: scope.id, name: n }),
          })
        }
      >
        {m.edit.rename}
      </Button>,
    )
    buttons.push(
      <Popconfirm
        key="del"
        title={m.edit.confirmDelete.replace('{name}', scope.name)}
        onConfirm={() => edit.mutate({ op: 'delete', kind, id: scope.id })}
      >
        <Button danger>{m.edit.delete}</Button>
      </Popconfirm>,
    )
  }
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {buttons}
      </Space>
      <Modal
        open={pending !== null}
        title={pending?.title}
        okText={m.edit.save}
        cancelText={m.edit.cancel}
        confirmLoading={edit.isPending}
        okButtonProps={{ disabled: !name.trim() }}
        onCancel={() => setPending(null)}
        onOk={() => pending && edit.mutate(pending.build(name.trim()))}
        destroyOnHidden
      >
        <Input
          aria-label={m.edit.name}
          placeholder={m.edit.name}
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
        />
      </Modal>
    </>
  )
}
