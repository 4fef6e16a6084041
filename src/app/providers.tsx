import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { ConfigProvider } from 'antd'
import enUS from 'antd/es/locale/en_US'
import type { Locale as AntLocale } from 'antd/es/locale'
import { useEffect, useState, type ReactNode } from 'react'
import type { Locale } from '../contract/common'
import { LocaleProvider, useLocale } from '../lib/i18n'

/** antd's Chinese pack loads on demand, so English users do not download it (and vice versa). */
function useAntLocale(): AntLocale {
  const { locale } = useLocale()
  const [zh, setZh] = useState<AntLocale | undefined>()
  useEffect(() => {
    if (locale === 'zh-CN' && !zh) void import('antd/es/locale/zh_CN').then((mod) => setZh(mod.default))
  }, [locale, zh])
  return locale === 'zh-CN' && zh ? zh : enUS
}

function AntConfig({ children }: { children: ReactNode }) {
  const antLocale = useAntLocale()
  return (
    <ConfigProvider locale={antLocale} theme={{ token: { borderRadius: 6 } }}>
      {children}
    </ConfigProvider>
  )
}

export interface ProvidersProps {
  queryClient: QueryClient
  locale?: Locale
  children: ReactNode
}

/** Query client, language, antd theme and locale: everything a page needs above it. */
export function Providers({ queryClient, locale, children }: ProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider locale={locale}>
        <AntConfig>{children}</AntConfig>
      </LocaleProvider>
    </QueryClientProvider>
  )
}
