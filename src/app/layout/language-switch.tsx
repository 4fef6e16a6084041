import { GlobalOutlined } from '@ant-design/icons'
import { Button } from 'antd'
import { useLocale } from '../../lib/i18n'
import { useShellMessages } from '../shell-messages'

/** Toggles zh-CN / en-US; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const m = useShellMessages()
  const { locale, setLocale } = useLocale()
  return (
    <Button
      icon={<GlobalOutlined />}
      aria-label={m.user.language}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {locale === 'zh-CN' ? 'English' : '中文'}
    </Button>
  )
}
