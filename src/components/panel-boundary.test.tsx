import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { Providers } from '../app/providers'
import { createQueryClient } from '../lib/query-client'
import { PanelBoundary } from './panel-boundary'

let isBroken = true
function Chart() {
  if (isBroken) throw new Error('option.series is undefined')
  return <p>chart drawn</p>
}

describe('PanelBoundary', () => {
  it('shows a failed panel as an inline alert, keeps the rest of the page, and retries', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    render(
      <Providers queryClient={createQueryClient()} locale="en-US">
        <h1>page</h1>
        <PanelBoundary title="Timeline">
          <Chart />
        </PanelBoundary>
      </Providers>,
    )
    expect(await screen.findByText('Timeline: This panel could not be shown')).toBeTruthy()
    expect(screen.getByText('option.series is undefined')).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'page' })).toBeTruthy()
    isBroken = false
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText('chart drawn')).toBeTruthy()
    quiet.mockRestore()
  })
})
