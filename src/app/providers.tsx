import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import enUS from 'antd/locale/en_US'
import zhCN from 'antd/locale/zh_CN'
import { useEffect, type ReactNode } from 'react'
import type { Locale } from '../contract/common'
import { LocaleProvider, useLocale } from '../lib/i18n'
import { setToastApi } from '../lib/toast'

function ToastBridge() {
  const { message } = AntApp.useApp()
  useEffect(() => setToastApi(message), [message])
  return null
}

function AntConfig({ children }: { children: ReactNode }) {
  const { locale } = useLocale()
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>
        <ToastBridge />
        {children}
      </AntApp>
    </ConfigProvider>
  )
}

export interface ProvidersProps {
  queryClient: QueryClient
  locale?: Locale
  children: ReactNode
}

/** Query client, language, antd theme/locale and the toast bridge: everything a page needs above it. */
export function Providers({ queryClient, locale, children }: ProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider locale={locale}>
        <AntConfig>{children}</AntConfig>
      </LocaleProvider>
    </QueryClientProvider>
  )
}
