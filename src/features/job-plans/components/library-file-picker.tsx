import { useQuery } from '@tanstack/react-query'
import { Select } from 'antd'
import { useState } from 'react'
import type { StoredFile } from '../../../contract/files'
import { fmt } from '../../../lib/i18n'
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
  // Picked files beyond the search page (the library has more than one page, or another search is typed) are
  // looked up by id, so their tag names the file.
  const beyond = (value ?? []).filter((id) => !items.some((f) => f.id === id))
  const picked = useQuery(jobPlanQueries.libraryFilesById(beyond))
  const option = (f: StoredFile) => ({
    value: f.id,
    label: f.name,
    title: `${f.name} · ${formatSize(f.size)}`,
    desc: `${formatSize(f.size)} · sha256 ${f.sha256.slice(0, 12)}…`,
  })
  const options = items.map(option)
  for (const id of beyond) {
    const f = picked.data?.items.find((x) => x.id === id)
    // An id the library no longer has (deleted) stays visible, marked, so it can be removed.
    options.push(
      f ? option(f) : { value: id, label: picked.isPending ? id : fmt(m.missingFile, { id }), title: id, desc: '' },
    )
  }
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
