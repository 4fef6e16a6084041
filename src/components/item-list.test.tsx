import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { Button } from 'antd'
import { describe, expect, it, vi } from 'vitest'
import { ItemList, ItemRow } from './item-list'

describe('ItemList', () => {
  it('renders a header and one list item per entry, with title, description and actions', async () => {
    const user = userEvent.setup()
    const open = vi.fn()
    render(
      <ItemList
        header="Overrides"
        aria-label="overrides"
        items={[
          { id: 'a', who: 'Alice' },
          { id: 'b', who: 'Bob' },
        ]}
        rowKey={(o) => o.id}
        renderItem={(o) => (
          <ItemRow
            title={o.who}
            description={`covers ${o.id}`}
            actions={[
              <Button key="open" onClick={() => open(o.id)}>
                Open
              </Button>,
            ]}
          />
        )}
      />,
    )
    expect(screen.getByText('Overrides')).toBeTruthy()
    const rows = within(screen.getByRole('list', { name: 'overrides' })).getAllByRole('listitem')
    expect(rows).toHaveLength(2)
    expect(within(rows[1]).getByText('covers b')).toBeTruthy()
    await user.click(within(rows[1]).getByRole('button', { name: 'Open' }))
    expect(open).toHaveBeenCalledWith('b')
  })

  it('says its empty text when there is nothing, and nothing while loading', () => {
    const { rerender } = render(<ItemList items={[]} emptyText="No reviews yet" renderItem={() => null} />)
    expect(screen.getByText('No reviews yet')).toBeTruthy()
    rerender(<ItemList items={undefined} loading emptyText="No reviews yet" renderItem={() => null} />)
    expect(screen.queryByText('No reviews yet')).toBeNull()
    // A small list says it in a line, without the picture.
    rerender(<ItemList size="small" items={[]} emptyText="No overrides" renderItem={() => null} />)
    expect(screen.getByText('No overrides')).toBeTruthy()
    expect(document.querySelector('.ant-empty')).toBeNull()
  })

  it('pages only when there is more than one page', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    const items = ['x', 'y']
    const { rerender } = render(
      <ItemList items={items} renderItem={(t) => t} pagination={{ current: 1, pageSize: 20, total: 2, onChange }} />,
    )
    expect(screen.queryByRole('listitem', { name: '2' })).toBeNull()
    expect(document.querySelector('.ant-pagination')).toBeNull()
    rerender(
      <ItemList items={items} renderItem={(t) => t} pagination={{ current: 1, pageSize: 20, total: 45, onChange }} />,
    )
    await user.click(screen.getByTitle('2'))
    expect(onChange).toHaveBeenCalledWith(2, 20)
  })
})
