import { Button, Flex, Input, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { App } from '../../../contract/cmdb'
import { useAppEdit } from '../api/app-mutations'
import { useCmdbMessages } from '../cmdb-messages'

export interface AppEditorProps {
  apps: App[]
  /** The centre application of the graph, whose dependencies are edited. */
  selected: App | undefined
}

/** New applications, and the "requires" edges of the selected one (added or removed from the dependent side). */
export function AppEditor({ apps, selected }: AppEditorProps) {
  const m = useCmdbMessages()
  const [name, setName] = useState('')
  const [parentId, setParentId] = useState<number | undefined>()
  const [required, setRequired] = useState<number | undefined>()
  const edit = useAppEdit({
    successMessage: m.apps.saved,
    onSuccess: () => {
      setName('')
      setRequired(undefined)
    },
  })
  const options = apps.map((a) => ({ value: a.id, label: a.fullName }))
  const nameOf = (id: number) => apps.find((a) => a.id === id)?.fullName ?? String(id)
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
      {/* Wraps on a phone (a joined Space.Compact squeezed the name field to a few pixels at 390 px). */}
      <Flex wrap gap={8} style={{ maxWidth: 640 }}>
        <Input
          style={{ flex: '1 1 200px' }}
          aria-label={m.apps.name}
          placeholder={m.apps.name}
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
        />
        <Select<number | undefined>
          aria-label={m.apps.parent}
          placeholder={m.apps.parent}
          allowClear
          value={parentId}
          onChange={setParentId}
          options={options}
          style={{ flex: '1 1 200px', maxWidth: 240 }}
          showSearch
          optionFilterProp="label"
        />
        <Button
          disabled={!name.trim()}
          loading={edit.isPending}
          onClick={() => edit.mutate({ op: 'create', name: name.trim(), parentId: parentId ?? null })}
        >
          {m.apps.create}
        </Button>
      </Flex>
      {selected && (
        <Space wrap>
          <Typography.Text>{m.apps.requires.replace('{name}', selected.fullName)}</Typography.Text>
          {selected.requires.map((id) => (
            <Tag
              key={id}
              closable={{ 'aria-label': `${m.apps.remove} ${nameOf(id)}` }}
              onClose={(e) => {
                e.preventDefault()
                edit.mutate({ op: 'unrequire', appId: selected.id, requiredAppId: id })
              }}
            >
              {nameOf(id)}
            </Tag>
          ))}
          <Select<number | undefined>
            aria-label={m.apps.addRequired}
            placeholder={m.apps.addRequired}
            value={required}
            onChange={setRequired}
            style={{ width: 220 }}
            options={options.filter((o) => o.value !== selected.id && !selected.requires.includes(o.value))}
            showSearch
            optionFilterProp="label"
          />
          <Button
            disabled={required === undefined}
            onClick={() =>
              required !== undefined && edit.mutate({ op: 'require', appId: selected.id, requiredAppId: required })
            }
          >
            {m.apps.add}
          </Button>
        </Space>
      )}
    </Space>
  )
}
