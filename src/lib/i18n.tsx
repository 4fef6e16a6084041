import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import type { Locale } from '../contract/common'

const STORAGE_KEY = 'oc.locale'

/** The language the reader chose (or their browser's), for code outside React such as global toasts. */
export function initialLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
  if (saved === 'zh-CN' || saved === 'en-US') return saved
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US'
}

const LocaleContext = createContext<{ locale: Locale; setLocale: (l: Locale) => void }>({
  locale: 'en-US',
  setLocale: () => {},
})

export function LocaleProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setState] = useState<Locale>(fixed ?? initialLocale)
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l)
    document.documentElement.lang = l
    setState(l)
  }, [])
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale])
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>
}

export function useLocale() {
  return useContext(LocaleContext)
}

/**
 * Declares a feature's messages in both languages; the English shape is the type, so a missing Chinese
 * key is a type error. Returns a hook giving the active language's dictionary.
 */
export function defineMessages<T extends Record<string, unknown>>(dict: { 'en-US': T; 'zh-CN': T }) {
  return (): T => useDictionary(dict)
}

/** The active language's half of a two-language dictionary. */
export function useDictionary<T>(dict: { 'en-US': T; 'zh-CN': T }): T {
  return dict[useLocale().locale]
}

/** Replaces `{name}` placeholders. */
export function fmt(template: string, vars: Record<string, string | number>) {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`))
}
