import { ErrorReason } from '../../../components/error-reason'
import { UploadOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd'
import { useRef, useState } from 'react'
import type { StoredFile } from '../../../contract/files'
import { formatTime } from '../../../lib/format'
import { fmt } from '../../../lib/i18n'
import { useDeleteFile, useUploadFile } from '../api/file-mutations'
import { type FileQuery, fileQueries } from '../api/file-queries'
import { useFilesMessages } from '../files-messages'

export interface FileLibraryProps {
  canWrite: boolean
  /** Selected file ids (the push wizard's first step), when the table is a picker. */
  selected?: string[]
  onSelect?: (ids: string[]) => void
}

/** Human size: bytes → KiB/MiB/GiB. */
export function formatSize(n: number) {
  if (n < 1024) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(1)} ${units[i]}`
}

/** The file library: search, upload (streamed raw to the BFF), delete; optionally a picker with checkboxes. */
export function FileLibrary({ canWrite, selected, onSelect }: FileLibraryProps) {
  const m = useFilesMessages()
  const [query, setQuery] = useState<FileQuery>({ page: 1, pageSize: 20 })
  const { data, isFetching, error } = useQuery(fileQueries.list(query))
  const upload = useUploadFile({ successMessage: m.uploaded })
  const remove = useDeleteFile({ successMessage: m.deleted })
  const input = useRef<HTMLInputElement>(null)
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          aria-label={m.search}
          placeholder={m.search}
          style={{ width: 260 }}
          onSearch={(v) => setQuery((q) => ({ ...q, q: v || undefined, page: 1 }))}
        />
        {canWrite && (
          <>
            <input
              ref={input}
              type="file"
              hidden
              data-testid="file-input"
              onChange={(e) => {
                const f = e.target.files?.[0]
                if (f) upload.mutate(f)
                e.target.value = ''
              }}
            />
            <Button icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()}>
              {m.upload}
            </Button>
          </>
        )}
        {upload.isPending && upload.variables && (
          <Typography.Text type="secondary">{fmt(m.uploading, { name: upload.variables.name })}</Typography.Text>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={<ErrorReason error={error} />} />}
      <Table<StoredFile>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.items}
        locale={{ emptyText: m.empty }}
        scroll={{ x: 'max-content' }}
        rowSelection={
          onSelect
            ? {
                selectedRowKeys: selected,
                preserveSelectedRowKeys: true,
                onChange: (keys) => onSelect(keys.map(String)),
                getCheckboxProps: (f) => ({ 'aria-label': f.name }) as object,
              }
            : undefined
        }
        pagination={{
          current: query.page as number,
          pageSize: query.pageSize as number,
          total: data?.total,
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
        columns={[
          {
            title: m.name,
            dataIndex: 'name',
            // The BlueKing API (file_type 2) names a library file by its id: copyable beside the name, not shown.
            render: (name: string, f: StoredFile) => (
              <Typography.Text copyable={{ text: f.id, tooltips: [m.copyId, m.copied] }}>{name}</Typography.Text>
            ),
          },
          { title: m.size, dataIndex: 'size', render: formatSize },
          {
            title: m.sha256,
            dataIndex: 'sha256',
            render: (s: string) => (
              <Typography.Text code title={s} copyable={{ text: s, tooltips: [m.copySha, m.copied] }}>
                {s.slice(0, 12)}…
              </Typography.Text>
            ),
          },
          { title: m.source, dataIndex: 'source', render: (s: string) => <Tag>{m.sources[s] ?? s}</Tag> },
          { title: m.createdBy, dataIndex: 'createdBy' },
          { title: m.createdAt, dataIndex: 'createdAt', render: formatTime },
          ...(canWrite && !onSelect
            ? [
                {
                  title: '',
                  key: 'delete',
                  render: (_: unknown, f: StoredFile) => (
                    <Popconfirm title={m.confirmDelete} onConfirm={() => remove.mutate(f.id)}>
                      <Button size="small" danger>
                        {m.delete}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  )
}
