import { Empty, Pagination, Spin, Typography, theme } from 'antd'
import type { CSSProperties, Key, ReactNode } from 'react'

/**
 * A plain list of rows (`<ul>`/`<li>`, so `listitem` roles and screen readers work): antd 6 deprecated `List`,
 * and its replacement `Listy` is a virtual list for long scrolling feeds, not for the short lists these pages
 * show (reviews, overrides, inbox pages of 20).
 */
export interface ItemListProps<T> {
  items: readonly T[] | undefined
  renderItem: (item: T, index: number) => ReactNode
  rowKey?: (item: T, index: number) => Key
  header?: ReactNode
  bordered?: boolean
  size?: 'small' | 'default'
  loading?: boolean
  /** Shown when there are no items (and nothing is loading); a small list without one shows nothing. */
  emptyText?: ReactNode
  pagination?: { current: number; pageSize: number; total: number; onChange: (page: number) => void } | false
  'aria-label'?: string
}

export function ItemList<T>({
  items,
  renderItem,
  rowKey = (_item, i) => i,
  header,
  bordered,
  size = 'default',
  loading = false,
  emptyText,
  pagination,
  ...aria
}: ItemListProps<T>) {
  const { token } = theme.useToken()
  const pad = rowPadding(size, bordered)
  const list = items ?? []
  const frame: CSSProperties = bordered
    ? { border: `1px solid ${token.colorBorder}`, borderRadius: token.borderRadiusLG }
    : {}
  return (
    <Spin spinning={loading}>
      <div style={frame}>
        {header && (
          <div style={{ padding: pad, borderBlockEnd: `1px solid ${token.colorSplit}`, fontWeight: 500 }}>{header}</div>
        )}
        {list.length === 0 ? (
          !loading &&
          // A small list (a card's section) says it in a line; a page's list shows antd's empty picture.
          (size === 'small' ? (
            emptyText && (
              <Typography.Paragraph type="secondary" style={{ padding: pad, margin: 0 }}>
                {emptyText}
              </Typography.Paragraph>
            )
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} style={{ margin: 16 }} />
          ))
        ) : (
          <ul aria-label={aria['aria-label']} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {list.map((item, i) => (
              <li
                key={rowKey(item, i)}
                style={{
                  padding: pad,
                  borderBlockEnd: i < list.length - 1 ? `1px solid ${token.colorSplit}` : undefined,
                }}
              >
                {renderItem(item, i)}
              </li>
            ))}
          </ul>
        )}
      </div>
      {pagination && pagination.total > pagination.pageSize && (
        <Pagination
          style={{ marginTop: 12 }}
          align="end"
          size="small"
          showSizeChanger={false}
          current={pagination.current}
          pageSize={pagination.pageSize}
          total={pagination.total}
          onChange={pagination.onChange}
        />
      )}
    </Spin>
  )
}

function rowPadding(size: 'small' | 'default', bordered?: boolean) {
  if (size === 'small') return bordered ? '8px 16px' : '8px 0'
  return bordered ? '12px 24px' : '12px 0'
}

/** One row: a title and description on the left (or free content), actions on the right; wraps on a phone. */
export function ItemRow({
  title,
  description,
  actions,
  children,
}: {
  title?: ReactNode
  description?: ReactNode
  actions?: ReactNode[]
  children?: ReactNode
}) {
  const { token } = theme.useToken()
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '4px 16px' }}>
      <div style={{ flex: '1 1 240px', minWidth: 0, display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
        {(title || description) && (
          <div style={{ flexBasis: '100%', minWidth: 0 }}>
            {title && <div style={{ color: token.colorText, marginBlockEnd: description ? 4 : 0 }}>{title}</div>}
            {description && <div style={{ color: token.colorTextDescription }}>{description}</div>}
          </div>
        )}
        {children}
      </div>
      {actions && actions.length > 0 && <div style={{ display: 'flex', gap: 8, flexShrink: 0 }}>{actions}</div>}
    </div>
  )
}
