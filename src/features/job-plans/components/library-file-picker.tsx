import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useState } from 'react'
import { jobPlanQueries } from '../api/job-plan-queries'
import { useJobPlanMessages } from '../job-plans-messages'

/**
 * Files of the file library picked by name (searching the library as one types); the value is their ids.
 * Each option shows the size and the start of the sha256, so two uploads of one name can be told apart.
 */
export interface LibraryFilePickerProps {
  /** Picked file ids (antd Form.Item passes value/onChange). */
  value?: string[]
  onChange?: (ids: string[]) => void
}

export function LibraryFilePicker({ value, onChange }: LibraryFilePickerProps) {
  const m = useJobPlanMessages()
  const [q, setQ] = useState('')
  const files = useQuery(jobPlanQueries.libraryFiles(q))
  const items = files.data?.items ?? []
  const options = items.map((f) => ({
    value: f.id,
    label: f.name,
    title: `${f.name} · ${formatSize(f.size)}`,
    desc: `${formatSize(f.size)} · sha256 ${f.sha256.slice(0, 12)}…`,
  }))
  // Picked files not in the current search result keep a readable tag.
  for (const id of value ?? [])
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: id, title: id, desc: '' })
  return (
    <Select
      mode="multiple"
      showSearch
      aria-label={m.fileIds}
      style={{ width: 420 }}
      placeholder={m.searchFiles}
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setQ}
      loading={files.isFetching}
      notFoundContent={files.isFetching ? undefined : m.noFiles}
      options={options}
      optionRender={(o) => (
        <span>
          {o.data.label} <span style={{ color: '#888', fontSize: 12 }}>{o.data.desc}</span>
        </span>
      )}
    />
  )
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
