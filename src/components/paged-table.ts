import type { TableProps } from 'antd'

/** Which server page a table shows. */
export interface TablePage {
  page: number
  pageSize: number
}

/**
 * The props an antd Table needs to show one server page of a `{ items, total }` list: rows, loading, the
 * empty text and pagination that asks for another page through `onPage`.
 */
export function pagedTableProps<T>(
  list: { data?: { items: T[]; total: number }; isLoading: boolean },
  page: TablePage,
  onPage: (page: TablePage) => void,
  emptyText: string,
): Pick<TableProps<T>, 'loading' | 'dataSource' | 'locale' | 'pagination'> {
  return {
    loading: list.isLoading,
    dataSource: list.data?.items,
    locale: { emptyText },
    pagination: {
      current: page.page,
      pageSize: page.pageSize,
      total: list.data?.total,
      onChange: (p, s) => onPage({ page: p, pageSize: s }),
    },
  }
}
