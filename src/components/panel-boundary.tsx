import { Alert, Button } from 'antd'
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { defineMessages } from '../lib/i18n'

const useMessages = defineMessages({
  'en-US': { failed: 'This panel could not be shown', retry: 'Try again' },
  'zh-CN': { failed: '该面板无法显示', retry: '重试' },
})

interface BoundaryProps {
  children: ReactNode
  fallback: (error: Error, reset: () => void) => ReactNode
}

class Boundary extends Component<BoundaryProps, { error: Error | null }> {
  state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    // The rest of the page keeps working; the console keeps the stack for whoever reports it.
    console.error('panel failed', error, info.componentStack)
  }

  render() {
    if (this.state.error) return this.props.fallback(this.state.error, () => this.setState({ error: null }))
    return this.props.children
  }
}

export interface PanelBoundaryProps {
  children: ReactNode
  /** Names the panel in the fallback, so the reader knows which part failed. */
  title?: string
}

/**
 * Error boundary for a secondary panel (STYLE §6, bulletproof `discussion.tsx`): a render error or a thrown
 * query error in one panel shows an inline alert with a retry instead of taking the whole page down.
 */
export function PanelBoundary({ children, title }: PanelBoundaryProps) {
  const m = useMessages()
  return (
    <Boundary
      fallback={(error, reset) => (
        <Alert
          type="error"
          showIcon
          title={title ? `${title}: ${m.failed}` : m.failed}
          description={error.message}
          action={
            <Button size="small" onClick={reset}>
              {m.retry}
            </Button>
          }
        />
      )}
    >
      {children}
    </Boundary>
  )
}
