import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { FilterSelect } from './filter-select'

const OPTIONS = [
  { value: 1, label: 'Web' },
  { value: 2, label: 'Batch' },
]

describe('FilterSelect', () => {
  it('is named by its label, shows its placeholder, picks an option and clears to undefined', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    const { rerender } = render(
      <FilterSelect<number>
        label="Business"
        placeholder="Any business"
        width={180}
        value={undefined}
        options={OPTIONS}
        onChange={onChange}
      />,
    )
    expect(screen.getByText('Any business')).toBeTruthy()
    await user.click(screen.getByRole('combobox', { name: 'Business' }))
    await user.click(await screen.findByTitle('Batch'))
    expect(onChange).toHaveBeenLastCalledWith(2, expect.anything())
    rerender(<FilterSelect<number> label="Business" width={180} value={2} options={OPTIONS} onChange={onChange} />)
    const clear = document.querySelector('.ant-select-clear')
    expect(clear).toBeTruthy()
    await user.click(clear!)
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith(undefined, undefined))
  })

  it('uses the label as the placeholder when there is no other', () => {
    render(<FilterSelect<string> label="Status" width={140} value={undefined} options={[]} onChange={() => {}} />)
    expect(screen.getByText('Status')).toBeTruthy()
  })
})
